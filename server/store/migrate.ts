import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { readMigrationFiles, type MigrationConfig } from 'drizzle-orm/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { withSessionLock } from './advisory-lock.js'

/**
 * The schema's history: SQL written by drizzle-kit (`npm run db:generate`) from `schema.ts`, applied in order and once
 * each by drizzle-orm's migrator, the same on PGlite and on a PostgreSQL server. Never edit a shipped migration:
 * change `schema.ts` and generate the next one.
 */
// Beside this file in the source tree; the build copies the folder next to the compiled file (package.json "build").
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url))

// Any number, as long as every instance of the proxy uses the same one.
const MIGRATION_LOCK = 748_213_911

/**
 * What the first releases applied with their own migrator, recording each id in `schema_migrations`. A database
 * holding all of them has exactly the schema of the baseline migration (a test compares the two).
 */
export const LEGACY_MIGRATION_IDS = [
  '0001_init',
  '0002_send_error_status',
  '0003_send_to_group',
  '0004_materials',
  '0005_qikeliao',
  '0006_session_host',
] as const

type AnyPgDb = PgDatabase<PgQueryResultHKT, Record<string, unknown>>
type Migrator<D> = (db: D, config: MigrationConfig) => Promise<void>

/**
 * Brings the database up to date at start-up, under an advisory lock so two instances starting together do not race.
 * `db` must be on one connection (the lock belongs to a session); `run` is the driver's drizzle migrator. `folder` is
 * for tests that add a migration of their own.
 */
export async function migrateStore<D extends AnyPgDb>(db: D, run: Migrator<D>, folder = MIGRATIONS_FOLDER): Promise<void> {
  if (!existsSync(`${folder}/meta/_journal.json`)) {
    throw new Error(`No migrations in ${folder}: the build must copy server/store/migrations next to the compiled store`)
  }
  await withSessionLock(db, MIGRATION_LOCK, async () => {
    await adoptLegacyDatabase(db, folder)
    await run(db, { migrationsFolder: folder })
  })
}

/**
 * A database made by the first releases already has the baseline's schema: the baseline is recorded as applied in
 * drizzle's table, with the hash and time drizzle's migrator computes, instead of being run again (it would fail on
 * the existing tables). Later migrations then apply as usual. `schema_migrations` is left as it is, so the previous
 * release still starts on this database if it has to be rolled back to.
 */
async function adoptLegacyDatabase(db: AnyPgDb, folder: string): Promise<void> {
  const [legacy] = rowsOf<{ present: boolean }>(
    await db.execute(sql`SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present`),
  )
  if (!legacy?.present) return
  await db.transaction(async (tx) => {
    // The same table drizzle's migrator creates if it is missing.
    await tx.execute(sql`CREATE SCHEMA IF NOT EXISTS drizzle`)
    await tx.execute(
      sql`CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`,
    )
    const [recorded] = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`))
    if (recorded!.n > 0) return
    const applied = new Set(rowsOf<{ id: string }>(await tx.execute(sql`SELECT id FROM schema_migrations`)).map((r) => r.id))
    const missing = LEGACY_MIGRATION_IDS.filter((id) => !applied.has(id))
    // A database left partway by an older release has no drizzle migration to continue from: say so, change nothing.
    if (missing.length) {
      throw new Error(
        `This database was migrated by an older release and lacks ${missing.join(', ')}: start the last release with ` +
          'hand-written migrations (0006_session_host) on it once, then this one.',
      )
    }
    const [baseline] = readMigrationFiles({ migrationsFolder: folder })
    await tx.execute(sql`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES (${baseline!.hash}, ${baseline!.folderMillis})`)
  })
}

/** node-postgres and PGlite both answer `execute` with `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows
}
