import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Reach } from '../../contracts/reach.js'
import { SendList } from '../../contracts/sends.js'
import { demoCampaignIds, demoGroupIds } from '../../server/sim/demo-data.js'
import { demo } from '../helpers/demo.js'
import { expectError, startFaultRig, timed, type Answer, type FaultRig } from './faults-helpers.js'

// One circuit breaker per vendor (server/upstream/breaker.ts): 5 consecutive "vendor is down" failures open it;
// while open every call to that vendor is answered 503 VENDOR_UNAVAILABLE at once, without a request; after the
// 15 s cool-down (the injected clock) one probe goes through: an answer closes it, a failure opens it again.

let rig: FaultRig
const figures: string[] = []
beforeAll(async () => {
  rig = await startFaultRig()
})
afterAll(async () => {
  for (const line of figures) console.info(line)
  await rig?.close()
})
afterEach(() => rig.clearFaults())

const COOL_DOWN_MS = 15_000
// "At once": the typical refusal under 50 ms (a send also writes its row to the database twice), and none near a
// single call's timeout (300 ms) — a busy CI machine must not turn scheduling noise into a failure.
const TYPICAL_MS = { read: 50, send: 100 }
const WORST_MS = 250

const get = (url: string): Promise<Answer> => rig.t.app.inject({ url, headers: { cookie: rig.cookie } })
// A failed read is not shared (only answers are, for 15 s), so while WeCom fails every call reaches the breaker;
// the clock only moves where a test says so (moving it would end the cool-down).
const contact = () => get(`/api/contacts/${demo.linked.externalUserId}`)
let n = 0
const send = (key = `faults-breaker-${n++}`) => {
  rig.advance(1000)
  return rig.t.app.inject({
    method: 'POST',
    url: '/api/sends',
    headers: { cookie: rig.cookie },
    payload: {
      idempotencyKey: key,
      channel: 'rpa',
      contact: { externalUserId: demo.linked.externalUserId },
      content: [{ type: 'text', text: `熔断测试 ${key}` }],
    },
  })
}
const reach = (taskId: number) => get(`/api/campaigns/${taskId}/reach`)
const vendorCalls = (vendor: string, since: number) => rig.t.sim.state.requests.slice(since).filter((r) => r.vendor === vendor).length
const logged = (msg: string, vendor: string) => rig.t.logs.filter((l) => l.includes(msg) && l.includes(`"vendor":"${vendor}"`)).length

/** `count` calls while the breaker is open: each 503 VENDOR_UNAVAILABLE, fast, and the vendor hears nothing. Answers the median ms. */
async function refusedFast(
  vendor: string,
  call: () => Promise<Answer>,
  count = 10,
  kind: keyof typeof TYPICAL_MS = 'read',
): Promise<number> {
  const since = rig.mark()
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const [res, ms] = await timed(call)
    expectError(res, 503, 'VENDOR_UNAVAILABLE')
    times.push(ms)
  }
  expect(vendorCalls(vendor, since)).toBe(0)
  return fastEnough(times, kind)
}

function fastEnough(times: number[], kind: keyof typeof TYPICAL_MS): number {
  const sorted = [...times].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]!
  expect(median).toBeLessThan(TYPICAL_MS[kind])
  expect(sorted.at(-1)!).toBeLessThan(WORST_MS)
  return median
}

