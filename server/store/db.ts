import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import type { AppConfig } from '../config.js'
import { advisoryLock, processLock, type KeyedLock } from './advisory-lock.js'
import { migrateStore } from './migrate.js'
import * as schema from './schema.js'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>

export interface Store {
  db: Db
  kind: AppConfig['database']['kind']
  /**
   * Runs `fn` while no other caller with the same key runs, in any instance on this database: a PostgreSQL advisory
   * lock with `DATABASE_URL`, this process's own lock on PGlite (one process owns that database).
   */
  exclusive: KeyedLock
  close(): Promise<void>
}

export async function openStore(database: AppConfig['database'], onIdleError?: (err: Error) => void): Promise<Store> {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: database.url, max: 10 })
    // An idle connection dropped by the server (restart, failover) must not take the process down; the pool reconnects.
    pool.on('error', (err) => onIdleError?.(err))
    // One connection for the whole migration: the advisory lock belongs to it.
    const client = await pool.connect()
    try {
      await migrateStore(drizzlePg(client), migratePg)
    } catch (err) {
      // A failed start must not leave the pool's connections holding the process open.
      client.release()
      await pool.end()
      throw err
    }
    client.release()
    // Lock holders wait on connections of their own (server/store/advisory-lock.ts); opened only when one is taken.
    const lockPool = new pg.Pool({ connectionString: database.url, max: 10, idleTimeoutMillis: 30_000 })
    lockPool.on('error', (err) => onIdleError?.(err))
    let closed = false
    const close = async () => {
      if (closed) return
      closed = true
      await Promise.all([pool.end(), lockPool.end()])
    }
    return { db: drizzlePg(pool, { schema }) as unknown as Db, kind: 'postgres', exclusive: advisoryLock(lockPool), close }
  }
  let dataPath: string | undefined
  if (database.kind === 'pglite') {
    dataPath = resolve(database.dataDir, 'pglite')
    mkdirSync(dataPath, { recursive: true })
  }
  const client = new PGlite(dataPath)
  await migrateStore(drizzlePglite(client), migratePglite).catch(async (err: unknown) => {
    await client.close()
    throw err
  })
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    kind: database.kind,
    exclusive: processLock(),
    close: () => client.close(),
  }
}
