// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { formatAgo, formatDate, formatDateTime } from './format.js'

const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min)
const NOW = local(2025, 11, 20, 14, 0).getTime()
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString()

describe('formatAgo', () => {
  it.each([
    [0, '刚刚'],
    [9, '刚刚'],
    [9.4, '刚刚'],
    [10, '10 秒前'],
    [59, '59 秒前'],
    [60, '1 分钟前'],
    [119, '1 分钟前'],
    [3_599, '59 分钟前'],
    [3_600, '1 小时前'],
    [86_399, '23 小时前'],
    [86_400, '1 天前'],
    [7 * 86_400 - 1, '6 天前'],
  ])('%s s ago → %s', (seconds, expected) => {
    expect(formatAgo(ago(seconds), NOW)).toBe(expected)
  })

  it('a moment in the future (clock skew) is 刚刚', () => {
    expect(formatAgo(ago(-120), NOW)).toBe('刚刚')
  })

  it('a week or more ago is a date', () => {
    expect(formatAgo(ago(7 * 86_400), NOW)).toBe('11-13')
    expect(formatAgo(local(2025, 2, 3, 8, 0).toISOString(), NOW)).toBe('02-03')
    expect(formatAgo(local(2024, 12, 30, 8, 0).toISOString(), NOW)).toBe('2024-12-30')
  })
})

describe('formatDate', () => {
  const now = local(2025, 11, 20, 14, 0)

  it('this year: month-day only', () => {
    expect(formatDate(local(2025, 3, 5, 10, 0).toISOString(), now)).toBe('03-05')
  })

  it('another year: with the year', () => {
    expect(formatDate(local(2024, 12, 31, 23, 0).toISOString(), now)).toBe('2024-12-31')
    expect(formatDate(local(2026, 1, 2, 9, 0).toISOString(), now)).toBe('2026-01-02')
  })

  it('in local time, not UTC', () => {
    // 00:30 local on Jan 1st is the new year here, whatever UTC says.
    expect(formatDate(local(2025, 1, 1, 0, 30).toISOString(), now)).toBe('01-01')
  })

  it('gives back text that is not a date unchanged', () => {
    expect(formatDate('not a date', now)).toBe('not a date')
  })
})

describe('formatDateTime', () => {
  it('adds the zero-padded local time', () => {
    expect(formatDateTime(local(2025, 11, 21, 9, 5).toISOString(), local(2025, 11, 20))).toBe('11-21 09:05')
    expect(formatDateTime(local(2024, 2, 29, 23, 59).toISOString(), local(2025, 11, 20))).toBe('2024-02-29 23:59')
  })
})
