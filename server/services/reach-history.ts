import type { ReachPoint } from '../../contracts/reach.js'
import { toCsv } from './csv.js'

/** The most snapshots a CSV download holds; more are thinned evenly over time, as the chart's points are. */
export const REACH_HISTORY_CSV_ROWS = 10_000

export const REACH_HISTORY_CSV_HEADERS = [
  '获取时间（北京时间）',
  '送达率',
  '员工执行率',
  '计划发送对象',
  '已送达对象',
  '计划执行员工',
  '已执行员工',
] as const

const CHINA_OFFSET_MS = 8 * 3600_000

/** "2026-12-02 18:30:05": China has one time zone and no daylight saving, and spreadsheets read this as a time. */
const chinaTime = (iso: string) => new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')

/** "87.5%": a spreadsheet reads it as a percentage; empty when nothing was planned. */
const share = (rate: number | null) => (rate === null ? null : `${Math.round(rate * 10_000) / 100}%`)

/** A campaign's reach history as the CSV admins download: one row per snapshot, oldest first, headers in Chinese. */
export function reachHistoryCsv(points: ReachPoint[]): string {
  return toCsv([
    [...REACH_HISTORY_CSV_HEADERS],
    ...points.map((p) => [
      chinaTime(p.fetchedAt),
      share(p.delivery),
      share(p.staffCompletion),
      p.targets.planned,
      p.targets.delivered,
      p.staff.planned,
      p.staff.succeeded,
    ]),
  ])
}
