import { describe, expect, it } from 'vitest'
import type { ReachPoint } from '../../contracts/reach.js'
import { CHART, DOTS_MAX, dotsOf, linePath, spanText, summaryText, timeLabel, xsOf, yOf } from './history.js'

const at = (minutes: number, delivery: number | null, staffCompletion: number | null = 0.5): ReachPoint => ({
  fetchedAt: new Date(Date.UTC(2026, 11, 1, 2, 0) + minutes * 60_000).toISOString(),
  delivery,
  staffCompletion,
  targets: { planned: 100, delivered: Math.round((delivery ?? 0) * 100) },
  staff: { planned: 4, succeeded: 2 },
})

describe('the reach chart', () => {
  it('places points by their time, not their index, and shares from the bottom (0) to the top (100%)', () => {
    const xs = xsOf([at(0, 0), at(10, 0.5), at(40, 1)])
    expect(xs[0]).toBe(CHART.left)
    expect(xs[2]).toBe(CHART.width - CHART.right)
    expect(xs[1]).toBeCloseTo(CHART.left + (CHART.width - CHART.left - CHART.right) / 4)
    expect(yOf(0)).toBe(CHART.height - CHART.bottom)
    expect(yOf(1)).toBe(CHART.top)
    // One point: in the middle.
    expect(xsOf([at(0, 0.2)])[0]).toBe(CHART.left + (CHART.width - CHART.left - CHART.right) / 2)
  })

  it('breaks a line where a share is missing (nothing planned) and keeps dots only while they are few', () => {
    const d = linePath([at(0, 0.1), at(1, null), at(2, 0.3), at(3, 0.4)], 'delivery')
    expect(d.match(/M/g)).toHaveLength(2)
    expect(d.match(/L/g)).toHaveLength(1)
    const many = Array.from({ length: DOTS_MAX + 1 }, (_, i) => at(i, i / 100))
    expect(dotsOf(many.slice(0, DOTS_MAX), 'delivery')).toHaveLength(DOTS_MAX)
    const few = dotsOf(many, 'delivery')
    expect(few).toHaveLength(1)
    expect(few[0]!.point).toBe(many.at(-1))
  })

  it('says the chart in words, with the measured times as short as their span allows', () => {
    const points = [at(0, 0.4, 0.25), at(90, 0.893, 0.9167)]
    expect(summaryText(points, 2)).toBe(
      `送达率从 40.0% 变为 89.3%，员工执行率从 25.0% 变为 91.7%；${timeLabel(points[0]!.fetchedAt, 3600_000)} 至 ${timeLabel(points[1]!.fetchedAt, 3600_000)} · 测量 2 次`,
    )
    expect(timeLabel(points[0]!.fetchedAt, 3600_000)).toMatch(/^\d\d:\d\d$/)
    expect(timeLabel(points[0]!.fetchedAt, 5_000)).toMatch(/^\d\d:\d\d:00$/)
    expect(timeLabel(points[0]!.fetchedAt, 3 * 24 * 3600_000)).toMatch(/^\d\d-\d\d \d\d:\d\d$/)
    expect(timeLabel(points[0]!.fetchedAt, 400 * 24 * 3600_000)).toMatch(/^\d{4}-\d\d-\d\d$/)
    expect(spanText(points, 500)).toContain('测量 500 次（图中均匀取 2 个点）')
  })
})
