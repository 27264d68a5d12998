import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Reach } from '../../contracts/reach.js'
import { fetchReach } from '../api/campaigns.js'
import { useLatestByKey } from '../composables/latest.js'
import { failureOf, type Failure } from '../errors.js'

export type ReachFailure = Failure

export interface ReachEntry {
  reach: Reach | null
  /** When this browser received `reach` (ms since epoch): "updated N seconds ago" must not depend on the proxy's clock. */
  receivedAt: number | null
  loading: boolean
  /** The last load's failure; the previous `reach` stays, so figures never vanish on a network blip. */
  error: ReachFailure | null
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
   * `refresh` (a pull-to-refresh): the proxy asks WShoto now rather than answering from its last figures.
   */
  function load(taskId: number, options: { refresh?: boolean } = {}): Promise<void> {
    const running = inFlight.get(taskId)
    if (running) return running
    entryOf(taskId).loading = true
    const ask = async () => {
      const answer = await latest.ask(taskId, () => (options.refresh ? fetchReach(taskId, { refresh: true }) : fetchReach(taskId)))
      if (!answer) return
      const entry = entryOf(taskId)
      entry.loading = false
      if (answer.ok) {
        entry.reach = answer.value
        entry.receivedAt = Date.now()
        entry.error = null
        return
      }
      entry.error = failureOf(answer.error)
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

  /** Drops a campaign (it was removed); an answer still on its way for it is ignored. */
  function forget(taskId: number): void {
    latest.drop(taskId)
    inFlight.delete(taskId)
    delete entries.value[taskId]
  }

  return { entries, load, forget }
})
