import type { ReachPoint } from '../../contracts/reach.js'
import { t } from '../i18n/index.js'
import { percent } from './format.js'

// The reach chart's geometry and words, pure: the component only draws what these answer.

/** The chart's drawing box, in SVG units: about its size in CSS pixels in a 320 px sidebar, so text stays readable. */
export const CHART = { width: 268, height: 132, left: 34, right: 8, top: 8, bottom: 8 } as const
/** Up to this many points each get a dot; beyond, only the latest (the line shows the rest). */
export const DOTS_MAX = 48

export type RateKey = 'delivery' | 'staffCompletion'

export interface ChartDot {
  x: number
  y: number
  point: ReachPoint
}

const plotWidth = CHART.width - CHART.left - CHART.right
const plotHeight = CHART.height - CHART.top - CHART.bottom

/** Where a share sits vertically: 0 at the bottom, 100% at the top. */
export const yOf = (rate: number) => CHART.top + (1 - Math.min(1, Math.max(0, rate))) * plotHeight

/** Where each point sits horizontally: by its time, first to last across the plot (one point: in the middle). */
export function xsOf(points: ReachPoint[]): number[] {
  const times = points.map((p) => Date.parse(p.fetchedAt))
  const first = times[0] ?? 0
  const span = (times.at(-1) ?? 0) - first
  return times.map((ms) => CHART.left + (span > 0 ? ((ms - first) / span) * plotWidth : plotWidth / 2))
}

/** The line of one share as SVG path data; a point without a share (nothing planned) breaks the line. */
export function linePath(points: ReachPoint[], key: RateKey): string {
  const xs = xsOf(points)
  let d = ''
  let pen = false
  points.forEach((p, i) => {
    const rate = p[key]
    if (rate === null) {
      pen = false
      return
    }
    d += `${pen ? 'L' : 'M'}${xs[i]!.toFixed(1)} ${yOf(rate).toFixed(1)}`
    pen = true
  })
  return d
}

/** The dots of one share: every point with one while they are few, else the latest only. */
export function dotsOf(points: ReachPoint[], key: RateKey): ChartDot[] {
  const xs = xsOf(points)
  const dots = points.flatMap((point, i) => (point[key] === null ? [] : [{ x: xs[i]!, y: yOf(point[key]), point }]))
  return dots.length > DOTS_MAX ? dots.slice(-1) : dots
}

const two = (n: number) => String(n).padStart(2, '0')

/**
 * A measured time as short as its span allows, in the staff member's own time zone: "18:30:05" within ten minutes
 * (measurements seconds apart would otherwise read alike), "18:30" within one day, "12-02 18:30" within a year, else
 * "2026-12-02".
 */
export function timeLabel(iso: string, spanMs: number): string {
  const d = new Date(iso)
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`
  if (spanMs < 10 * 60_000) return `${hm}:${two(d.getSeconds())}`
  if (spanMs < 24 * 3600_000) return hm
  if (spanMs < 365 * 24 * 3600_000) return `${two(d.getMonth() + 1)}-${two(d.getDate())} ${hm}`
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`
}

export const spanOf = (points: ReachPoint[]) =>
  points.length ? Date.parse(points.at(-1)!.fetchedAt) - Date.parse(points[0]!.fetchedAt) : 0

/** "12-01 10:00 至 12-02 18:30 · 测量 12 次" (`measured`: every snapshot kept, not only those drawn). */
export function spanText(points: ReachPoint[], measured: number): string {
  const span = spanOf(points)
  const text = t('campaigns.reach.history.span', {
    from: timeLabel(points[0]!.fetchedAt, span),
    to: timeLabel(points.at(-1)!.fetchedAt, span),
    n: measured,
  })
  return measured > points.length ? text + t('campaigns.reach.history.thinned', { shown: points.length }) : text
}

/** The chart in one sentence, for screen readers (and anyone who cannot tell the lines apart). */
export function summaryText(points: ReachPoint[], measured: number): string {
  const first = points[0]!
  const last = points.at(-1)!
  return t('campaigns.reach.history.summary', {
    delivery0: percent(first.delivery),
    delivery1: percent(last.delivery),
    staff0: percent(first.staffCompletion),
    staff1: percent(last.staffCompletion),
    span: spanText(points, measured),
  })
}

/** One point in words: a dot's tooltip. */
export const pointText = (p: ReachPoint, spanMs: number) =>
  t('campaigns.reach.history.point', {
    time: timeLabel(p.fetchedAt, spanMs),
    delivery: percent(p.delivery),
    staff: percent(p.staffCompletion),
  })
