import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Reach } from '../../contracts/reach.js'
import { demoCampaignIds } from '../../server/sim/demo-data.js'
import { simControl } from '../helpers/demo.js'
import {
  BUDGET,
  expectError,
  readFaults,
  startFaultRig,
  Tally,
  timed,
  type Answer,
  type FaultCase,
  type FaultRig,
} from './faults-helpers.js'

// WShoto: the token fetch and the task detail are safe reads, retried within the deadline. A campaign whose figures
// the proxy fetched before is answered from those figures, marked `stale`, while WShoto fails; one it never fetched
// fails as it always did (502/503/504).

let rig: FaultRig
const tally = new Tally('wshoto')
beforeAll(async () => {
  rig = await startFaultRig()
})
afterAll(async () => {
  console.info(tally.line())
  await rig?.close()
})
afterEach(() => rig.clearFaults())

const DETAIL = '/openapi/mass_send/corp/get_mass_task_detail'
const TOKEN = '/openapi/access_token'
const task = demoCampaignIds[0]!.taskId

const reach = (taskId = task): Promise<Answer> =>
  rig.t.app.inject({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie: rig.cookie } })
/** Removes the campaign and adds it again: the proxy forgets its last figures, as after a restart. */
async function forget(taskId = task) {
  expect((await rig.t.app.inject({ method: 'DELETE', url: `/api/campaigns/${taskId}`, headers: { cookie: rig.cookie } })).statusCode).toBe(
    204,
  )
  expect(
    (await rig.t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: rig.cookie }, payload: { taskId } })).statusCode,
  ).toBe(201)
}
const fresh = (res: Answer) => {
  expect(res.statusCode, res.body).toBe(200)
  expect(Reach.parse(res.json()).stale).toBeNull()
}

/** Outlasted within the budget (fresh figures); beyond it, without earlier figures, a clean error. */
async function outlastOrFail(c: FaultCase, faultPath: string, call: () => Promise<Answer>) {
  await rig.inject('wshoto', faultPath, c.fault, c.budget - 1)
  let since = rig.mark()
  const [ok, okMs] = await timed(call)
  fresh(ok)
  expect(rig.calls(faultPath, since)).toBe(c.budget)
  tally.record(`${faultPath} ${c.name} ×${c.budget - 1}`, ok, okMs, await reach())

  await forget()
  await rig.inject('wshoto', faultPath, c.fault, c.budget)
  since = rig.mark()
  const [bad, badMs] = await timed(call)
  expectError(bad, ...c.fails)
  expect(rig.calls(faultPath, since)).toBe(c.budget)
  expect(badMs).toBeLessThan(3_000)
  tally.record(`${faultPath} ${c.name} ×${c.budget}`, bad, badMs, await reach())
}

const rateLimit: FaultCase = {
  name: 'HTTP 429',
  fault: { kind: 'http', status: 429 },
  budget: BUDGET.rateLimited,
  fails: [503, 'WSHOTO_RATE_LIMITED'],
}

describe('task details (get_mass_task_detail)', () => {
  it.each([...readFaults('WSHOTO'), rateLimit].map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    await outlastOrFail(c, DETAIL, () => reach())
  })

  it.each([10001, 10010, 10011])(
    'token-invalid code %i: the token is fetched again and the read repeated once; twice is a clean error',
    async (code) => {
      await rig.inject('wshoto', DETAIL, { kind: 'code', code }, 1)
      let since = rig.mark()
      const [ok, okMs] = await timed(() => reach())
      fresh(ok)
      expect([rig.calls(DETAIL, since), rig.calls(TOKEN, since)]).toEqual([2, 1])
      tally.record(`token ${code} ×1`, ok, okMs, await reach())

      await forget()
      await rig.inject('wshoto', DETAIL, { kind: 'code', code }, 2)
      since = rig.mark()
      const [bad, badMs] = await timed(() => reach())
      expectError(bad, 502, 'WSHOTO_ERROR')
      expect([rig.calls(DETAIL, since), rig.calls(TOKEN, since)]).toEqual([2, 1])
      tally.record(`token ${code} ×2`, bad, badMs, await reach())
    },
  )

  it('never repeats a refusal: "no such task" (40004) and HTTP 404 are one call, never answered stale', async () => {
    fresh(await reach())
    for (const [fault, status, code] of [
      [{ kind: 'code', code: 40004 }, 404, 'CAMPAIGN_NOT_FOUND'],
      [{ kind: 'http', status: 404 }, 502, 'WSHOTO_HTTP_ERROR'],
    ] as const) {
      await rig.inject('wshoto', DETAIL, fault, 1)
      const since = rig.mark()
      const [res, ms] = await timed(() => reach())
      expectError(res, status, code)
      expect(rig.calls(DETAIL, since)).toBe(1)
      tally.record(`refusal ${JSON.stringify(fault)}`, res, ms, await reach())
    }
  })
})

describe('token fetches (access_token)', () => {
  // WShoto forgets its tokens: the next detail is refused (10001) and the token fetched again.
  const revoked = async () => {
    await simControl(rig.t.sim, 'POST', 'revoke', { vendor: 'wshoto' })
    return reach()
  }
  it.each(readFaults('WSHOTO').map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    await outlastOrFail(c, TOKEN, revoked)
  })
})

describe('reach keeps answering while WShoto is down: the last good figures, marked stale', () => {
  it.each([
    ['timeouts', { kind: 'latency', latencyMs: 600 }, BUDGET.timeout, '微盛暂时无法连接，显示的是上次获取的数据'],
    ['HTTP 503', { kind: 'http', status: 503 }, BUDGET.fast, '微盛暂时无法连接，显示的是上次获取的数据'],
    ['dropped connections', { kind: 'drop' }, BUDGET.fast, '微盛暂时无法连接，显示的是上次获取的数据'],
    ['malformed answers', { kind: 'malformed' }, BUDGET.fast, '微盛返回了无法识别的内容，显示的是上次获取的数据'],
    ['rate limits', { kind: 'http', status: 429 }, BUDGET.rateLimited, '微盛限制了调用频率，显示的是上次获取的数据'],
  ] as const)('%s', async (name, fault, budget, reason) => {
    const good = Reach.parse((await reach()).json())
    expect(good.stale).toBeNull()
    rig.advance(60_000)
    await rig.inject('wshoto', DETAIL, fault, budget)
    const since = rig.mark()
    const [res, ms] = await timed(() => reach())
    expect(res.statusCode, res.body).toBe(200)
    const stale = Reach.parse(res.json())
    expect(stale.stale).toEqual({ since: good.fetchedAt, reason })
    const { stale: _s, ...figures } = stale
    const { stale: _g, ...before } = good
    expect(figures).toEqual(before)
    expect(rig.calls(DETAIL, since)).toBe(budget)
    expect(rig.t.logs.some((l) => l.includes('reach answered with the last good figures'))).toBe(true)
    // WShoto is back: fresh figures, fetched now.
    const back = await reach()
    fresh(back)
    expect(Date.parse(back.json().fetchedAt)).toBeGreaterThan(Date.parse(good.fetchedAt))
    tally.record(`stale ${name}`, res, ms, back)
  })

  it('a campaign whose figures were never fetched still fails as before', async () => {
    const other = demoCampaignIds[2]!.taskId
    await rig.inject('wshoto', DETAIL, { kind: 'http', status: 503 }, BUDGET.fast)
    const [res, ms] = await timed(() => reach(other))
    expectError(res, 502, 'WSHOTO_HTTP_ERROR')
    tally.record('no earlier figures', res, ms, await reach(other))
  })
})
