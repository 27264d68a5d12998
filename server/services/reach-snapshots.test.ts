import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import type { Reach } from '../../contracts/reach.js'
import { exampleReach } from '../openapi/examples.js'
import { openStore, type Store } from '../store/db.js'
import { rowsOf } from '../store/migrate.js'
import { parseCsv } from './csv.js'
import { REACH_HISTORY_CSV_HEADERS, reachHistoryCsv } from './reach-history.js'
import { DbReachSnapshots, figuresOf } from './reach-snapshots.js'
import { reachSnapshots } from '../store/schema.js'

const TASK = 30101
const DAY = 24 * 3600_000
const T0 = Date.UTC(2026, 5, 1)

let store: Store
let clock = T0
// One database for the file (opening one runs every migration: seconds on a busy machine), emptied before each test.
beforeAll(async () => {
  store = await openStore({ kind: 'memory' })
})
afterAll(() => store?.close())
beforeEach(async () => {
  await store.db.delete(reachSnapshots)
  clock = T0
})

/** The example reach as fetched at `ms`, with `delivered` of its planned targets delivered. */
function reachAt(ms: number, delivered = 100): Reach {
  const r = exampleReach as unknown as Reach
  return {
    ...r,
    taskId: TASK,
    targets: { ...r.targets, delivered },
    rates: { ...r.rates, delivery: delivered / r.targets.planned },
    fetchedAt: new Date(ms).toISOString(),
  }
}
const put = (s: DbReachSnapshots, ms: number, delivered?: number) => s.put(TASK, { reach: reachAt(ms, delivered), fetchedAtMs: ms })

describe('DbReachSnapshots', () => {
  it('keeps one row per fetch; the latest carries the whole answer, older rows only their figures', async () => {
    const s = new DbReachSnapshots(store, () => clock, 180)
    for (let i = 0; i < 3; i++) await put(s, T0 + i * 10_000, 100 + i)
    const latest = await s.latest(TASK)
    expect(latest?.fetchedAtMs).toBe(T0 + 20_000)
    expect(latest?.reach.targets.delivered).toBe(102)
    const rows = rowsOf<{ whole: boolean }>(
      await store.db.execute(sql`SELECT reach IS NOT NULL AS whole FROM reach_snapshots WHERE task_id = ${TASK} ORDER BY fetched_at`),
    )
    expect(rows.map((r) => r.whole)).toEqual([false, false, true])
    const history = await s.history(TASK, 200)
    expect(history.measured).toBe(3)
    expect(history.points.map((p) => p.targets.delivered)).toEqual([100, 101, 102])
    await s.forget(TASK)
    expect(await s.latest(TASK)).toBeUndefined()
    expect((await s.history(TASK, 200)).measured).toBe(0)
  })

  it('thins a long history to at most 200 points spread evenly over time, the latest included', async () => {
    const s = new DbReachSnapshots(store, () => clock, 180)
    // 1000 fetches over 10 days, most of them crowded into the first day.
    const times = Array.from({ length: 1000 }, (_, i) => (i < 900 ? T0 + i * 60_000 : T0 + DAY + ((i - 900) * (9 * DAY)) / 100))
    // Written at once (put() one by one is 3 statements each): only history() is under test here.
    await store.db
      .insert(reachSnapshots)
      .values(times.map((ms, i) => ({ taskId: TASK, fetchedAt: new Date(ms), figures: figuresOf(reachAt(ms, i)) })))
    clock = times.at(-1)!
    const { measured, points } = await s.history(TASK, 200)
    expect(measured).toBe(1000)
    expect(points.length).toBeLessThanOrEqual(200)
    expect(points.length).toBeGreaterThan(100)
    expect(points.at(-1)!.fetchedAt).toBe(new Date(times.at(-1)!).toISOString())
    const ms = points.map((p) => Date.parse(p.fetchedAt))
    expect(ms).toEqual([...ms].sort((a, b) => a - b))
    // Evenly over time, not by row: the crowded first day gets about a tenth of the points, not nine tenths.
    const firstDay = ms.filter((t) => t < T0 + DAY).length
    expect(firstDay).toBeLessThanOrEqual(Math.ceil(points.length / 10) + 1)
    // No two points in the same 1/200 of the span.
    const width = (times.at(-1)! - times[0]!) / 200
    const spans = ms.map((t) => Math.min(199, Math.floor((t - times[0]!) / width)))
    expect(new Set(spans).size).toBe(points.length)
  })

  it('forgets snapshots older than REACH_HISTORY_DAYS, on write and in what it answers', async () => {
    const s = new DbReachSnapshots(store, () => clock, 30)
    await put(s, T0, 1)
    await put(s, T0 + 20 * DAY, 2)
    clock = T0 + 35 * DAY
    expect((await s.history(TASK, 200)).points.map((p) => p.targets.delivered)).toEqual([2])
    await put(s, clock, 3)
    const left = rowsOf<{ n: number }>(await store.db.execute(sql`SELECT count(*)::int AS n FROM reach_snapshots`))
    expect(left[0]!.n).toBe(2)
    // Another campaign's old rows go with the hourly sweep.
    await store.db.insert(reachSnapshots).values({ taskId: TASK + 1, fetchedAt: new Date(T0), figures: figuresOf(reachAt(T0)) })
    expect(await s.prune()).toBe(1)
  })
})

describe('the history as CSV', () => {
  it('UTF-8 with a byte-order mark, Chinese headers, China time and shares as percentages', () => {
    const csv = reachHistoryCsv([
      {
        fetchedAt: '2026-12-02T16:30:05.000Z',
        delivery: 0.8931,
        staffCompletion: null,
        targets: { planned: 2480, delivered: 2215 },
        staff: { planned: 0, succeeded: 0 },
      },
    ])
    const bytes = Buffer.from(csv, 'utf8')
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(csv.split('\r\n')[0]).toBe('\uFEFF获取时间（北京时间）,送达率,员工执行率,计划发送对象,已送达对象,计划执行员工,已执行员工')
    expect(parseCsv(bytes.toString('utf8'))).toEqual([
      [...REACH_HISTORY_CSV_HEADERS],
      ['2026-12-03 00:30:05', '89.31%', '', '2480', '2215', '0', '0'],
    ])
  })
})
