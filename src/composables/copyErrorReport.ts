// What 「复制错误信息」 does, loaded on its first tap: the clipboard fallback and the toast are not part of the first load.
import { errorReport } from '../errorReport.js'
import { t } from '../i18n/index.js'
import { copyText } from './copyText.js'
import { toast } from './useFeedback.js'

/** Copies the report of the error shown (code, request id, time, address, version) and says whether it worked. */
export async function copyErrorReport(shown: string): Promise<void> {
  const ok = await copyText(errorReport(shown))
  await toast(ok ? t('common.copiedError') : t('common.copyFailed'))
}
