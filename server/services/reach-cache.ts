import type { Reach } from '../../contracts/reach.js'

/** The last good figures of one campaign and when WShoto gave them (ms since epoch, the same instant as `fetchedAt`). */
export interface ReachSnapshot {
  reach: Reach
  fetchedAtMs: number
}

/**
 * Where the last good reach of each campaign is kept. Today: this process's memory (`MemoryReachSnapshots`). Meant to
 * become PostgreSQL snapshots shared by several instances, so that one instance's fetch answers the others within the
 * window: `ReachCache` needs nothing more than these three calls.
 */
export interface ReachSnapshots {
  get(taskId: number): Promise<ReachSnapshot | undefined>
  put(taskId: number, snapshot: ReachSnapshot): Promise<void>
  forget(taskId: number): Promise<void>
}

/** Tracked campaigns are a handful; the bound only keeps a runaway list from growing the process. */
const REMEMBERED_MAX = 1_000

/** In this process's memory only: a restart forgets the figures, and several proxies each keep their own. */
export class MemoryReachSnapshots implements ReachSnapshots {
  private readonly byTask = new Map<number, ReachSnapshot>()

  async get(taskId: number): Promise<ReachSnapshot | undefined> {
    return this.byTask.get(taskId)
  }

  async put(taskId: number, snapshot: ReachSnapshot): Promise<void> {
    this.byTask.delete(taskId)
    if (this.byTask.size >= REMEMBERED_MAX) this.byTask.delete(this.byTask.keys().next().value!)
    this.byTask.set(taskId, snapshot)
  }

  async forget(taskId: number): Promise<void> {
    this.byTask.delete(taskId)
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

interface Ask {
  at: number
  failure: unknown
}

/**
 * One WShoto call per campaign per window, however many staff look: requests within the window are answered from the
 * last figures (with their `fetchedAt`); concurrent requests past it share one call in flight. A manual refresh may
 * ask sooner, never more than once per `REACH_REFRESH_GAP_MS`; after a failed ask, the next waits as long. When an
 * ask fails, the last good figures answer, marked stale (`staleAnswer`).
 */
export class ReachCache {
  private readonly inFlight = new Map<number, Promise<Reach>>()
  /** When each campaign was last asked, and how that ended (`failure` undefined: it succeeded). */
  private readonly asked = new Map<number, Ask>()
  private readonly gapMs: number

  constructor(private readonly o: ReachCacheOptions) {
    // A window shorter than the gap (tests use 0) must not make a refresh wait longer than a plain request.
    this.gapMs = Math.min(REACH_REFRESH_GAP_MS, o.freshMs)
  }

  /** The figures as fresh as the window promises; `refresh`: asked of WShoto now unless it was just asked. */
  async get(taskId: number, options: { refresh?: boolean } = {}): Promise<Reach> {
    const running = this.inFlight.get(taskId)
    if (running) return running
    const last = await this.o.snapshots.get(taskId)
    // The snapshot store may be a database: another request may have started the ask meanwhile.
    const started = this.inFlight.get(taskId)
    if (started) return started
    const now = this.o.now()
    const asked = this.asked.get(taskId)
    const justAsked = asked !== undefined && now - asked.at < this.gapMs
    if (last && now - last.fetchedAtMs < this.o.freshMs && !(options.refresh && !justAsked)) return last.reach
    if (justAsked && asked.failure !== undefined) return this.failed(asked.failure, last)
    return this.ask(taskId, now)
  }

  /** Forgets a campaign's figures (it is no longer tracked); an ask still on its way keeps nothing. */
  async forget(taskId: number): Promise<void> {
    this.inFlight.delete(taskId)
    this.asked.delete(taskId)
    await this.o.snapshots.forget(taskId)
  }

  private ask(taskId: number, at: number): Promise<Reach> {
    const mine = () => this.inFlight.get(taskId) === request
    const request: Promise<Reach> = (async () => {
      try {
        // Through a promise, so that even a fetch that throws at once finds `request` set.
        const reach = await Promise.resolve(taskId).then((id) => this.o.fetch(id))
        if (mine()) {
          this.remember(taskId, { at, failure: undefined })
          await this.o.snapshots.put(taskId, { reach, fetchedAtMs: Date.parse(reach.fetchedAt) })
        }
        return reach
      } catch (err) {
        if (mine()) this.remember(taskId, { at, failure: err })
        return this.failed(err, await this.o.snapshots.get(taskId))
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

  private remember(taskId: number, ask: Ask): void {
    this.asked.delete(taskId)
    if (this.asked.size >= REMEMBERED_MAX) this.asked.delete(this.asked.keys().next().value!)
    this.asked.set(taskId, ask)
  }
}
