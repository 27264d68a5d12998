import { and, eq, lt, ne } from 'drizzle-orm'
import { LOCK, takeTransactionLock } from '../store/advisory-lock.js'
import type { Db, Store } from '../store/db.js'
import { vendorCredentials } from '../store/schema.js'
import type { HeldToken, SharedCredentials } from '../upstream/token-cache.js'

/**
 * The vendors' access tokens and JS tickets, shared through the database by every instance of the proxy (issue 15):
 * WeCom rations ticket fetches per app per hour, so N instances must not fetch N times.
 *
 * A miss in an instance's memory reads the row; a missing or nearly expired row is fetched under the credential's
 * advisory lock, by the first instance to take it: it reads the row again (another may have just stored it), calls
 * the vendor only if it is still missing, stores it and commits, which lets the waiting instances in to read it. On a
 * PostgreSQL server the lock is PostgreSQL's (transaction-level, so a crashed holder never keeps it); on PGlite, which
 * only one process can open, it is a lock in this process around the very same reads and writes.
 *
 * The database shares tokens but never gates them: if it fails, the instance fetches alone as it did before, and a
 * token fetched but not stored is still used.
 */
/** PGlite's locks, per database (two apps in one process may share one), per credential: the last in the queue. */
const localLocks = new WeakMap<Db, Map<string, Promise<unknown>>>()

export class VendorCredentialStore implements SharedCredentials {
  constructor(
    private readonly store: Pick<Store, 'db' | 'kind'>,
    /** The database failed (never the vendor): the instance goes on alone. Gets the credential's name, never its value. */
    private readonly onStoreError: (err: unknown, name: string) => void,
  ) {}

  async obtain(name: string, fetch: () => Promise<HeldToken>, o: { now: () => number; force: boolean }): Promise<HeldToken> {
    let fetched: HeldToken | undefined
    let vendorFailed = false
    const fetchOnce = async () => {
      try {
        return (fetched = await fetch())
      } catch (err) {
        vendorFailed = true
        throw err
      }
    }
    try {
      if (!o.force) {
        const held = await this.read(this.store.db, name, o.now())
        if (held) return held
      }
      return await this.underLock(name, async (db) => {
        if (!o.force) {
          const held = await this.read(db, name, o.now())
          if (held) return held
        }
        const held = await fetchOnce()
        await this.write(db, name, held, o.now())
        return held
      })
    } catch (err) {
      if (vendorFailed) throw err
      this.onStoreError(err, name)
      return fetched ?? fetch()
    }
  }

  async drop(name: string, value: string): Promise<void> {
    try {
      await this.store.db.delete(vendorCredentials).where(and(eq(vendorCredentials.name, name), eq(vendorCredentials.value, value)))
    } catch (err) {
      this.onStoreError(err, name)
    }
  }

  private async read(db: Db, name: string, now: number): Promise<HeldToken | undefined> {
    const [row] = await db
      .select({ value: vendorCredentials.value, refreshAt: vendorCredentials.refreshAt, expiresAt: vendorCredentials.expiresAt })
      .from(vendorCredentials)
      .where(eq(vendorCredentials.name, name))
    if (!row || row.refreshAt.getTime() <= now) return undefined
    return { value: row.value, refreshAt: row.refreshAt.getTime(), expiresAt: row.expiresAt.getTime() }
  }

  private async write(db: Db, name: string, held: HeldToken, now: number): Promise<void> {
    const row = { value: held.value, fetchedAt: new Date(now), refreshAt: new Date(held.refreshAt), expiresAt: new Date(held.expiresAt) }
    await db
      .insert(vendorCredentials)
      .values({ name, ...row })
      .onConflictDoUpdate({ target: vendorCredentials.name, set: row })
    // Rows of an app or address no longer configured expire and go; the table stays a handful of rows.
    await db.delete(vendorCredentials).where(and(ne(vendorCredentials.name, name), lt(vendorCredentials.expiresAt, new Date(now))))
  }

  private async underLock<T>(name: string, fn: (db: Db) => Promise<T>): Promise<T> {
    if (this.store.kind === 'postgres') {
      return this.store.db.transaction(async (tx) => {
        await takeTransactionLock(tx, LOCK.vendorCredential, name)
        return fn(tx as unknown as Db)
      })
    }
    // PGlite: one process, one connection. A transaction held across the vendor call would stall every other query,
    // so the lock is this process's own.
    const db = this.store.db
    let queues = localLocks.get(db)
    if (!queues) localLocks.set(db, (queues = new Map()))
    const before = queues.get(name) ?? Promise.resolve()
    const run = before.then(
      () => fn(db),
      () => fn(db),
    )
    const tail = run.catch(() => undefined)
    queues.set(name, tail)
    try {
      return await run
    } finally {
      if (queues.get(name) === tail) queues.delete(name)
    }
  }
}
