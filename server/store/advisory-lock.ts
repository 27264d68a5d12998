import { sql } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'

type AnyPgDb = PgDatabase<PgQueryResultHKT, Record<string, unknown>>

/**
 * PostgreSQL advisory lock numbers of this product: any numbers, as long as every instance of the proxy uses the same.
 * A lock per name (a vendor credential) is the pair (space, hashtext(name)): two names sharing a hash only wait for
 * each other, which is harmless.
 */
export const LOCK = {
  migration: 748_213_911,
  vendorCredential: 748_213_912,
} as const

/**
 * Runs `fn` holding a session-level advisory lock. `db` must be on one connection (the lock belongs to a session), so
 * this is for work that owns a connection, such as the migration at start-up.
 */
export async function withSessionLock<T>(db: AnyPgDb, key: number, fn: () => Promise<T>): Promise<T> {
  await db.execute(sql`SELECT pg_advisory_lock(${key})`)
  try {
    return await fn()
  } finally {
    await db.execute(sql`SELECT pg_advisory_unlock(${key})`)
  }
}

/**
 * Waits for the transaction-level lock on (space, name); PostgreSQL releases it at commit or rollback, also when the
 * connection dies, so a crashed holder never leaves it taken. Works through a transaction-pooling PgBouncer too.
 */
export async function takeTransactionLock(tx: AnyPgDb, space: number, name: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${space}::int, hashtext(${name}))`)
}
