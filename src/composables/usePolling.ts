import { getCurrentScope, onScopeDispose, ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'

export interface PollingOptions {
  /** One refresh; its failure is the caller's to show (the loop just carries on). */
  task: () => Promise<unknown>
  /** Polls only while true (e.g. the campaign is still in progress). */
  enabled: MaybeRefOrGetter<boolean>
  intervalMs?: number
  /**
   * When the data was last refreshed by anyone (ms since epoch): a pull-to-refresh pushes the next poll back
   * instead of being followed by a second request moments later.
   */
  lastRefreshedAt?: MaybeRefOrGetter<number | null | undefined>
  doc?: Document
}

export interface Polling {
  /** A refresh is scheduled or under way. */
  isPolling: Ref<boolean>
  /** Enabled but waiting for the page to be visible again. */
  isPaused: Ref<boolean>
  stop: () => void
}

/**
 * Refreshes every `intervalMs` while `enabled`, one request at a time: the next wait starts when a refresh ends.
 * Pauses while the page is hidden (a sidebar left open in a background tab costs nothing) and catches up on return;
 * stops with the component (or effect scope) that started it.
 */
export function usePolling(options: PollingOptions): Polling {
  const { task, enabled, intervalMs = 15_000, lastRefreshedAt, doc = document } = options
  const isPolling = ref(false)
  const isPaused = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null
  let running = false
  let lastRun = Date.now()
  let stopped = false

  const hidden = () => doc.visibilityState === 'hidden'

  function clear() {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }

  function schedule() {
    clear()
    const on = !stopped && toValue(enabled)
    isPaused.value = on && hidden()
    isPolling.value = on && !hidden()
    if (!isPolling.value || running) return
    const last = Math.max(lastRun, toValue(lastRefreshedAt) ?? 0)
    timer = setTimeout(() => void tick(), Math.max(0, last + intervalMs - Date.now()))
  }

  async function tick() {
    timer = null
    running = true
    try {
      await task()
    } catch {
      // The task reports its own failures; the loop keeps its rhythm.
    } finally {
      running = false
      lastRun = Date.now()
      schedule()
    }
  }

  const onVisibility = () => schedule()
  doc.addEventListener('visibilitychange', onVisibility)
  const unwatch = watch([() => toValue(enabled), () => toValue(lastRefreshedAt)], schedule, { immediate: true })

  function stop() {
    stopped = true
    clear()
    unwatch()
    doc.removeEventListener('visibilitychange', onVisibility)
    isPolling.value = false
    isPaused.value = false
  }

  if (getCurrentScope()) onScopeDispose(stop)
  return { isPolling, isPaused, stop }
}
