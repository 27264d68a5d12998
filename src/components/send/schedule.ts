import { locale } from '../../i18n/index.js'
import type { ScheduleChoice } from '../../stores/drafts.js'

/** When a 定时群发 should start, as the ISO time the proxy expects; null means now. */
export function scheduleAtOf(choice: ScheduleChoice, customAt: string, now = new Date()): string | null {
  switch (choice) {
    case 'now':
      return null
    case '30m':
      return new Date(now.getTime() + 30 * 60_000).toISOString()
    case '2h':
      return new Date(now.getTime() + 2 * 3_600_000).toISOString()
    case 'tomorrow9': {
      const d = new Date(now)
      d.setDate(d.getDate() + 1)
      d.setHours(9, 0, 0, 0)
      return d.toISOString()
    }
    case 'custom': {
      // `datetime-local` text is local wall-clock time without a zone: the staff member's own clock.
      const d = new Date(customAt)
      return customAt && !Number.isNaN(d.getTime()) ? d.toISOString() : null
    }
  }
}

/** `datetime-local` text for a moment, in local time. */
export function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A custom time must lie at least this far ahead (the send takes a moment, Youmi needs the task before it starts). */
export const SCHEDULE_LEAD_MS = 5 * 60_000
/** …and at most this far (the proxy refuses later ones: SCHEDULE_TOO_FAR). */
export const SCHEDULE_MAX_MS = 30 * 24 * 3_600_000

/** The first whole minute a custom time may take: what the picker starts at. */
export function earliestCustom(now = new Date()): Date {
  const d = new Date(now.getTime() + SCHEDULE_LEAD_MS)
  if (d.getSeconds() || d.getMilliseconds()) d.setMinutes(d.getMinutes() + 1, 0, 0)
  return d
}

/** Why a custom time would be refused, checked as the proxy will: 'empty', 'early', 'late', or null when fine. */
export function customProblem(customAt: string, now = new Date()): 'empty' | 'early' | 'late' | null {
  const at = scheduleAtOf('custom', customAt, now)
  if (!at) return 'empty'
  const ms = new Date(at).getTime()
  // The picker shows whole minutes: the earliest minute it offered stays valid while the page is open a little.
  if (ms < earliestCustom(now).getTime() - 60_000) return 'early'
  if (ms > now.getTime() + SCHEDULE_MAX_MS) return 'late'
  return null
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** A moment in the order people in China read it: 「2026年12月3日（周四）09:05」; in English by Intl: "Thu, Dec 3, 2026, 09:05". */
export function formatChineseDateTime(d: Date): string {
  if (locale == 'en')
    return d.toLocaleString('en', {
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日（周${WEEKDAYS[d.getDay()]}）${pad(d.getHours())}:${pad(d.getMinutes())}`
}
