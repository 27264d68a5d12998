import { ApiFailure, canRetry, isFailure } from './errors.js'
import { t } from './i18n/index.js'

// Apart from src/errors.ts so the first load carries only the rule (canRetry), not these words: an error screen's
// picture and buttons (StateMessage.vue) bring them, with the `recovery` area of src/i18n/.

/** What to do when 重试 cannot help ('' when it can): the proxy's message says what is wrong, this says where to go. */
export function insteadOfRetry(err: unknown): string {
  if (canRetry(err)) return ''
  const status = err instanceof ApiFailure || isFailure(err) ? err.status : 0
  if (status === 401) return t('recovery.signIn')
  if (status === 403) return t('recovery.forbidden')
  if (status === 404) return t('recovery.notFound')
  return t('recovery.change')
}
