import { describe, expect, it } from 'vitest'
import type { Reach } from '../../contracts/reach.js'
import { exampleReach } from '../openapi/examples.js'
import { MemoryReachSnapshots, REACH_REFRESH_GAP_MS, ReachCache, type ReachSnapshot } from './reach-cache.js'
import { processLock } from '../store/advisory-lock.js'

const TASK = 30101
const FRESH_MS = 10_000

/** A cache over a fake WShoto on a clock the test moves: every ask is counted and answers after `delayMs` of real time. */
function rig(o: { freshMs?: number; delayMs?: number; fail?: () => unknown } = {}) {
  let clock = Date.UTC(2026, 11, 1, 8, 0, 0)
  const calls: number[] = []
  const cache = new ReachCache({
    snapshots: new MemoryReachSnapshots(),
    now: () => clock,
    freshMs: o.freshMs ?? FRESH_MS,
    fetch: async (taskId) => {
      calls.push(clock)
      if (o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs))
      const failure = o.fail?.()
      if (failure) throw failure
      return { ...exampleReach, taskId, fetchedAt: new Date(clock).toISOString(), stale: null } as unknown as Reach
    },
    staleAnswer: (err, last: ReachSnapshot) =>
      (err as Error).message === 'down' ? { ...last.reach, stale: { since: last.reach.fetchedAt, reason: 'down' } } : undefined,
  })
  return {
    cache,
    calls,
    tick: (ms: number) => {
      clock += ms
    },
  }
}

describe('ReachCache', () => {
  it('50 concurrent requests for one campaign make 1 WShoto call and get the same figures', async () => {
    const { cache, calls } = rig({ delayMs: 20 })
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.get(TASK)))
    expect(calls).toHaveLength(1)
    expect(new Set(answers.map((a) => a.fetchedAt)).size).toBe(1)
  })

  it('polling every second for 60 s (fake time) makes one call per REACH_FRESH_S: at most 7', async () => {
    const { cache, calls, tick } = rig()
    const fetchedAts = new Set<string>()
    for (let second = 0; second <= 60; second++) {
      // Several staff polling in the same second.
      for (const a of await Promise.all([cache.get(TASK), cache.get(TASK), cache.get(TASK)])) fetchedAts.add(a.fetchedAt)
      tick(1000)
    }
    expect(calls.length).toBeLessThanOrEqual(7)
    expect(calls.length).toBeGreaterThanOrEqual(6)
    // Answers within a window carry the figures' own fetchedAt, not the time of the request.
    expect(fetchedAts.size).toBe(calls.length)
  })

  it('a manual refresh asks sooner, but never twice within 2 s', async () => {
    const { cache, calls, tick } = rig()
    await cache.get(TASK)
    tick(500)
    const tooSoon = await cache.get(TASK, { refresh: true })
    expect(calls).toHaveLength(1)
    tick(REACH_REFRESH_GAP_MS)
    const refreshed = await cache.get(TASK, { refresh: true })
    expect(calls).toHaveLength(2)
    expect(Date.parse(refreshed.fetchedAt)).toBeGreaterThan(Date.parse(tooSoon.fetchedAt))
    // Many pulls at once: one call.
    tick(REACH_REFRESH_GAP_MS)
    await Promise.all(Array.from({ length: 10 }, () => cache.get(TASK, { refresh: true })))
    expect(calls).toHaveLength(3)
    // Plain requests after it: the new figures, no call.
    tick(1000)
    await cache.get(TASK)
    expect(calls).toHaveLength(3)
  })

  it('while WShoto is down: the last figures marked stale, and asked again only after 2 s', async () => {
    let down = false
    const { cache, calls, tick } = rig({ fail: () => (down ? new Error('down') : undefined) })
    const good = await cache.get(TASK)
    down = true
    tick(FRESH_MS)
    const stale = await cache.get(TASK)
    expect(stale.stale).toEqual({ since: good.fetchedAt, reason: 'down' })
    expect(stale.fetchedAt).toBe(good.fetchedAt)
    expect(calls).toHaveLength(2)
    tick(500)
    expect((await cache.get(TASK)).stale).not.toBeNull()
    expect(calls).toHaveLength(2)
    tick(REACH_REFRESH_GAP_MS)
    down = false
    expect((await cache.get(TASK)).stale).toBeNull()
    expect(calls).toHaveLength(3)
  })

  it('without earlier figures, or for a failure old figures would hide, the failure is the answer', async () => {
    const down = rig({ fail: () => new Error('down') })
    await expect(down.cache.get(TASK)).rejects.toThrow('down')
    let refused = false
    const other = rig({ fail: () => (refused ? new Error('refused') : undefined) })
    await other.cache.get(TASK)
    refused = true
    other.tick(FRESH_MS)
    await expect(other.cache.get(TASK)).rejects.toThrow('refused')
  })

  it('REACH_FRESH_S 0: every request asks', async () => {
    const { cache, calls } = rig({ freshMs: 0 })
    for (let i = 0; i < 3; i++) await cache.get(TASK)
    expect(calls).toHaveLength(3)
  })

  it('a campaign forgotten while its figures are on their way keeps nothing', async () => {
    const { cache, calls } = rig({ delayMs: 20 })
    const pending = cache.get(TASK)
    await new Promise((r) => setTimeout(r, 5))
    expect(calls).toHaveLength(1)
    await cache.forget(TASK)
    await pending
    await cache.get(TASK)
    expect(calls).toHaveLength(2)
  })
})

describe('ReachCache instances sharing snapshots (as on one database)', () => {
  /** One store for several caches, with the campaign lock the database gives (`exclusive`, one caller at a time). */
  class SharedSnapshots extends MemoryReachSnapshots {
    private readonly lock = processLock()
    override exclusive<T>(taskId: number, fn: () => Promise<T>): Promise<T> {
      return this.lock(String(taskId), fn)
    }
  }

  it('two caches: the one that waited for the lock answers with the other’s figures, 1 call in all', async () => {
    const shared = new SharedSnapshots()
    const clock = Date.UTC(2026, 11, 1, 8, 0, 0)
    const calls: number[] = []
    const instance = () =>
      new ReachCache({
        snapshots: shared,
        now: () => clock,
        freshMs: FRESH_MS,
        fetch: async (taskId) => {
          calls.push(clock)
          await new Promise((r) => setTimeout(r, 20))
          return { ...exampleReach, taskId, fetchedAt: new Date(clock).toISOString(), stale: null } as unknown as Reach
        },
        staleAnswer: () => undefined,
      })
    const [a, b] = [instance(), instance()]
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).get(TASK)))
    expect(calls).toHaveLength(1)
    expect(new Set(answers.map((r) => r.fetchedAt)).size).toBe(1)
  })
})
