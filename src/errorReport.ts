import { lastFailure } from './errors.js'
import { locale } from './i18n/index.js'

// Apart from src/errors.ts so its words load with the first tap on 「复制错误信息」, not with the first chunk.

const LABELS = {
  'zh-CN': ['错误：', '错误码：', '请求 ID：', '时间：', '地址：', '版本：'],
  en: ['Error: ', 'Code: ', 'Request ID: ', 'Time: ', 'Address: ', 'Version: '],
}

/**
 * What 「复制错误信息」 copies from an error screen: what an admin needs to find the failure in the proxy's log —
 * the code and request id of the failure on screen (the last call to the proxy, when its message is the one shown),
 * the time, the page's host and the sidebar's version. Nothing secret: no cookie, no token, no customer data.
 */
export function errorReport(shown: string, now = new Date()): string {
  const last = lastFailure()
  const failure = last && last.message === shown ? last : null
  return [
    shown,
    failure?.code ?? '—',
    failure?.requestId ?? '—',
    (failure?.at ?? now).toISOString(),
    `${location.host}${location.pathname}`,
    typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev',
  ]
    .map((value, i) => LABELS[locale][i] + value)
    .join('\n')
}
