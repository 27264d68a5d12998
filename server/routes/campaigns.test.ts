import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CampaignList, Campaign } from '../../contracts/campaigns.js'
import { Reach, ReachHistory } from '../../contracts/reach.js'
import { parseCsv } from '../services/csv.js'
import { REACH_HISTORY_CSV_HEADERS } from '../services/reach-history.js'
import { simControl } from '../../test/helpers/demo.js'
import { startTestApp, type TestApp } from '../../test/helpers/app.js'
import { demoCampaignIds } from '../sim/demo-data.js'

let t: TestApp
let admin: string
let staff: string
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.login('zhangwei')
  staff = await t.login('lina')
})
afterAll(() => t.close())

const reachOf = (taskId: number, cookie = staff) => t.app.inject({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie } })

/** What the simulated WShoto itself answers for a task, to compare figures with. */
async function vendorDetail(taskId: number) {
  const tok: any = await (
    await fetch(`${t.sim.url}/openapi/access_token?appid=${t.config.vendors.wshoto.appId}&app_secret=${t.config.vendors.wshoto.appSecret}`)
  ).json()
  const res = await fetch(`${t.sim.url}/openapi/mass_send/corp/get_mass_task_detail?access_token=${tok.data.access_token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ task_id: taskId }),
  })
  return ((await res.json()) as any).data
}

describe('campaigns', () => {
  it('lists the tracked demo campaigns', async () => {
    const list = CampaignList.parse((await t.app.inject({ url: '/api/campaigns', headers: { cookie: staff } })).json())
    expect(list.items.map((c) => c.taskId)).toEqual(demoCampaignIds.map((c) => c.taskId))
  })

  it('answers the reach of every demo campaign, covering all nine filter types with the audience parsed', async () => {
    const kinds = new Set<string>()
    for (const { taskId } of demoCampaignIds) {
      const res = await reachOf(taskId)
      expect(res.statusCode, `task ${taskId}: ${res.body}`).toBe(200)
      const reach = Reach.parse(res.json())
      kinds.add(reach.audience.kind)
      expect(reach.audience.summary.length).toBeGreaterThan(4)
      const { staff: s, targets } = reach
      expect(targets.delivered + targets.failed + targets.notSent).toBeLessThanOrEqual(targets.planned)
      expect(s.succeeded + s.failed + s.notSent).toBeLessThanOrEqual(s.planned)
      // Every staff member and department the reach names by id has a name from WeCom (user/get, department/list).
      expect(reach.names.staff[reach.createdBy], `task ${taskId}`).toMatch(/^[\u4e00-\u9fa5]{2,3}$/)
      for (const name of [...Object.values(reach.names.staff), ...Object.values(reach.names.departments)]) expect(name).toBeTruthy()
    }
    expect([...kinds].sort()).toEqual(
      [
        'corpToCustomers',
        'corpToGroups',
        'corpMoments',
        'staffToCustomers',
        'staffToGroups',
        'staffMoments',
        'chosenCustomers',
        'chosenGroups',
        'crowdPacks',
        'allCustomers',
        'allGroups',
      ].sort(),
    )
  })

  it("carries the vendor's figures in product words, with rates and ISO times", async () => {
    const taskId = demoCampaignIds[0]!.taskId
    const reach = Reach.parse((await reachOf(taskId)).json())
    const d = await vendorDetail(taskId)
    expect(reach.taskId).toBe(d.task_id)
    expect(reach.name).toBe(d.task_name)
    expect(reach.targets).toEqual({
      planned: d.plan_target_qty,
      notSent: d.no_send_target_qty,
      delivered: d.success_target_qty,
      failed: d.fail_target_qty,
      excess: d.excess_target_qty,
    })
    expect(reach.staff).toEqual({
      planned: d.plan_staff_qty,
      notSent: d.no_send_staff_qty,
      succeeded: d.success_staff_qty,
      failed: d.fail_staff_qty,
    })
    expect(reach.rates.delivery).toBeCloseTo(d.success_target_qty / d.plan_target_qty, 4)
    expect(reach.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(Date.parse(reach.fetchedAt)).toBeGreaterThan(Date.now() - 60_000)
  })

  it('refuses an untracked campaign and a malformed vendor answer clearly', async () => {
    const unknown = await reachOf(999_999)
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('CAMPAIGN_NOT_TRACKED')
    const notANumber = await reachOf('abc' as unknown as number)
    expect(notANumber.statusCode).toBe(400)
    // One answer of the wrong shape is read again (server/upstream/retry.ts); one that lasts is a clear error, or,
    // when the proxy has earlier figures of the task, those figures marked stale.
    const taskId = demoCampaignIds[1]!.taskId
    await simControl(t.sim, 'POST', 'faults', { vendor: 'wshoto', kind: 'wrongShape', path: '/openapi/mass_send' })
    expect((await reachOf(taskId)).statusCode).toBe(200)
    await simControl(t.sim, 'POST', 'faults', { vendor: 'wshoto', kind: 'wrongShape', count: 10, path: '/openapi/mass_send' })
    const stale = await reachOf(taskId)
    expect(stale.statusCode).toBe(200)
    expect(Reach.parse(stale.json()).stale).toMatchObject({ reason: expect.stringContaining('无法识别') })
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/campaigns/${taskId}`, headers: { cookie: admin } })
    expect(removed.statusCode).toBe(204)
    await simControl(t.sim, 'DELETE', 'faults')
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: admin }, payload: { taskId } })).statusCode,
    ).toBe(201)
    await simControl(t.sim, 'POST', 'faults', { vendor: 'wshoto', kind: 'wrongShape', count: 10, path: '/openapi/mass_send' })
    const bad = await reachOf(taskId)
    expect(bad.statusCode).toBe(502)
    expect(bad.json().code).toBe('WSHOTO_BAD_RESPONSE')
    await simControl(t.sim, 'DELETE', 'faults')
  })

  it('admins add a task after WShoto confirms it, and remove it; staff may not', async () => {
    const taskId = demoCampaignIds.at(-1)!.taskId
    const del = await t.app.inject({ method: 'DELETE', url: `/api/campaigns/${taskId}`, headers: { cookie: admin } })
    expect(del.statusCode).toBe(204)
    expect((await reachOf(taskId)).json().code).toBe('CAMPAIGN_NOT_TRACKED')

    const byStaff = await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: staff }, payload: { taskId } })
    expect(byStaff.statusCode).toBe(403)
    expect(byStaff.json().code).toBe('ADMIN_ONLY')

    const added = await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: admin }, payload: { taskId } })
    expect(added.statusCode).toBe(201)
    expect(Campaign.parse(added.json())).toMatchObject({ taskId, name: (await vendorDetail(taskId)).task_name, addedBy: 'zhangwei' })
    const twice = await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: admin }, payload: { taskId } })
    expect(twice.statusCode).toBe(409)

    const nowhere = await t.app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers: { cookie: admin },
      payload: { taskId: 424242, name: '不存在' },
    })
    expect(nowhere.statusCode).toBe(404)
    expect(nowhere.json().code).toBe('CAMPAIGN_NOT_FOUND')
  })
})

