import { locale, t } from './index.js'

// Dates the way people in China read them in a chat tool: "11-21 14:05" this year, with the year otherwise.

const pad = (n: number) => String(n).padStart(2, '0')

export function formatDate(iso: string, now = new Date()): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const md = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  return d.getFullYear() === now.getFullYear() ? md : `${d.getFullYear()}-${md}`
}

export function formatDateTime(iso: string, now = new Date()): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${formatDate(iso, now)} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

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

export function formatNumber(n: number): string {
  return n.toLocaleString(locale)
}
