import { sql } from 'drizzle-orm'
import type { Db } from './db.js'
import { rowsOf } from './migrate.js'

type Counted = { current: number; ttl: number }
type Done = (err: Error | null, result?: Counted) => void

/** The store contract of @fastify/rate-limit (its `store` option): `new Store(globalParams)`, `incr`, `child`. */
export interface RateLimitStore {
  incr(key: string, done: Done, timeWindow: number, max: number): void
  child(routeOptions: unknown): RateLimitStore
}
export type RateLimitStoreClass = new (globalParams?: unknown) => RateLimitStore

export interface PostgresRateLimitOptions {
  /** A count failed (the database): the request goes through uncounted; told at most once a `pruneEveryMs`. */
  onError?: (err: Error) => void
  /** How often this instance deletes windows that have ended (60 s). */
  pruneEveryMs?: number
}

/**
 * Rate-limit counters in PostgreSQL, so several instances on one database allow a staff member their 60 sends a minute
 * once between them, not once each. The windows are those of the plugin's own memory store — a bucket's window opens
 * at its first hit and lasts `timeWindow` — kept on the database's clock, so every instance agrees on them.
 *
 * One statement per hit: an upsert on the UNLOGGED `rate_limit_counters` (no WAL) that either counts one more or
 * opens a new window, and answers the count and what is left of the window. Only the primary key is indexed and the
 * key never changes, so the update stays on its page (HOT). Ended windows are deleted now and then, by whichever
 * instance gets there first.
 */
export function postgresRateLimitStore(db: Db, o: PostgresRateLimitOptions = {}): RateLimitStoreClass {
  const pruneEveryMs = o.pruneEveryMs ?? 60_000
  let nextPrune = 0
  let nextErrorReport = 0
  const report = (err: unknown) => {
    if (Date.now() < nextErrorReport) return
    nextErrorReport = Date.now() + pruneEveryMs
    o.onError?.(err instanceof Error ? err : new Error(String(err)))
  }
  const prune = () => {
    nextPrune = Date.now() + pruneEveryMs
    db.execute(sql`DELETE FROM rate_limit_counters WHERE resets_at < now()`).catch(report)
  }

  return class PostgresRateLimitStore implements RateLimitStore {
    incr(key: string, done: Done, timeWindow: number): void {
      if (Date.now() >= nextPrune) prune()
      db.execute(
        sql`INSERT INTO rate_limit_counters AS c (key, hits, resets_at)
          VALUES (${key}, 1, now() + ${timeWindow}::int * interval '1 millisecond')
          ON CONFLICT (key) DO UPDATE SET
            hits = CASE WHEN c.resets_at <= now() THEN 1 ELSE c.hits + 1 END,
            resets_at = CASE WHEN c.resets_at <= now() THEN EXCLUDED.resets_at ELSE c.resets_at END
          RETURNING hits, ceil(extract(epoch FROM c.resets_at - now()) * 1000)::int AS ttl`,
      ).then(
        (result) => {
          const [row] = rowsOf<{ hits: number; ttl: number }>(result)
          // now() is when the statement began: one that waited for the row's lock behind the hit that opened the
          // window began before it, and sees a little more than a whole window left.
          done(null, { current: row!.hits, ttl: Math.min(timeWindow, Math.max(0, row!.ttl)) })
        },
        (err: unknown) => {
          report(err)
          done(err instanceof Error ? err : new Error(String(err)))
        },
      )
    }

    /** The keys carry their bucket (`sends:`, `user:`, …), so every limit shares one store. */
    child(): RateLimitStore {
      return this
    }
  }
}
