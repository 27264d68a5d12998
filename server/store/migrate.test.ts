import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import { describe, expect, it } from 'vitest'
import { migrateLegacy } from '../../test/fixtures/legacy-migrations.js'
import { catalogue, declaredCatalogue, drizzleKit, roundTripSend } from '../../test/helpers/schema-check.js'
import { MIGRATIONS_FOLDER, migrateStore, rowsOf } from './migrate.js'
import * as schema from './schema.js'

// PGlite here; server/store/postgres.test.ts holds the same upgrade and drift checks against a PostgreSQL server.

async function legacyDatabase(upTo?: string) {
  const client = new PGlite()
  await migrateLegacy(client, upTo)
  return { client, db: drizzle(client) }
}

const recorded = async (db: ReturnType<typeof drizzle>) =>
  rowsOf<{ hash: string; created_at: string | number }>(
    await db.execute(sql`SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id`),
  ).map((r) => ({ hash: r.hash, createdAt: Number(r.created_at) }))

// Each PGlite takes seconds to start, and several start at once when the whole suite runs.
describe('migrations by drizzle-kit', { timeout: 90_000 }, () => {
  it('the baseline makes exactly the schema the hand-written migrations made (and later migrations apply to both alike)', async () => {
    const old = await legacyDatabase()
    const fresh = new PGlite()
    try {
      await migrateStore(drizzle(fresh), migrate)
      // The legacy database adopts the baseline; the migrations after it run on both.
      await migrateStore(old.db, migrate)
      expect(await catalogue(drizzle(fresh))).toEqual(await catalogue(old.db, ['schema_migrations']))
    } finally {
      await old.client.close()
      await fresh.close()
    }
  })

  it('a database made by the hand-written migrations is adopted: the baseline is recorded, not run, and sends work', async () => {
    const old = await legacyDatabase()
    try {
      await old.db.execute(sql`INSERT INTO campaigns VALUES (42, '双十一', 'zhangwei', now())`)
      await migrateStore(old.db, migrate)
      // The baseline recorded (not run), and every migration after it applied.
      const files = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER })
      expect(files.length).toBeGreaterThan(1)
      expect(await recorded(old.db)).toEqual(files.map((m) => ({ hash: m.hash, createdAt: m.folderMillis })))
      expect(rowsOf(await old.db.execute(sql`SELECT name FROM campaigns`))).toEqual([{ name: '双十一' }])
      expect(await roundTripSend(old.db, 'upgraded-1')).toEqual({
        status: 'pending',
        content: [{ type: 'text', text: '你好' }],
        attempts: 0,
        mediaRefreshed: false,
      })
      const declared = new PGlite()
      expect(await catalogue(old.db, ['schema_migrations'])).toEqual(await declaredCatalogue(drizzle(declared)))
      await declared.close()
      // A second start finds everything applied and changes nothing.
      await migrateStore(old.db, migrate)
      expect(await recorded(old.db)).toHaveLength(files.length)
    } finally {
      await old.client.close()
    }
  })

  it('after adopting an old database, later migrations apply', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'migrations-'))
    cpSync(MIGRATIONS_FOLDER, folder, { recursive: true })
    const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8'))
    const last = journal.entries.at(-1)
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '9999_test_next' })
    writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal))
    writeFileSync(join(folder, '9999_test_next.sql'), 'ALTER TABLE "campaigns" ADD COLUMN "note" text;')
    const old = await legacyDatabase()
    try {
      await migrateStore(old.db, migrate, folder)
      expect(await recorded(old.db)).toHaveLength(readMigrationFiles({ migrationsFolder: folder }).length)
      const cols = rowsOf<{ c: string }>(
        await old.db.execute(
          sql`SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'campaigns' AND column_name = 'note'`,
        ),
      )
      expect(cols).toHaveLength(1)
    } finally {
      await old.client.close()
    }
  })

  it('a database left partway by an old release is refused with what is missing, and left unchanged', async () => {
    const old = await legacyDatabase('0004_materials')
    try {
      const before = await catalogue(old.db)
      await expect(migrateStore(old.db, migrate)).rejects.toThrow(/lacks 0005_qikeliao, 0006_session_host/)
      expect(await catalogue(old.db)).toEqual(before)
      expect(rowsOf(await old.db.execute(sql`SELECT to_regclass('drizzle.__drizzle_migrations') AS t`))).toEqual([{ t: null }])
    } finally {
      await old.client.close()
    }
  })

  it('after migrating, the database is what schema.ts declares (as drizzle-kit push makes it)', async () => {
    const migrated = new PGlite()
    const declared = new PGlite()
    try {
      await migrateStore(drizzle(migrated), migrate)
      expect(await catalogue(drizzle(migrated))).toEqual(await declaredCatalogue(drizzle(declared)))
    } finally {
      await migrated.close()
      await declared.close()
    }
  })

  it('the committed migrations describe schema.ts: drizzle-kit generate would write nothing', async () => {
    const { generateDrizzleJson, generateMigration } = drizzleKit()
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'))
    const idx = String(journal.entries.at(-1).idx).padStart(4, '0')
    const snapshot = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, `meta/${idx}_snapshot.json`), 'utf8'))
    const current = generateDrizzleJson(schema, snapshot.id)
    expect(await generateMigration(snapshot, current)).toEqual([])
  })
})
