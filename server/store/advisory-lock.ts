import { sql } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type pg from 'pg'

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

/** One thing at a time per key, for the whole cluster: what the reach snapshots fetch under (`Store.exclusive`). */
export type KeyedLock = <T>(key: string, fn: () => Promise<T>) => Promise<T>

/**
 * A lock per key shared by every instance on one PostgreSQL server: a session advisory lock on the key's 64-bit hash,
 * held on a connection of `pool` while `fn` runs. `pool` is a pool of its own, not the one queries use: a holder's
 * `fn` queries the database, and lock holders filling the query pool would wait for themselves. A connection that
 * breaks drops its lock on the server, so a killed instance never leaves one held.
 */
export function advisoryLock(pool: pg.Pool): KeyedLock {
  return async (key, fn) => {
    const client = await pool.connect()
    // A connection whose lock or unlock failed may still hold the lock: closed, not returned to the pool.
    let broken: Error | undefined
    const query = (text: string) =>
      client.query(text, [key]).catch((err: Error) => {
        broken = err
        throw err
      })
    try {
      await query('SELECT pg_advisory_lock(hashtextextended($1, 0))')
      try {
        return await fn()
      } finally {
        await query('SELECT pg_advisory_unlock(hashtextextended($1, 0))').catch(() => undefined)
      }
    } finally {
      client.release(broken)
    }
  }
}

/**
 * The same lock inside one process, for PGlite (one process owns the database): callers with the same key run one
 * after the other.
 */
export function processLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>()
  return async (key, fn) => {
    const before = tails.get(key) ?? Promise.resolve()
    const run = before.then(fn, fn)
    const tail = run.catch(() => undefined)
    tails.set(key, tail)
    try {
      return await run
    } finally {
      if (tails.get(key) === tail) tails.delete(key)
    }
  }
}
