import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import { MEDIA_LIMITS } from '../../contracts/content.js'
import type { StoredFile } from '../../contracts/materials.js'
import { UPLOAD_CANCELLED, uploadMaterialFile } from '../api/admin-materials.js'
import { ApiFailure, describeError } from '../errors.js'
import { t } from '../i18n/index.js'
import { useLatest } from './latest.js'

const fits = (file: File) => file.size > 0 && file.size <= MEDIA_LIMITS.file

export type UploadState = 'idle' | 'uploading' | 'done' | 'failed' | 'cancelled'

/**
 * One file at a time into the materials store, with its progress and a cancel; `file` is what a retry sends again.
 * A file the proxy would refuse for its size is refused here before a byte is sent.
 */
export function useFileUpload() {
  const state = ref<UploadState>('idle')
  const percent = ref(0)
  const error = ref('')
  /** The file last chosen. */
  const file = shallowRef<File | null>(null)
  const latest = useLatest()
  /** Aborts the upload on its way (a new file, a cancel, leaving the page). */
  let controller: AbortController | null = null

  /** Resolves with the stored file, or null when it failed or was cancelled (`state` and `error` say which). */
  async function start(chosen: File): Promise<StoredFile | null> {
    // A new file replaces one still on its way; that one's end is then ignored.
    controller?.abort()
    controller = null
    const isLatest = latest.next()
    file.value = chosen
    percent.value = 0
    error.value = ''
    if (!fits(chosen)) {
      error.value = chosen.size ? t('admin.form.tooBig') : t('admin.form.emptyFile')
      state.value = 'failed'
      return null
    }
    const mine = new AbortController()
    controller = mine
    state.value = 'uploading'
    try {
      const stored = await uploadMaterialFile(chosen, {
        signal: mine.signal,
        onProgress: (p) => {
          if (isLatest()) percent.value = p
        },
      })
      if (!isLatest()) return null
      percent.value = 100
      state.value = 'done'
      return stored
    } catch (err) {
      if (!isLatest()) return null
      if (err instanceof ApiFailure && err.code === UPLOAD_CANCELLED) {
        state.value = 'cancelled'
      } else {
        error.value = describeError(err)
        state.value = 'failed'
      }
      return null
    } finally {
      if (isLatest()) controller = null
    }
  }

  function cancel(): void {
    if (state.value !== 'uploading') return
    const c = controller
    // Shown at once: the request's own end arrives a moment later and is then ignored.
    latest.drop()
    controller = null
    c?.abort()
    state.value = 'cancelled'
  }

  /** Worth sending again: it failed or was cancelled, not refused for what it is. */
  const retryable = computed(() => (state.value === 'failed' || state.value === 'cancelled') && !!file.value && fits(file.value))

  // Leaving the page stops an upload nobody will use.
  onScopeDispose(() => controller?.abort())

  return { state, percent, error, file, retryable, start, cancel }
}
