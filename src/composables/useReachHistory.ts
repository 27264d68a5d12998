import { computed, ref } from 'vue'
import type { ReachHistory } from '../../contracts/reach.js'
import { fetchReachHistory, reachHistoryCsvUrl } from '../api/campaigns.js'
import { describeError } from '../errors.js'
import { useLatest } from './latest.js'

/** A campaign's reach over time; `load` again when new figures arrive. An older answer never lands after a newer one. */
export function useReachHistory(taskId: () => number) {
  const history = ref<ReachHistory | null>(null)
  const error = ref<string | null>(null)
  const loading = ref(false)
  const latest = useLatest()

  async function load(): Promise<void> {
    loading.value = true
    const answer = await latest.ask(() => fetchReachHistory(taskId()))
    if (!answer) return
    loading.value = false
    if (answer.ok) {
      history.value = answer.value
      error.value = null
    } else error.value = describeError(answer.error)
  }

  /** Admins only: the history as a CSV file, for a download link. */
  const csvUrl = computed(() => reachHistoryCsvUrl(taskId()))

  return { history, error, loading, load, csvUrl }
}
