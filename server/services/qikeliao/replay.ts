import { and, eq, lt } from 'drizzle-orm'
import type { Db } from '../../store/db.js'
import { qikeliaoEntries } from '../../store/schema.js'
import type { ReplayKey } from './entry.js'

/**
 * The same PKID again with a new (neber, time) pair within this long is a double click (企客聊 builds the payload to
 * the second), not a copied link: a copy would have to be made and used within seconds of the real entry.
 */
export const DOUBLE_CLICK_MS = 10_000

/**
 * 企客聊 links already used. Kept in the database, not in memory, so a link used at one instance of the proxy is
 * refused at the others; rows older than the age window (plus a margin for clock skew) can never match a fresh link
 * and are purged.
 */
export class ReplayGuard {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /**
   * True when the link is new (its keys are remembered from now on); false for a replay. `pair` is the
   * (neber, time) pair, which must never come twice; `payload` the PKID's own key, which may come again only as a
   * double click.
   */
  async claim(keys: { pair: ReplayKey; payload: ReplayKey }, maxAgeS: number): Promise<boolean> {
    const now = this.now()
    await this.db.delete(qikeliaoEntries).where(lt(qikeliaoEntries.seenAt, new Date(now - maxAgeS * 1000 - 5 * 60_000)))
    const inserted = await this.db
      .insert(qikeliaoEntries)
      .values([keys.pair, keys.payload].map((k) => ({ neber: k.neber, time: k.time, seenAt: new Date(now) })))
      .onConflictDoNothing()
      .returning({ neber: qikeliaoEntries.neber })
    const got = new Set(inserted.map((r) => r.neber))
    if (!got.has(keys.pair.neber)) return false
    if (got.has(keys.payload.neber)) return true
    const first = await this.db
      .select({ seenAt: qikeliaoEntries.seenAt })
      .from(qikeliaoEntries)
      .where(and(eq(qikeliaoEntries.neber, keys.payload.neber), eq(qikeliaoEntries.time, keys.payload.time)))
      .limit(1)
    return !!first[0] && now - first[0].seenAt.getTime() <= DOUBLE_CLICK_MS
  }
}
