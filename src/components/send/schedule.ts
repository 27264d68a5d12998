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
