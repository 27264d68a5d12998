import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import type { AppConfig } from '../config.js'
import { migrations } from './migrations.js'
import * as schema from './schema.js'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>

export interface Store {
  db: Db
  kind: AppConfig['database']['kind']
  close(): Promise<void>
}

/** A raw SQL runner for migrations: multi-statement text needs the driver's simple query protocol. */
interface Exec {
  exec(sql: string): Promise<void>
  rows<T>(sql: string): Promise<T[]>
}

// Any number, as long as every instance of the proxy uses the same one.
const MIGRATION_LOCK = 748_213_911

export async function openStore(database: AppConfig['database'], onIdleError?: (err: Error) => void): Promise<Store> {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: database.url, max: 10 })
    // An idle connection dropped by the server (restart, failover) must not take the process down; the pool reconnects.
    pool.on('error', (err) => onIdleError?.(err))
    const client = await pool.connect()
    try {
      await migrate({
        exec: async (sql) => void (await client.query(sql)),
        rows: async <T>(sql: string) => (await client.query(sql)).rows as T[],
      })
    } finally {
      client.release()
    }
    let closed = false
    const close = async () => {
      if (closed) return
      closed = true
      await pool.end()
    }
    return { db: drizzlePg(pool, { schema }) as unknown as Db, kind: 'postgres', close }
  }
  let dataPath: string | undefined
  if (database.kind === 'pglite') {
    dataPath = resolve(database.dataDir, 'pglite')
    mkdirSync(dataPath, { recursive: true })
  }
  const client = new PGlite(dataPath)
  await migrate({
    exec: async (sql) => void (await client.exec(sql)),
    rows: async <T>(sql: string) => (await client.query<T>(sql)).rows,
  })
  return { db: drizzlePglite(client, { schema }) as unknown as Db, kind: database.kind, close: () => client.close() }
}

/** Applies the migrations not yet applied, each in its own transaction, under a lock so two instances starting together do not race. */
async function migrate(x: Exec): Promise<void> {
  await x.exec(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`)
  try {
    await x.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())')
    const applied = new Set((await x.rows<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id))
    for (const m of migrations) {
      if (applied.has(m.id)) continue
      await x.exec(`BEGIN;\n${m.sql}\nINSERT INTO schema_migrations (id) VALUES ('${m.id}');\nCOMMIT;`)
    }
  } catch (err) {
    await x.exec('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    await x.exec(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`)
  }
}
