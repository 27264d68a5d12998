import type { Reach } from '../../contracts/reach.js'

/** The last good figures of one campaign and when WShoto gave them (ms since epoch, the same instant as `fetchedAt`). */
export interface ReachSnapshot {
  reach: Reach
  fetchedAtMs: number
}

/**
 * Where the reach of each campaign is kept. In the app: the database (`DbReachSnapshots`, server/services/
 * reach-snapshots.ts), shared by every instance, so one instance's fetch answers the others within the window and the
 * last good figures survive restarts. `MemoryReachSnapshots` is the same in one process's memory, for tests.
 */
export interface ReachSnapshots {
  /** The latest figures kept for a campaign. */
  latest(taskId: number): Promise<ReachSnapshot | undefined>
  put(taskId: number, snapshot: ReachSnapshot): Promise<void>
  forget(taskId: number): Promise<void>
  /** Runs `fn` while no other caller, in any instance sharing these snapshots, runs one for the same campaign. */
  exclusive<T>(taskId: number, fn: () => Promise<T>): Promise<T>
}

/** Tracked campaigns are a handful; the bound only keeps a runaway list from growing the process. */
const REMEMBERED_MAX = 1_000

/** Keeps at most REMEMBERED_MAX entries, dropping the one written longest ago. */
function remember<V>(map: Map<number, V>, key: number, value: V): void {
  map.delete(key)
  if (map.size >= REMEMBERED_MAX) map.delete(map.keys().next().value!)
  map.set(key, value)
}

/** In this process's memory only (tests): a restart forgets the figures, and several proxies each keep their own. */
export class MemoryReachSnapshots implements ReachSnapshots {
  private readonly byTask = new Map<number, ReachSnapshot>()

  async latest(taskId: number): Promise<ReachSnapshot | undefined> {
    return this.byTask.get(taskId)
  }

  async put(taskId: number, snapshot: ReachSnapshot): Promise<void> {
    remember(this.byTask, taskId, snapshot)
  }

  async forget(taskId: number): Promise<void> {
    this.byTask.delete(taskId)
  }

  // One process: the cache's own single flight already lets one ask per campaign run at a time.
  exclusive<T>(_taskId: number, fn: () => Promise<T>): Promise<T> {
    return fn()
  }
}

/** A manual refresh asks sooner than the window, but never more often than this per campaign. */
export const REACH_REFRESH_GAP_MS = 2_000

export interface ReachCacheOptions {
  snapshots: ReachSnapshots
  /** Asks WShoto (and whatever must be checked first) for fresh figures. */
  fetch(taskId: number): Promise<Reach>
  now: () => number
  /** `REACH_FRESH_S` in ms: figures younger than this are the answer. 0: every request asks. */
  freshMs: number
  /**
   * What to answer when an ask failed and earlier figures exist: the figures marked stale, or the failure itself
   * (`undefined`: the failure is not WShoto being down, and old figures would hide what needs fixing).
   */
  staleAnswer(err: unknown, last: ReachSnapshot): Reach | undefined
}

interface FailedAsk {
  at: number
  failure: unknown
}

/**
 * One WShoto call per campaign per window, however many staff look and however many instances share the snapshots:
 * requests within the window are answered from the latest figures (with their `fetchedAt`); past it, concurrent
 * requests in one process share one call in flight, and that call first takes the campaign's lock (`exclusive`) and
 * reads the snapshots again, so an instance that waited for another's fetch answers with it instead of asking again.
 * A manual refresh may ask sooner, never when the latest figures are younger than `REACH_REFRESH_GAP_MS` (for the
 * cluster too: the age is the snapshot's); after a failed ask, this process's next waits as long. When an ask fails,
 * the latest good figures answer, marked stale (`staleAnswer`).
 */
export class ReachCache {
  private readonly inFlight = new Map<number, Promise<Reach>>()
  /** The latest figures this process has seen of each campaign: within the window they answer without a query. */
  private readonly seen = new Map<number, ReachSnapshot>()
  /** When this process's last ask of each campaign failed, and how. */
  private readonly failedAsks = new Map<number, FailedAsk>()
  private readonly gapMs: number

  constructor(private readonly o: ReachCacheOptions) {
    // A window shorter than the gap (tests use 0) must not make a refresh wait longer than a plain request.
    this.gapMs = Math.min(REACH_REFRESH_GAP_MS, o.freshMs)
  }

  /** The figures as fresh as the window promises; `refresh`: asked of WShoto now unless they were just asked. */
  async get(taskId: number, options: { refresh?: boolean } = {}): Promise<Reach> {
    const refresh = options.refresh ?? false
    const running = this.inFlight.get(taskId)
    if (running) return running
    const known = this.seen.get(taskId)
    if (known && this.answers(known, refresh)) return known.reach
    const last = await this.latest(taskId)
    // The snapshots are a database: another request may have started the ask meanwhile.
    const started = this.inFlight.get(taskId)
    if (started) return started
    if (last && this.answers(last, refresh)) return last.reach
    const failed = this.failedAsks.get(taskId)
    if (failed && this.o.now() - failed.at < this.gapMs) return this.failed(failed.failure, last)
    return this.ask(taskId, refresh)
  }

  /** Forgets a campaign's figures (it is no longer tracked); an ask still on its way keeps nothing. */
  async forget(taskId: number): Promise<void> {
    this.inFlight.delete(taskId)
    this.seen.delete(taskId)
    this.failedAsks.delete(taskId)
    await this.o.snapshots.forget(taskId)
  }

  /** Whether figures this old are the answer: younger than the window, and for a refresh younger than the gap. */
  private answers(s: ReachSnapshot, refresh: boolean): boolean {
    const age = this.o.now() - s.fetchedAtMs
    return age < (refresh ? this.gapMs : this.o.freshMs)
  }

  private async latest(taskId: number): Promise<ReachSnapshot | undefined> {
    const last = await this.o.snapshots.latest(taskId)
    if (last && last.fetchedAtMs >= (this.seen.get(taskId)?.fetchedAtMs ?? -Infinity)) remember(this.seen, taskId, last)
    return last
  }

  private ask(taskId: number, refresh: boolean): Promise<Reach> {
    const at = this.o.now()
    const mine = () => this.inFlight.get(taskId) === request
    const request: Promise<Reach> = (async () => {
      try {
        // Through a promise, so that even a lock or fetch that throws at once finds `request` set.
        const reach = await Promise.resolve(taskId).then((id) =>
          this.o.snapshots.exclusive(id, async () => {
            // Another instance may have fetched while this one waited for the lock: its figures answer.
            const last = await this.latest(id)
            if (last && this.answers(last, refresh)) return last.reach
            const fetched = await this.o.fetch(id)
            if (mine()) {
              const snapshot = { reach: fetched, fetchedAtMs: Date.parse(fetched.fetchedAt) }
              await this.o.snapshots.put(id, snapshot)
              remember(this.seen, id, snapshot)
            }
            return fetched
          }),
        )
        if (mine()) this.failedAsks.delete(taskId)
        return reach
      } catch (err) {
        if (mine()) remember(this.failedAsks, taskId, { at, failure: err })
        return this.failed(err, await this.latest(taskId).catch(() => this.seen.get(taskId)))
      } finally {
        if (mine()) this.inFlight.delete(taskId)
      }
    })()
    this.inFlight.set(taskId, request)
    return request
  }

  private failed(err: unknown, last: ReachSnapshot | undefined): Reach {
    const answer = last ? this.o.staleAnswer(err, last) : undefined
    if (!answer) throw err
    return answer
  }
}
