import { ref } from 'vue'
import type { SystemStatus } from '../../contracts/status.js'
import { getSystemStatus, recheckSystemStatus } from '../api/status.js'
import { failureOf, type Failure } from '../errors.js'
import { useLatest } from './latest.js'

/** The 系统状态 page's data: the last answer stays on screen while 「重新检查」 runs or fails. */
export function useSystemStatus() {
  const status = ref<SystemStatus | null>(null)
  const loading = ref(false)
  const rechecking = ref(false)
  const error = ref<Failure | null>(null)
  /** A failed recheck, shown above what is still on screen. */
  const recheckError = ref<Failure | null>(null)
  const latest = useLatest()

  async function load() {
    loading.value = true
    error.value = null
    const settled = await latest.ask(getSystemStatus)
    if (!settled) return
    loading.value = false
    if (settled.ok) status.value = settled.value
    else error.value = failureOf(settled.error)
  }

  async function recheck() {
    rechecking.value = true
    recheckError.value = null
    const settled = await latest.ask(recheckSystemStatus)
    if (!settled) return
    rechecking.value = false
    if (settled.ok) status.value = settled.value
    else recheckError.value = failureOf(settled.error)
  }

  return { status, loading, rechecking, error, recheckError, load, recheck }
}
