import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import type { Db } from './db.js'
import { MIGRATIONS_FOLDER, rowsOf } from './migrate.js'

export type StoreHealth =
  | { ok: true; migrationsApplied: number; migrationsExpected: number }
  | { ok: false; reason: string; migrationsApplied?: number; migrationsExpected: number }

let expected: number | undefined
/** How many migrations this release ships (read once: the folder does not change while the process runs). */
export function shippedMigrations(folder = MIGRATIONS_FOLDER): number {
  return (expected ??= readMigrationFiles({ migrationsFolder: folder }).length)
}

/**
 * Whether the database answers, and has every migration of this release applied — what `GET /api/ready` reports.
 * Bounded by `timeoutMs`: a database that hangs is as unready as one that refuses.
 */
export async function storeHealth(db: Db, timeoutMs = 2000): Promise<StoreHealth> {
  const migrationsExpected = shippedMigrations()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    const result = await Promise.race([db.execute(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`), timeout])
    const applied = rowsOf<{ n: number }>(result)[0]?.n ?? 0
    if (applied < migrationsExpected) {
      return { ok: false, reason: `migrations applied ${applied} of ${migrationsExpected}`, migrationsApplied: applied, migrationsExpected }
    }
    return { ok: true, migrationsApplied: applied, migrationsExpected }
  } catch (err) {
    return { ok: false, reason: `database does not answer: ${(err as Error).message}`.slice(0, 300), migrationsExpected }
  } finally {
    clearTimeout(timer)
  }
}

/** Bytes of every file under `dir` (0 when it does not exist). */
export async function dirSize(dir: string): Promise<number> {
  let total = 0
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const e of entries) {
    const path = join(dir, e.name)
    if (e.isDirectory()) total += await dirSize(path)
    else if (e.isFile()) total += (await stat(path).catch(() => ({ size: 0 }))).size
  }
  return total
}

/** The PostgreSQL server's own figure for this database, in bytes. */
export async function databaseSize(db: Db): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(await db.execute(sql`SELECT pg_database_size(current_database()) AS n`))
  return Number(row?.n ?? 0)
}
