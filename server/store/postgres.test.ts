import { getTableConfig } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildApp } from '../app.js'
import { demo, simControl } from '../../test/helpers/demo.js'
import { startTestApp } from '../../test/helpers/app.js'
import { findPostgresBin, startPostgres, type TempPostgres } from '../../test/helpers/postgres.js'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { migrateLegacy } from '../../test/fixtures/legacy-migrations.js'
import { catalogue, declaredCatalogue, roundTripSend } from '../../test/helpers/schema-check.js'
import { openStore } from './db.js'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { MIGRATIONS_FOLDER, migrateStore, rowsOf } from './migrate.js'
import * as schema from './schema.js'

// DATABASE_URL switches PGlite for a PostgreSQL server: the same migrations and the same guarantees must hold there.
// The server comes from Debian's postgresql package; without it this file says so and is skipped.
const bin = findPostgresBin()
if (!bin) console.warn('postgres.test.ts skipped: no PostgreSQL server binaries (apt-get install postgresql)')

describe.skipIf(!bin)('on a PostgreSQL server', () => {
  let pgServer: TempPostgres
  beforeAll(async () => {
    pgServer = await startPostgres(bin!)
  }, 40_000)
  afterAll(() => pgServer?.stop())

  /** A new, empty database on the server, and a client on it. */
  async function freshDatabase(name: string) {
    const admin = new pg.Client({ connectionString: pgServer.url })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    const url = pgServer.url.replace(/\/postgres$/, `/${name}`)
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    return { url, client, db: drizzle(client) }
  }

  it('a database made by the hand-written migrations upgrades, is what schema.ts declares, and takes sends', async () => {
    const old = await freshDatabase('legacy_upgrade')
    const declared = await freshDatabase('declared_upgrade')
    try {
      await migrateLegacy(old.client)
      await migrateStore(old.db, migrate)
      // The baseline recorded (not run), and every migration after it applied.
      const files = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER })
      const recorded = rowsOf<{ hash: string; created_at: string }>(
        await old.db.execute(sql`SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id`),
      )
      expect(recorded).toEqual(files.map((m) => ({ hash: m.hash, created_at: String(m.folderMillis) })))
      expect(await catalogue(old.db, ['schema_migrations'])).toEqual(await declaredCatalogue(declared.db))
      // The server opens it as usual: nothing left to apply, and a send goes in and out.
      const store = await openStore({ kind: 'postgres', url: old.url })
      try {
        expect(await roundTripSend(store.db, 'pg-upgraded-1')).toMatchObject({ status: 'pending', attempts: 0 })
      } finally {
        await store.close()
      }
    } finally {
      await old.client.end()
      await declared.client.end()
    }
  })

  it('after migrating a fresh database, it is what schema.ts declares (as drizzle-kit push makes it)', async () => {
    const fresh = await freshDatabase('fresh_drift')
    const declared = await freshDatabase('declared_drift')
    try {
      await migrateStore(fresh.db, migrate)
      expect(await catalogue(fresh.db)).toEqual(await declaredCatalogue(declared.db))
    } finally {
      await fresh.client.end()
      await declared.client.end()
    }
  })

  it('migrates once even when two instances start together, to the schema drizzle describes', async () => {
    const [a, b] = await Promise.all([
      openStore({ kind: 'postgres', url: pgServer.url }),
      openStore({ kind: 'postgres', url: pgServer.url }),
    ])
    try {
      const applied = (await a.db.execute(sql`SELECT hash FROM drizzle.__drizzle_migrations`)) as unknown as { rows: unknown[] }
      expect(applied.rows).toHaveLength(readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length)
      const cfg = getTableConfig(schema.sends)
      const cols = (await a.db.execute(
        sql`SELECT column_name FROM information_schema.columns WHERE table_name = 'sends' ORDER BY column_name`,
      )) as unknown as {
        rows: Array<{ column_name: string }>
      }
      expect(cols.rows.map((r) => r.column_name)).toEqual(cfg.columns.map((c) => c.name).sort())
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('50 concurrent sends with one key create one Youmi task', async () => {
    const t = await startTestApp({ config: { database: { kind: 'postgres', url: pgServer.url } } })
    try {
      const cookie = await t.login('zhangwei')
      const body = {
        idempotencyKey: 'pg-concurrent-1',
        channel: 'rpa',
        contact: { externalUserId: demo.linked.externalUserId },
        content: [{ type: 'text', text: '你好' }],
      }
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => t.app.inject({ method: 'POST', url: '/api/sends', headers: { cookie }, payload: body })),
      )
      expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(201))
      expect(new Set(answers.map((a) => a.body)).size).toBe(1)
      expect(t.sim.state.youmi.tasks).toHaveLength(1)
    } finally {
      await t.close()
    }
  })

  it("two proxy instances on one database: the second waits for the first one's attempt and answers the same", async () => {
    const t = await startTestApp({ config: { database: { kind: 'postgres', url: pgServer.url } } })
    const other = await buildApp(t.config, { logger: false })
    try {
      const cookie = await t.login('zhangwei')
      await simControl(t.sim, 'POST', 'faults', { vendor: 'youmi', kind: 'latency', latencyMs: 800, path: '/v2/BulkSend/SaveBulkSendTask' })
      const body = {
        idempotencyKey: 'pg-two-instances-1',
        channel: 'rpa',
        contact: { externalUserId: demo.linked.externalUserId },
        content: [{ type: 'text', text: '你好' }],
      }
      const first = t.app.inject({ method: 'POST', url: '/api/sends', headers: { cookie }, payload: body })
      // The second comes while the first one's Youmi call is on the wire (its attempt stored), however long the first
      // took to get there: a fixed head start is not enough on a busy machine, and the second would go first.
      await vi.waitFor(() => expect(t.sim.state.requests.some((r) => r.path === '/v2/BulkSend/SaveBulkSendTask')).toBe(true), {
        timeout: 10_000,
        interval: 5,
      })
      const second = await other.inject({ method: 'POST', url: '/api/sends', headers: { cookie }, payload: body })
      const a = await first
      expect([a.statusCode, second.statusCode]).toEqual([201, 201])
      expect(second.json()).toEqual(a.json())
      expect(second.headers['idempotent-replayed']).toBe('true')
      expect(t.sim.state.youmi.tasks.filter((x) => JSON.stringify(x.body).includes('你好'))).toHaveLength(1)
    } finally {
      await other.close()
      await t.close()
    }
  })
})