describe('reach asked once (REACH_FRESH_S 10)', () => {
  let w: TestApp
  let cookie: string
  beforeAll(async () => {
    w = await startTestApp({ config: { reachFreshMs: 10_000 } })
    cookie = await w.login('lina')
  })
  afterAll(() => w.close())
  const detailCalls = () => w.sim.state.requests.filter((r) => r.vendor === 'wshoto' && r.path.endsWith('/get_mass_task_detail')).length

  it('50 concurrent reach requests for one campaign make 1 WShoto call', async () => {
    const taskId = demoCampaignIds[0]!.taskId
    const before = detailCalls()
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => w.app.inject({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie } })),
    )
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(200))
    expect(detailCalls() - before).toBe(1)
    expect(new Set(answers.map((a) => Reach.parse(a.json()).fetchedAt)).size).toBe(1)
  })

  it('the list answers every campaign with its summary, from the figures the reach view gets, in one request', async () => {
    const list = CampaignList.parse((await w.app.inject({ url: '/api/campaigns', headers: { cookie } })).json())
    expect(list.items.map((c) => c.taskId)).toEqual(demoCampaignIds.map((c) => c.taskId))
    const before = detailCalls()
    for (const item of list.items) {
      const reach = Reach.parse((await w.app.inject({ url: `/api/campaigns/${item.taskId}/reach`, headers: { cookie } })).json())
      expect(item.error).toBeNull()
      expect(item.summary).toEqual({
        type: { code: reach.type.code, label: reach.type.label },
        status: reach.status,
        delivery: reach.rates.delivery,
        fetchedAt: reach.fetchedAt,
        stale: null,
      })
    }
    // The reach answers came from the figures the list had just fetched.
    expect(detailCalls()).toBe(before)
  })

  it('a pull-to-refresh asks WShoto again, at most once per 2 s per campaign', async () => {
    const taskId = demoCampaignIds[1]!.taskId
    await w.app.inject({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie } })
    const before = detailCalls()
    await Promise.all(
      Array.from({ length: 5 }, () => w.app.inject({ url: `/api/campaigns/${taskId}/reach?refresh=1`, headers: { cookie } })),
    )
    // Just asked (by the request above): the refresh waits for the 2 s gap.
    expect(detailCalls() - before).toBe(0)
    await new Promise((r) => setTimeout(r, 2_050))
    await Promise.all(Array.from({ length: 5 }, () => w.app.inject({ url: `/api/campaigns?refresh=1`, headers: { cookie } })))
    expect(detailCalls() - before).toBe(demoCampaignIds.length)
  })
})

describe('reach history', () => {
  it('answers each fetch as a point, oldest first; admins download it as CSV with Chinese headers', async () => {
    const taskId = demoCampaignIds[2]!.taskId
    const historyOf = async () =>
      ReachHistory.parse((await t.app.inject({ url: `/api/campaigns/${taskId}/reach/history`, headers: { cookie: staff } })).json())
    // Earlier tests fetched it too.
    const before = (await historyOf()).measured
    const fetched: string[] = []
    // REACH_FRESH_S 0 here: every request is a fetch, and each fetch a snapshot.
    for (let i = 0; i < 3; i++) fetched.push(Reach.parse((await reachOf(taskId)).json()).fetchedAt)
    const history = await historyOf()
    expect(history.measured).toBe(before + 3)
    expect(history.points.slice(-3).map((p) => p.fetchedAt)).toEqual(fetched)

    const csv = await t.app.inject({ url: `/api/admin/campaigns/${taskId}/reach/history.csv`, headers: { cookie: admin } })
    expect(csv.statusCode, csv.body).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="reach-history-${taskId}.csv"`)
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = parseCsv(csv.rawPayload.toString('utf8'))
    expect(rows[0]).toEqual([...REACH_HISTORY_CSV_HEADERS])
    expect(rows).toHaveLength(before + 4)

    expect((await t.app.inject({ url: `/api/admin/campaigns/${taskId}/reach/history.csv`, headers: { cookie: staff } })).statusCode).toBe(
      403,
    )
    const untracked = await t.app.inject({ url: '/api/campaigns/999999/reach/history', headers: { cookie: staff } })
    expect(untracked.statusCode).toBe(404)
    expect(untracked.json().code).toBe('CAMPAIGN_NOT_TRACKED')
  })
})
