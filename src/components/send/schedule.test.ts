// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { customProblem, earliestCustom, formatChineseDateTime, scheduleAtOf, toLocalInput } from './schedule.js'

// Local wall-clock times: the staff member's own clock, whatever zone the test machine is in.
const local = (y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0) => new Date(y, m - 1, d, h, min, s, ms)

describe('scheduleAtOf', () => {
  const now = local(2025, 11, 20, 14, 5, 30, 250)

  it('now → null (send at once)', () => {
    expect(scheduleAtOf('now', '', now)).toBeNull()
    expect(scheduleAtOf('now', '2025-11-21T09:00', now)).toBeNull()
  })

  it('30m → exactly thirty minutes ahead, as ISO', () => {
    const at = scheduleAtOf('30m', '', now)
    expect(at).toBe(new Date(now.getTime() + 30 * 60_000).toISOString())
    expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  })

  it('2h → exactly two hours ahead', () => {
    expect(Date.parse(scheduleAtOf('2h', '', now)!) - now.getTime()).toBe(2 * 3_600_000)
  })

  it('tomorrow9 → 09:00:00.000 local on the next day', () => {
    expect(scheduleAtOf('tomorrow9', '', now)).toBe(local(2025, 11, 21, 9).toISOString())
  })

  it('tomorrow9 just after midnight is still the next calendar day', () => {
    expect(scheduleAtOf('tomorrow9', '', local(2025, 11, 20, 0, 30))).toBe(local(2025, 11, 21, 9).toISOString())
  })

  it('tomorrow9 across a month end, a leap day and a year end', () => {
    expect(scheduleAtOf('tomorrow9', '', local(2025, 1, 31, 22))).toBe(local(2025, 2, 1, 9).toISOString())
    expect(scheduleAtOf('tomorrow9', '', local(2025, 4, 30, 18))).toBe(local(2025, 5, 1, 9).toISOString())
    expect(scheduleAtOf('tomorrow9', '', local(2024, 2, 28, 18))).toBe(local(2024, 2, 29, 9).toISOString())
    expect(scheduleAtOf('tomorrow9', '', local(2025, 12, 31, 23, 59))).toBe(local(2026, 1, 1, 9).toISOString())
  })

  it('tomorrow9 counts calendar days, not 24 hours (a night when the clocks go forward)', () => {
    // Node reads TZ again when it changes; New York springs forward on 2025-03-09, so that night has 23 hours.
    const zone = process.env.TZ
    process.env.TZ = 'America/New_York'
    try {
      expect(scheduleAtOf('tomorrow9', '', local(2025, 3, 8, 23, 30))).toBe('2025-03-09T13:00:00.000Z')
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })

  it('does not change the `now` it was given', () => {
    const before = now.getTime()
    scheduleAtOf('tomorrow9', '', now)
    expect(now.getTime()).toBe(before)
  })

  it('custom → the picked local time', () => {
    expect(scheduleAtOf('custom', '2025-11-21T14:30', now)).toBe(local(2025, 11, 21, 14, 30).toISOString())
  })

  it('custom with empty or invalid text → null', () => {
    expect(scheduleAtOf('custom', '', now)).toBeNull()
    expect(scheduleAtOf('custom', 'tomorrow morning', now)).toBeNull()
    expect(scheduleAtOf('custom', '2025-13-45T99:99', now)).toBeNull()
  })
})

describe('toLocalInput', () => {
  it('formats local time for <input type="datetime-local">, zero-padded, minutes only', () => {
    expect(toLocalInput(local(2025, 1, 5, 7, 3, 59))).toBe('2025-01-05T07:03')
    expect(toLocalInput(local(2025, 12, 31, 23, 59))).toBe('2025-12-31T23:59')
  })

  it('round-trips through the custom choice', () => {
    const d = local(2026, 3, 9, 8, 15)
    expect(scheduleAtOf('custom', toLocalInput(d))).toBe(d.toISOString())
  })
})

describe('the custom time the picker offers and accepts', () => {
  const now = local(2025, 11, 20, 14, 5, 30, 250)

  it('starts at the first whole minute 5 minutes ahead', () => {
    expect(earliestCustom(now)).toEqual(local(2025, 11, 20, 14, 11))
    expect(earliestCustom(local(2025, 11, 20, 14, 5))).toEqual(local(2025, 11, 20, 14, 10))
  })

  it('refuses an empty, past or too distant time as the proxy would', () => {
    expect(customProblem('', now)).toBe('empty')
    expect(customProblem('2025-11-20T14:00', now)).toBe('early')
    expect(customProblem('2025-11-20T14:11', now)).toBeNull()
    expect(customProblem('2025-12-19T14:00', now)).toBeNull()
    expect(customProblem('2025-12-21T14:00', now)).toBe('late')
  })

  it('reads in Chinese order with the weekday', () => {
    expect(formatChineseDateTime(local(2025, 11, 20, 9, 5))).toBe('2025年11月20日（周四）09:05')
  })
})