describe('WeCom', () => {
  it('opens after repeated 503s, refuses fast for every WeCom read, lets a probe through after the cool-down and closes', async () => {
    rig.advance(20_000)
    await rig.inject('wecom', '/cgi-bin/externalcontact/get', { kind: 'http', status: 503 }, 100)
    // 3 attempts in the first request, 2 in the second: the 5th failure opens the breaker, the 3rd attempt is refused.
    expectError(await contact(), 502, 'WECOM_HTTP_ERROR')
    const open = await contact()
    expectError(open, 503, 'VENDOR_UNAVAILABLE')
    // It says when to come back: the cool-down, in whole seconds (the injected clock has not moved).
    expect(open.headers['retry-after']).toBe(String(COOL_DOWN_MS / 1000))
    expect(logged('circuit breaker opened', 'wecom')).toBe(1)
    expect((await contact()).json().message).toMatch(/^企业微信暂时无法连接.*再试/)
    const median = await refusedFast('wecom', contact)
    // The breaker is the vendor's: a group read is refused too, other vendors are not.
    await refusedFast('wecom', () => get(`/api/groups/${demoGroupIds.lockVip}`), 3)
    expect((await reach(demoCampaignIds[0]!.taskId)).statusCode).toBe(200)

    rig.advance(COOL_DOWN_MS - 1)
    await refusedFast('wecom', () => get(`/api/groups/${demoGroupIds.lockVip}`), 1)
    // 1 ms of the cool-down left: come back in a second, never "0".
    expect((await get(`/api/groups/${demoGroupIds.lockVip}`)).headers['retry-after']).toBe('1')
    rig.advance(2)
    await rig.clearFaults()
    const since = rig.mark()
    const probe = await get(`/api/contacts/${demo.unlinked.externalUserId}`)
    expect(probe.statusCode, probe.body).toBe(200)
    expect(vendorCalls('wecom', since)).toBe(1)
    expect(logged('circuit breaker closed', 'wecom')).toBe(1)
    expect((await contact()).statusCode).toBe(200)
    figures.push(
      `[figures] breaker: wecom opened after 5 failures; 14 calls refused (median ${median.toFixed(1)} ms, 0 vendor requests); closed by the probe after ${COOL_DOWN_MS / 1000} s`,
    )
  })

  it('a failed probe opens it again for another cool-down', async () => {
    rig.advance(20_000)
    await rig.inject('wecom', '/cgi-bin/externalcontact/get', { kind: 'drop' }, 100)
    await contact()
    await contact()
    await refusedFast('wecom', contact, 2)
    rig.advance(COOL_DOWN_MS)
    const since = rig.mark()
    // The probe is dropped too: one request reached WeCom, then the breaker is open again.
    expectError(await contact(), 503, 'VENDOR_UNAVAILABLE')
    expect(vendorCalls('wecom', since)).toBe(1)
    expect(logged('circuit breaker opened again: the probe failed', 'wecom')).toBe(1)
    await refusedFast('wecom', contact, 2)
    rig.advance(COOL_DOWN_MS)
    await rig.clearFaults()
    expect((await contact()).statusCode).toBe(200)
    expect(logged('circuit breaker closed', 'wecom')).toBe(2)
  })

  it('business errors and refusals never open it', async () => {
    rig.advance(20_000)
    await rig.inject('wecom', '/cgi-bin/externalcontact/get', { kind: 'code', code: 84061 }, 8)
    const since = rig.mark()
    for (let i = 0; i < 8; i++) expectError(await contact(), 404, 'CONTACT_NOT_FOUND')
    await rig.inject('wecom', '/cgi-bin/externalcontact/get', { kind: 'http', status: 403 }, 8)
    for (let i = 0; i < 8; i++) expectError(await contact(), 502, 'WECOM_HTTP_ERROR')
    expect(rig.calls('/cgi-bin/externalcontact/get', since)).toBe(16)
    expect((await contact()).statusCode).toBe(200)
  })
})

