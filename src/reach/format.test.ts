import { describe, expect, it } from 'vitest'
import { TASK_STATUSES, type TaskStatusCode } from '../../contracts/reach.js'
import {
  ago,
  count,
  dateTime,
  isInProgress,
  percent,
  rateCaption,
  staffFigures,
  statusTone,
  targetFigures,
  targetTitle,
  targetUnit,
} from './format.js'

describe('percent', () => {
  it('shows a share with at most one decimal', () => {
    expect(percent(0.875)).toBe('87.5%')
    expect(percent(0.8145)).toBe('81.5%')
    expect(percent(0.5)).toBe('50.0%')
    expect(percent(0.6)).toBe('60.0%')
    expect(percent(0.0448)).toBe('4.5%')
  })

  it('shows 0 and 1 as whole numbers', () => {
    expect(percent(0)).toBe('0%')
    expect(percent(1)).toBe('100%')
  })

  it('shows a dash, never NaN or Infinity, when there is no rate (nothing planned)', () => {
    for (const rate of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(percent(rate)).toBe('—')
    }
    // What a naive delivered / planned would give with nothing planned.
    expect(percent(0 / 0)).toBe('—')
    expect(percent(5 / 0)).toBe('—')
  })

  it('never rounds an unfinished campaign up to 100% or a started one down to 0%', () => {
    expect(percent(0.9996)).toBe('99.9%')
    expect(percent(0.0001)).toBe('0.1%')
  })

  it('keeps out-of-range shares within 0%..100%', () => {
    expect(percent(1.2)).toBe('100%')
    expect(percent(-0.1)).toBe('0%')
  })
})

describe('count', () => {
  it('groups thousands', () => {
    expect(count(0)).toBe('0')
    expect(count(860)).toBe('860')
    expect(count(5380)).toBe('5,380')
  })
})

describe('statusTone', () => {
  it('has a colour for every task status', () => {
    const tones = Object.fromEntries(Object.keys(TASK_STATUSES).map((code) => [code, statusTone(Number(code) as TaskStatusCode).tone]))
    expect(tones).toEqual({
      '-1': 'danger',
      '0': 'primary',
      '1': 'primary',
      '2': 'primary',
      '3': 'success',
      '4': 'default',
      '5': 'warning',
    })
  })

  it('draws a not-yet-started task as an outline', () => {
    expect(statusTone(0).plain).toBe(true)
    expect(statusTone(2).plain).toBe(false)
  })

  it('knows which statuses are in progress (1, 2, 5)', () => {
    expect(([-1, 0, 1, 2, 3, 4, 5] as const).filter(isInProgress)).toEqual([1, 2, 5])
  })
})

describe('figures', () => {
  const targets = { planned: 2480, delivered: 2215, failed: 96, notSent: 169, excess: 38 }
  const staff = { planned: 36, succeeded: 33, notSent: 2, failed: 1 }

  it('lists the targets in reading order with their data-test names', () => {
    expect(targetFigures(targets).map((f) => [f.label, f.value, f.test])).toEqual([
      ['计划', 2480, 'reach-targets-planned'],
      ['已送达', 2215, 'reach-targets-delivered'],
      ['失败', 96, 'reach-targets-failed'],
      ['未发送', 169, 'reach-targets-not-sent'],
      ['超出限额', 38, 'reach-targets-excess'],
    ])
  })

  it('lists the staff figures', () => {
    expect(staffFigures(staff).map((f) => [f.label, f.value, f.test])).toEqual([
      ['计划', 36, 'reach-staff-planned'],
      ['已执行', 33, 'reach-staff-succeeded'],
      ['未执行', 2, 'reach-staff-not-sent'],
      ['失败', 1, 'reach-staff-failed'],
    ])
  })

  it('colours failures and excess only when there are any', () => {
    const tone = (key: string, t: typeof targets) => targetFigures(t).find((f) => f.key === key)!.tone
    expect([tone('failed', targets), tone('excess', targets)]).toEqual(['bad', 'warn'])
    expect([tone('failed', { ...targets, failed: 0 }), tone('excess', { ...targets, excess: 0 })]).toEqual([null, null])
  })

  it('counts targets in the word of the campaign type: customers, group chats, customers for moments', () => {
    expect(['customer', 'group', 'moment'].map((x) => targetTitle(x as 'customer'))).toEqual(['客户', '客户群', '朋友圈触达客户'])
    expect(['customer', 'group', 'moment'].map((x) => targetUnit(x as 'customer'))).toEqual(['位客户', '个客户群', '位客户'])
  })

  it('explains a missing rate instead of showing 0 / 0', () => {
    const empty = {
      targets: { ...targets, planned: 0, delivered: 0 },
      staff: { ...staff, planned: 0, succeeded: 0 },
      type: { target: 'group' },
    } as never
    expect(rateCaption('delivery', empty)).toBe('没有计划发送对象')
    expect(rateCaption('staffCompletion', empty)).toBe('没有计划执行的员工')
    const full = { targets, staff, type: { target: 'group' } } as never
    expect(rateCaption('delivery', full)).toBe('2,215 / 2,480 个客户群')
    expect(rateCaption('staffCompletion', full)).toBe('33 / 36 名员工')
  })
})

describe('dateTime', () => {
  const now = new Date(2025, 10, 20, 12, 0)

  it('shows month, day and time in this year, the year otherwise', () => {
    expect(dateTime(new Date(2025, 10, 8, 9, 5).toISOString(), now)).toBe('11-08 09:05')
    expect(dateTime(new Date(2024, 0, 26, 18, 30).toISOString(), now)).toBe('2024-01-26 18:30')
  })

  it('shows a dash for a missing or broken time', () => {
    expect(dateTime(null, now)).toBe('—')
    expect(dateTime('not a time', now)).toBe('—')
  })
})

describe('ago', () => {
  const now = 1_700_000_000_000
  it('counts seconds, then minutes, hours and days', () => {
    expect(ago(now, now)).toBe('刚刚')
    expect(ago(now - 12_400, now)).toBe('12 秒前')
    expect(ago(now - 59_999, now)).toBe('59 秒前')
    expect(ago(now - 60_000, now)).toBe('1 分钟前')
    expect(ago(now - 3 * 3600_000, now)).toBe('3 小时前')
    expect(ago(now - 2 * 86400_000, now)).toBe('2 天前')
  })

  it('reads a time in the future (a clock that moved back) as just now', () => {
    expect(ago(now + 5000, now)).toBe('刚刚')
  })
})
