import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { usePolling } from './usePolling.js'

/** A document whose visibility the test switches. */
function fakeDocument() {
  let state: DocumentVisibilityState = 'visible'
  const target = new EventTarget()
  Object.defineProperty(target, 'visibilityState', { get: () => state })
  const doc = target as unknown as Document
  const set = (next: DocumentVisibilityState) => {
    state = next
    target.dispatchEvent(new Event('visibilitychange'))
  }
  return { doc, set }
}

/** A task that resolves only when the test says so, counting calls and overlaps. */
function controlledTask() {
  const pending: (() => void)[] = []
  let running = 0
  const stats = { calls: 0, maxConcurrent: 0 }
  const task = vi.fn(() => {
    stats.calls++
    running++
    stats.maxConcurrent = Math.max(stats.maxConcurrent, running)
    return new Promise<void>((resolve) =>
      pending.push(() => {
        running--
        resolve()
      }),
    )
  })
  const finish = async () => {
    pending.shift()?.()
    await flush()
  }
  return { task, stats, finish, pending }
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
  await nextTick()
}

describe('usePolling', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2025-11-20T10:00:00Z') }))
  afterEach(() => vi.useRealTimers())

  function start(options: { inProgress?: boolean; lastRefreshedAt?: () => number | null } = {}) {
    const scope = effectScope()
    const inProgress = ref(options.inProgress ?? true)
    const page = fakeDocument()
    const t = controlledTask()
    const polling = scope.run(() =>
      usePolling({ task: t.task, enabled: inProgress, intervalMs: 15_000, doc: page.doc, lastRefreshedAt: options.lastRefreshedAt }),
    )!
    return { scope, inProgress, page, polling, ...t }
  }

  it('polls every 15 s while the campaign is in progress', async () => {
    const p = start()
    expect(p.polling.isPolling.value).toBe(true)
    await vi.advanceTimersByTimeAsync(14_999)
    expect(p.stats.calls).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(p.stats.calls).toBe(1)
    await p.finish()
    await vi.advanceTimersByTimeAsync(15_000)
    expect(p.stats.calls).toBe(2)
    await p.finish()
    p.scope.stop()
  })

  it('never overlaps: the next wait starts when a slow refresh ends', async () => {
    const p = start()
    await vi.advanceTimersByTimeAsync(15_000)
    expect(p.stats.calls).toBe(1)
    // The answer takes 40 s: no second request meanwhile.
    await vi.advanceTimersByTimeAsync(40_000)
    expect(p.stats.calls).toBe(1)
    await p.finish()
    await vi.advanceTimersByTimeAsync(14_000)
    expect(p.stats.calls).toBe(1)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(p.stats.calls).toBe(2)
    expect(p.stats.maxConcurrent).toBe(1)
    await p.finish()
    p.scope.stop()
  })

  it('stops when the status is no longer in progress (e.g. becomes 3) and resumes if it is again', async () => {
    const p = start()
    await vi.advanceTimersByTimeAsync(15_000)
    p.inProgress.value = false // the answer said "已结束"
    await p.finish()
    expect(p.polling.isPolling.value).toBe(false)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(p.stats.calls).toBe(1)
    p.inProgress.value = true
    await flush()
    await vi.advanceTimersByTimeAsync(15_000)
    expect(p.stats.calls).toBe(2)
    await p.finish()
    p.scope.stop()
  })

  it('does not poll a campaign that is not in progress', async () => {
    const p = start({ inProgress: false })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(p.stats.calls).toBe(0)
    expect(p.polling.isPolling.value).toBe(false)
    p.scope.stop()
  })

  it('pauses while the page is hidden and catches up when it is shown again', async () => {
    const p = start()
    await vi.advanceTimersByTimeAsync(5_000)
    p.page.set('hidden')
    expect(p.polling.isPaused.value).toBe(true)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(p.stats.calls).toBe(0)
    p.page.set('visible')
    expect(p.polling.isPaused.value).toBe(false)
    // Overdue: refreshes at once.
    await vi.advanceTimersByTimeAsync(0)
    expect(p.stats.calls).toBe(1)
    await p.finish()
    p.scope.stop()
  })

  it('after a short hide, waits only for the rest of the interval', async () => {
    const p = start()
    await vi.advanceTimersByTimeAsync(5_000)
    p.page.set('hidden')
    await vi.advanceTimersByTimeAsync(3_000)
    p.page.set('visible')
    await vi.advanceTimersByTimeAsync(6_999)
    expect(p.stats.calls).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(p.stats.calls).toBe(1)
    await p.finish()
    p.scope.stop()
  })

  it('a refresh by someone else (pull to refresh) pushes the next poll back', async () => {
    const last = ref<number | null>(null)
    const p = start({ lastRefreshedAt: () => last.value })
    await vi.advanceTimersByTimeAsync(10_000)
    last.value = Date.now()
    await flush()
    await vi.advanceTimersByTimeAsync(14_000)
    expect(p.stats.calls).toBe(0)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(p.stats.calls).toBe(1)
    await p.finish()
    p.scope.stop()
  })

  it('keeps its rhythm when a refresh fails', async () => {
    const p = start()
    p.task.mockImplementationOnce(() => Promise.reject(new Error('offline')))
    await vi.advanceTimersByTimeAsync(15_000)
    expect(p.task).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(15_000)
    expect(p.task).toHaveBeenCalledTimes(2)
    await p.finish()
    p.scope.stop()
  })

  it('stops for good when its scope ends (the view unmounts)', async () => {
    const p = start()
    p.scope.stop()
    expect(p.polling.isPolling.value).toBe(false)
    await vi.advanceTimersByTimeAsync(60_000)
    p.page.set('hidden')
    p.page.set('visible')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(p.stats.calls).toBe(0)
  })

  it('does not schedule again when a refresh ends after the scope stopped', async () => {
    const p = start()
    await vi.advanceTimersByTimeAsync(15_000)
    p.scope.stop()
    await p.finish()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(p.stats.calls).toBe(1)
  })
})