describe('Youmi', () => {
  it('opens after five creates that timed out or failed; a create is then refused BEFORE calling, so the send is `failed` (not unknown) and the same key goes through once Youmi is back', async () => {
    await rig.inject('youmi', '/v2/BulkSend/SaveBulkSendTask', { kind: 'http', status: 502 }, 100)
    for (let i = 0; i < 5; i++) expectError(await send(), 502, 'SEND_OUTCOME_UNKNOWN')
    expect(logged('circuit breaker opened', 'youmi')).toBe(1)

    const key = 'faults-breaker-refused-before-calling'
    let since = rig.mark()
    const [refused, ms] = await timed(() => send(key))
    expectError(refused, 503, 'VENDOR_UNAVAILABLE')
    expect(refused.json().message).toMatch(/^友米暂时无法连接/)
    expect(ms).toBeLessThan(WORST_MS)
    expect(vendorCalls('youmi', since)).toBe(0)
    const listed = SendList.parse((await get('/api/sends?limit=1')).json()).items[0]!
    expect(listed).toMatchObject({ status: 'failed', error: { code: 'VENDOR_UNAVAILABLE' } })
    // The same key while still open: refused again, still before calling.
    expectError(await send(key), 503, 'VENDOR_UNAVAILABLE')
    const median = await refusedFast('youmi', () => send(), 8, 'send')

    rig.advance(COOL_DOWN_MS)
    await rig.clearFaults()
    since = rig.mark()
    const probe = await send(key)
    expect(probe.statusCode, probe.body).toBe(201)
    expect(probe.json().id).toBe(listed.id)
    expect(rig.calls('/v2/BulkSend/SaveBulkSendTask', since)).toBe(1)
    expect(logged('circuit breaker closed', 'youmi')).toBe(1)
    expect((await send()).statusCode).toBe(201)
    figures.push(
      `[figures] breaker: youmi opened after 5 failed creates; 10 sends refused before calling (median ${median.toFixed(1)} ms, 0 creates, status failed); the same key created once after the cool-down`,
    )
  })

  it('refused creates (business codes) never open it', async () => {
    await rig.inject('youmi', '/v2/BulkSend/SaveBulkSendTask', { kind: 'code', code: 200012 }, 7)
    const since = rig.mark()
    for (let i = 0; i < 7; i++) expectError(await send(), 502, 'YOUMI_TARGET_REJECTED')
    expect(rig.calls('/v2/BulkSend/SaveBulkSendTask', since)).toBe(7)
    expect((await send()).statusCode).toBe(201)
  })
})

describe('WShoto', () => {
  it('while open, reach answers the last good figures at once (stale), a campaign without any is 503, and adding one is refused', async () => {
    const known = demoCampaignIds[0]!.taskId
    const unknown = demoCampaignIds[3]!.taskId
    const good = Reach.parse((await reach(known)).json())
    await rig.inject('wshoto', '/openapi/mass_send', { kind: 'http', status: 503 }, 100)
    // 3 + 2 failures open it; both answers are the stale figures.
    for (let i = 0; i < 2; i++) {
      const res = await reach(known)
      expect(res.statusCode).toBe(200)
      expect(Reach.parse(res.json()).stale?.since).toBe(good.fetchedAt)
    }
    expect(logged('circuit breaker opened', 'wshoto')).toBe(1)

    const since = rig.mark()
    const times: number[] = []
    for (let i = 0; i < 10; i++) {
      const [res, ms] = await timed(() => reach(known))
      expect(res.statusCode).toBe(200)
      expect(Reach.parse(res.json()).stale).toEqual({ since: good.fetchedAt, reason: '微盛暂时无法连接，显示的是上次获取的数据' })
      times.push(ms)
    }
    const median = fastEnough(times, 'read')
    expect(vendorCalls('wshoto', since)).toBe(0)
    await refusedFast('wshoto', () => reach(unknown), 3)
    const add = await rig.t.app.inject({ method: 'DELETE', url: `/api/campaigns/${unknown}`, headers: { cookie: rig.cookie } })
    expect(add.statusCode).toBe(204)
    await refusedFast(
      'wshoto',
      () => rig.t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: rig.cookie }, payload: { taskId: unknown } }),
      2,
    )

    rig.advance(COOL_DOWN_MS)
    await rig.clearFaults()
    const back = await reach(known)
    expect(back.statusCode).toBe(200)
    expect(Reach.parse(back.json()).stale).toBeNull()
    expect(logged('circuit breaker closed', 'wshoto')).toBe(1)
    expect(
      (await rig.t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: rig.cookie }, payload: { taskId: unknown } }))
        .statusCode,
    ).toBe(201)
    figures.push(
      `[figures] breaker: wshoto opened after 5 failures; 10 reaches answered stale (median ${median.toFixed(1)} ms, 0 vendor requests), 5 calls without figures refused 503; closed by the probe`,
    )
  })
})
