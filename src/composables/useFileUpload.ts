import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import { FILE_ONLY_FORMATS, formatOf, formatsText, LIBRARY_FORMATS, MEDIA_FORMATS, MEDIA_LIMITS } from '../../contracts/content.js'
import type { StoredFile } from '../../contracts/materials.js'
import { UPLOAD_CANCELLED, uploadMaterialFile } from '../api/admin-materials.js'
import { ApiFailure, canRetry, describeError } from '../errors.js'
import { t } from '../i18n/index.js'
import { useLatest } from './latest.js'

const fits = (file: File) => file.size > 0 && file.size <= MEDIA_LIMITS.file
const known = (file: File) => LIBRARY_FORMATS.includes(formatOf(file.name))

/** The contract's one list of what the library takes, for the form's hint and its refusals. */
export function acceptedFormats() {
  const mb = (bytes: number) => `${bytes / (1024 * 1024)} MB`
  return {
    image: formatsText(MEDIA_FORMATS.image),
    video: formatsText(MEDIA_FORMATS.video),
    files: formatsText(FILE_ONLY_FORMATS),
    mediaLimit: mb(MEDIA_LIMITS.image),
    fileLimit: mb(MEDIA_LIMITS.file),
  }
}

/** A file of a type the library does not take: said with the same list as the form's hint. */
const unknownType = (name: string) => t('admin.form.typeUnknown', { name, ...acceptedFormats() })

export type UploadState = 'idle' | 'uploading' | 'done' | 'failed' | 'cancelled'

/**
 * One file at a time into the materials store, with its progress and a cancel; `file` is what a retry sends again.
 * A file the proxy would refuse for its size or its type is refused here before a byte is sent, and a refusal offers
 * no retry (src/errors.ts canRetry: only where retrying can help).
 */
export function useFileUpload() {
  const state = ref<UploadState>('idle')
  const percent = ref(0)
  const error = ref('')
  /** Whether sending the same file again can help: a network or server failure, or a cancel, not a refusal. */
  const curable = ref(true)
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
    curable.value = true
    if (!fits(chosen) || !known(chosen)) {
      error.value = !chosen.size
        ? t('admin.form.emptyFile')
        : !fits(chosen)
          ? t('admin.form.tooBig', acceptedFormats())
          : unknownType(chosen.name)
      curable.value = false
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
        error.value = err instanceof ApiFailure && err.code === 'FILE_TYPE_UNKNOWN' ? unknownType(chosen.name) : describeError(err)
        curable.value = canRetry(err)
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

  /** Worth sending again: it was cancelled or failed on its way, not refused for what it is. */
  const retryable = computed(() => (state.value === 'cancelled' || (state.value === 'failed' && curable.value)) && !!file.value)

  // Leaving the page stops an upload nobody will use.
  onScopeDispose(() => controller?.abort())

  return { state, percent, error, file, retryable, start, cancel }
}
