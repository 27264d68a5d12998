import { and, desc, eq, isNotNull, lt, ne, sql } from 'drizzle-orm'
import type { Reach, ReachFigures, ReachPoint } from '../../contracts/reach.js'
import type { Store } from '../store/db.js'
import { rowsOf } from '../store/migrate.js'
import { reachSnapshots } from '../store/schema.js'
import type { ReachSnapshot, ReachSnapshots } from './reach-cache.js'

const DAY_MS = 24 * 3600_000
/** Old snapshots of every campaign are swept at most this often per process (each write prunes its own campaign's). */
const SWEEP_EVERY_MS = 3600_000

/** A campaign's measured reach over time: how many snapshots are kept, and the points to show (oldest first). */
export interface ReachHistoryPoints {
  measured: number
  points: ReachPoint[]
}

export const figuresOf = (r: Reach): ReachFigures => ({ staff: r.staff, targets: r.targets, rates: r.rates })

const pointOf = (fetchedAtMs: number, f: ReachFigures): ReachPoint => ({
  fetchedAt: new Date(fetchedAtMs).toISOString(),
  delivery: f.rates.delivery,
  staffCompletion: f.rates.staffCompletion,
  targets: { planned: f.targets.planned, delivered: f.targets.delivered },
  staff: { planned: f.staff.planned, succeeded: f.staff.succeeded },
})

/**
 * The reach snapshots in the database (`reach_snapshots`), shared by every instance on it: one row per fetch, the
 * latest one the answer within the window and the stale answer while WShoto fails (restarts included), all of them the
 * campaign's history. Fetches run under the campaign's advisory lock (`Store.exclusive`), so one instance asks WShoto
 * and the others read its row.
 */
export class DbReachSnapshots implements ReachSnapshots {
  private sweptAt = -Infinity

  constructor(
    private readonly store: Pick<Store, 'db' | 'exclusive'>,
    private readonly now: () => number,
    /** `REACH_HISTORY_DAYS`. */
    private readonly keepDays = 180,
  ) {}

  async latest(taskId: number): Promise<ReachSnapshot | undefined> {
    const [row] = await this.store.db
      .select({ fetchedAt: reachSnapshots.fetchedAt, reach: reachSnapshots.reach })
      .from(reachSnapshots)
      .where(and(eq(reachSnapshots.taskId, taskId), isNotNull(reachSnapshots.reach)))
      .orderBy(desc(reachSnapshots.fetchedAt))
      .limit(1)
    return row?.reach ? { reach: row.reach, fetchedAtMs: row.fetchedAt.getTime() } : undefined
  }

  /** A new row; the whole answer moves to it from the previous latest row, and what is past retention goes. */
  async put(taskId: number, snapshot: ReachSnapshot): Promise<void> {
    const db = this.store.db
    const [row] = await db
      .insert(reachSnapshots)
      .values({ taskId, fetchedAt: new Date(snapshot.fetchedAtMs), figures: figuresOf(snapshot.reach), reach: snapshot.reach })
      .returning({ id: reachSnapshots.id })
    await db
      .update(reachSnapshots)
      .set({ reach: null })
      .where(and(eq(reachSnapshots.taskId, taskId), isNotNull(reachSnapshots.reach), ne(reachSnapshots.id, row!.id)))
    await db.delete(reachSnapshots).where(and(eq(reachSnapshots.taskId, taskId), lt(reachSnapshots.fetchedAt, this.cutoff())))
    if (this.now() - this.sweptAt >= SWEEP_EVERY_MS) {
      this.sweptAt = this.now()
      await this.prune()
    }
  }

  async forget(taskId: number): Promise<void> {
    await this.store.db.delete(reachSnapshots).where(eq(reachSnapshots.taskId, taskId))
  }

  exclusive<T>(taskId: number, fn: () => Promise<T>): Promise<T> {
    return this.store.exclusive(`reach:${taskId}`, fn)
  }

  /** Deletes every campaign's snapshots older than `REACH_HISTORY_DAYS`; answers how many went. */
  async prune(): Promise<number> {
    const gone = await this.store.db
      .delete(reachSnapshots)
      .where(lt(reachSnapshots.fetchedAt, this.cutoff()))
      .returning({ id: reachSnapshots.id })
    return gone.length
  }

  /**
   * The campaign's snapshots within retention, oldest first: all of them up to `max`; beyond it, time from the first
   * to the latest cut into `max` equal spans and the latest snapshot of each span (so the latest is always there).
   */
  async history(taskId: number, max: number): Promise<ReachHistoryPoints> {
    const db = this.store.db
    const since = this.cutoff().toISOString()
    const [span] = rowsOf<{ n: number; lo: number | null; hi: number | null }>(
      await db.execute(sql`
        SELECT count(*)::int AS n,
          (extract(epoch FROM min(fetched_at)) * 1000)::float8 AS lo,
          (extract(epoch FROM max(fetched_at)) * 1000)::float8 AS hi
        FROM reach_snapshots WHERE task_id = ${taskId} AND fetched_at >= ${since}::timestamptz`),
    )
    const measured = span?.n ?? 0
    if (!measured) return { measured, points: [] }
    const widthMs = Math.max(1, (span!.hi! - span!.lo!) / max)
    // Up to `max` rows, one per span; with no more rows than that, each row is its own point.
    const rows = rowsOf<{ ms: number; figures: ReachFigures }>(
      await db.execute(
        measured <= max
          ? sql`
            SELECT (extract(epoch FROM fetched_at) * 1000)::float8 AS ms, figures FROM reach_snapshots
            WHERE task_id = ${taskId} AND fetched_at >= ${since}::timestamptz ORDER BY fetched_at, id`
          : sql`
            SELECT DISTINCT ON (span) ms, figures FROM (
              SELECT (extract(epoch FROM fetched_at) * 1000)::float8 AS ms, figures, fetched_at, id,
                LEAST(${max - 1}, floor(((extract(epoch FROM fetched_at) * 1000)::float8 - ${span!.lo}) / ${widthMs}))::int AS span
              FROM reach_snapshots WHERE task_id = ${taskId} AND fetched_at >= ${since}::timestamptz
            ) s ORDER BY span, fetched_at DESC, id DESC`,
      ),
    )
    const points = rows.map((r) => pointOf(Number(r.ms), r.figures)).sort((a, b) => a.fetchedAt.localeCompare(b.fetchedAt))
    return { measured, points }
  }

  private cutoff(): Date {
    return new Date(this.now() - this.keepDays * DAY_MS)
  }
}
