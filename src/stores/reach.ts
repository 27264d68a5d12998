import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Reach } from '../../contracts/reach.js'
import { fetchReach } from '../api/campaigns.js'
import { useLatestByKey } from '../composables/latest.js'
import { ApiFailure, describeError } from '../errors.js'

export interface ReachFailure {
  /** HTTP status; 0 when the proxy was never reached. */
  status: number
  code: string
  message: string
}

export interface ReachEntry {
  reach: Reach | null
  /** When this browser received `reach` (ms since epoch): "updated N seconds ago" must not depend on the proxy's clock. */
  receivedAt: number | null
  loading: boolean
  /** The last load's failure; the previous `reach` stays, so figures never vanish on a network blip. */
  error: ReachFailure | null
}

function toFailure(err: unknown): ReachFailure {
  if (err instanceof ApiFailure) return { status: err.status, code: err.code, message: err.message }
  return { status: 0, code: 'UNKNOWN', message: describeError(err) }
}

/** The last reach of each campaign, by task id: the list's status badges and the reach view share it. */
export const useReachStore = defineStore('reach', () => {
  const entries = ref<Record<number, ReachEntry>>({})
  const inFlight = new Map<number, Promise<void>>()
  const latest = useLatestByKey<number>()

  function entryOf(taskId: number): ReachEntry {
    if (!entries.value[taskId]) entries.value[taskId] = { reach: null, receivedAt: null, loading: false, error: null }
    // Read back through the reactive record so changes reach the screen.
    return entries.value[taskId]!
  }

  /**
   * Asks the proxy for a campaign's reach now. A call while one is under way for the same campaign joins it, so a
   * pull-to-refresh and the refresh loop never overlap; an answer for a campaign forgotten meanwhile is dropped.
   */
  function load(taskId: number): Promise<void> {
    const running = inFlight.get(taskId)
    if (running) return running
    entryOf(taskId).loading = true
    const ask = async () => {
      const answer = await latest.ask(taskId, () => fetchReach(taskId))
      if (!answer) return
      const entry = entryOf(taskId)
      entry.loading = false
      if (answer.ok) {
        entry.reach = answer.value
        entry.receivedAt = Date.now()
        entry.error = null
        return
      }
      entry.error = toFailure(answer.error)
      // The campaign left the list: its old figures would only mislead.
      if (entry.error.code === 'CAMPAIGN_NOT_TRACKED') {
        entry.reach = null
        entry.receivedAt = null
      }
    }
    const request: Promise<void> = ask().finally(() => {
      if (inFlight.get(taskId) === request) inFlight.delete(taskId)
    })
    inFlight.set(taskId, request)
    return request
  }

  /**
   * Loads several campaigns, at most `concurrency` at a time (the list's status badges); skips those received
   * less than `maxAgeMs` ago.
   */
  async function loadMany(taskIds: readonly number[], options: { concurrency?: number; maxAgeMs?: number } = {}): Promise<void> {
    const { concurrency = 3, maxAgeMs = 0 } = options
    const due = taskIds.filter((id) => {
      const at = entries.value[id]?.receivedAt
      return maxAgeMs <= 0 || at === null || at === undefined || Date.now() - at >= maxAgeMs
    })
    let next = 0
    const worker = async () => {
      while (next < due.length) await load(due[next++]!)
    }
    await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), due.length) }, worker))
  }

  /** Drops a campaign (it was removed); an answer still on its way for it is ignored. */
  function forget(taskId: number): void {
    latest.drop(taskId)
    inFlight.delete(taskId)
    delete entries.value[taskId]
  }

  return { entries, load, loadMany, forget }
})
