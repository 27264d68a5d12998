import { locale, t } from './index.js'

// Dates by Intl, in the way people in China read them in a chat tool: "11-21 14:05" this year, with the year otherwise
// (Intl's zh-CN "11/21" with dashes). In English, Intl's own: "Nov 21, 14:05", "Dec 30, 2024".
function format(iso: string, now: Date, time?: boolean): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const en = locale == 'en'
  return d
    .toLocaleString(locale, {
      year: d.getFullYear() == now.getFullYear() ? undefined : 'numeric',
      month: en ? 'short' : '2-digit',
      day: en ? 'numeric' : '2-digit',
      ...(time && { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    })
    .replace(/\//g, '-')
}

export const formatDate = (iso: string, now = new Date()) => format(iso, now)
export const formatDateTime = (iso: string, now = new Date()) => format(iso, now, true)

/** "刚刚", "3 分钟前", … up to days; older than a week is a date. */
export function formatAgo(iso: string, now = Date.now()): string {
  const then = new Date(iso).getTime()
  if (Number.isNaN(then)) return iso
  const seconds = Math.max(0, Math.round((now - then) / 1000))
  if (seconds < 10) return t('common.time.justNow')
  if (seconds < 60) return t('common.time.secondsAgo', { n: seconds })
  if (seconds < 3600) return t('common.time.minutesAgo', { n: Math.floor(seconds / 60) })
  if (seconds < 86_400) return t('common.time.hoursAgo', { n: Math.floor(seconds / 3600) })
  if (seconds < 7 * 86_400) return t('common.time.daysAgo', { n: Math.floor(seconds / 86_400) })
  return formatDate(new Date(now - seconds * 1000).toISOString(), new Date(now))
}

/** Numbers by Intl for the language: "12,345" in both. */
export const formatNumber = (n: number): string => n.toLocaleString(locale)
