import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { demoGroupIds } from '../../server/sim/demo-data.js'
import { TEST_PUBLIC_URL } from '../helpers/app.js'
import { demo, simControl } from '../helpers/demo.js'
import {
  BUDGET,
  expectError,
  readFaults,
  SLOW_MS,
  startFaultRig,
  Tally,
  timed,
  type Answer,
  type FaultCase,
  type FaultRig,
} from './faults-helpers.js'

// WeCom's safe reads (customer, group, access token, JS tickets) under every fault the simulator can produce:
// a fault shorter than the retry budget is outlasted (200, and the simulator saw exactly the attempts the policy
// allows); a longer one is a clean 502/503/504 naming WeCom; the proxy serves the next request either way.

let rig: FaultRig
const tally = new Tally('wecom')
beforeAll(async () => {
  rig = await startFaultRig()
})
afterAll(async () => {
  console.info(tally.line())
  await rig?.close()
})
afterEach(() => rig.clearFaults())

const CONTACT = '/cgi-bin/externalcontact/get'
const GROUP = '/cgi-bin/externalcontact/groupchat/get'
const TOKEN = '/cgi-bin/gettoken'
const TICKET = '/cgi-bin/get_jsapi_ticket'

// The customer and the group answers are shared for 15 s: each call moves the clock past that, so it reaches WeCom.
const contact = (): Promise<Answer> => {
  rig.advance(20_000)
  return rig.t.app.inject({ url: `/api/contacts/${demo.linked.externalUserId}`, headers: { cookie: rig.cookie } })
}
const group = (): Promise<Answer> => {
  rig.advance(20_000)
  return rig.t.app.inject({ url: `/api/groups/${demoGroupIds.lockVip}`, headers: { cookie: rig.cookie } })
}
// Tickets live 10 minutes here (startFaultRig): 11 minutes later both tickets and the token are fetched again.
const signatures = (): Promise<Answer> => {
  rig.advance(11 * 60_000)
  return rig.t.app.inject({
    method: 'POST',
    url: '/api/wecom/signatures',
    headers: { cookie: rig.cookie },
    payload: { url: `${TEST_PUBLIC_URL}/customer` },
  })
}
// The token WeCom issued is revoked: the next read is refused (40014), and the token is fetched again.
const withRevokedToken = async (): Promise<Answer> => {
  await simControl(rig.t.sim, 'POST', 'revoke', { vendor: 'wecom' })
  return contact()
}

/** A fault one call shorter than the retry budget is outlasted; one as long as the budget fails cleanly. */
async function outlastOrFail(c: FaultCase, faultPath: string, call: () => Promise<Answer>, healthy: () => Promise<Answer> = call) {
  await rig.inject('wecom', faultPath, c.fault, c.budget - 1)
  let since = rig.mark()
  const [ok, okMs] = await timed(call)
  expect(ok.statusCode, ok.body).toBe(200)
  expect(rig.calls(faultPath, since)).toBe(c.budget)
  tally.record(`${faultPath} ${c.name} ×${c.budget - 1}`, ok, okMs, await healthy())

  await rig.inject('wecom', faultPath, c.fault, c.budget)
  since = rig.mark()
  const [bad, badMs] = await timed(call)
  expectError(bad, ...c.fails)
  expect(rig.calls(faultPath, since)).toBe(c.budget)
  // Bounded by the deadline (750 ms), with room for a slow machine.
  expect(badMs).toBeLessThan(3_000)
  tally.record(`${faultPath} ${c.name} ×${c.budget}`, bad, badMs, await healthy())
}

const codeFaults: FaultCase[] = [
  { name: 'busy (-1)', fault: { kind: 'code', code: -1 }, budget: BUDGET.fast, fails: [503, 'WECOM_BUSY'] },
  { name: 'rate limit 45009', fault: { kind: 'code', code: 45009 }, budget: BUDGET.rateLimited, fails: [503, 'WECOM_RATE_LIMITED'] },
  { name: 'concurrency limit 45033', fault: { kind: 'code', code: 45033 }, budget: BUDGET.rateLimited, fails: [503, 'WECOM_RATE_LIMITED'] },
]

describe('customer reads (externalcontact/get)', () => {
  it.each([...readFaults('WECOM'), ...codeFaults].map((c) => [c.name, c] as const))(
    '%s: outlasted within the budget, a clean error beyond it',
    async (_n, c) => {
      await outlastOrFail(c, CONTACT, contact)
    },
  )

  it('a rate limit waits longer than a 5xx before the retry', async () => {
    rig.waits.length = 0
    await rig.inject('wecom', CONTACT, { kind: 'code', code: 45009 }, 1)
    expect((await contact()).statusCode).toBe(200)
    await rig.inject('wecom', CONTACT, { kind: 'http', status: 502 }, 1)
    expect((await contact()).statusCode).toBe(200)
    expect(rig.waits).toEqual([500, 100])
  })

  it.each([
    ['token invalid (40014)', 40014],
    ['token expired (42001)', 42001],
  ])('%s: the token is fetched again and the read repeated once; twice is a clean error', async (_n, code) => {
    await rig.inject('wecom', CONTACT, { kind: 'code', code }, 1)
    let since = rig.mark()
    const [ok, okMs] = await timed(contact)
    expect(ok.statusCode, ok.body).toBe(200)
    expect([rig.calls(CONTACT, since), rig.calls(TOKEN, since)]).toEqual([2, 1])
    tally.record(`token ${code} ×1`, ok, okMs, await contact())

    await rig.inject('wecom', CONTACT, { kind: 'code', code }, 2)
    since = rig.mark()
    const [bad, badMs] = await timed(contact)
    expectError(bad, 502, 'WECOM_ERROR')
    expect(bad.json().message).toContain(String(code))
    expect([rig.calls(CONTACT, since), rig.calls(TOKEN, since)]).toEqual([2, 1])
    tally.record(`token ${code} ×2`, bad, badMs, await contact())
  })

  it('never repeats a refusal or a business error: one call each', async () => {
    const refusals: Array<[object, number, string]> = [
      [{ kind: 'code', code: 84061 }, 404, 'CONTACT_NOT_FOUND'],
      [{ kind: 'code', code: 60020 }, 502, 'WECOM_IP_NOT_TRUSTED'],
      [{ kind: 'code', code: 48002 }, 502, 'WECOM_API_FORBIDDEN'],
      [{ kind: 'http', status: 404 }, 502, 'WECOM_HTTP_ERROR'],
      [{ kind: 'http', status: 403 }, 502, 'WECOM_HTTP_ERROR'],
    ]
    for (const [fault, status, code] of refusals) {
      await rig.inject('wecom', CONTACT, fault as never, 1)
      const since = rig.mark()
      const [res, ms] = await timed(contact)
      expect(res.statusCode, res.body).toBe(status)
      expect(res.json().code).toBe(code)
      expect(rig.calls(CONTACT, since)).toBe(1)
      tally.record(`refusal ${JSON.stringify(fault)}`, res, ms, await contact())
    }
  })
})

describe('group reads (externalcontact/groupchat/get)', () => {
  const cases = [...readFaults('WECOM'), codeFaults[0]!, codeFaults[1]!]
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    await outlastOrFail(c, GROUP, group)
  })

  it('"no such group" (40050) is answered at once: 404, one call', async () => {
    await rig.inject('wecom', GROUP, { kind: 'code', code: 40050 }, 1)
    const since = rig.mark()
    const res = await group()
    expectError(res, 404, 'GROUP_NOT_FOUND')
    expect(rig.calls(GROUP, since)).toBe(1)
  })
})

describe('access token fetches (gettoken)', () => {
  it.each(readFaults('WECOM').map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    await outlastOrFail(c, TOKEN, withRevokedToken, contact)
  })

  it('refused credentials (40001) are not fetched again: one call, 502 WECOM_CREDENTIALS_INVALID', async () => {
    await rig.inject('wecom', TOKEN, { kind: 'code', code: 40001 }, 1)
    const since = rig.mark()
    const [res, ms] = await timed(withRevokedToken)
    expectError(res, 502, 'WECOM_CREDENTIALS_INVALID')
    expect(rig.calls(TOKEN, since)).toBe(1)
    tally.record('gettoken 40001', res, ms, await contact())
  })
})

describe('JS-SDK ticket fetches (get_jsapi_ticket)', () => {
  const cases = readFaults('WECOM').filter((c) => ['timeout', 'connection reset', 'HTTP 500', 'malformed JSON'].includes(c.name))
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    await outlastOrFail(c, TICKET, signatures)
  })
})

describe('the OAuth code exchange is never repeated (a code works once)', () => {
  it('a 500 from auth/getuserinfo fails the sign-in after one call; signing in again works', async () => {
    await rig.inject('wecom', '/cgi-bin/auth/getuserinfo', { kind: 'http', status: 500 }, 1)
    const since = rig.mark()
    await expect(rig.t.login('lina')).rejects.toThrow(/callback answered 502/)
    expect(rig.calls('/cgi-bin/auth/getuserinfo', since)).toBe(1)
    expect(await rig.t.login('lina')).toMatch(/sid=/)
  })

  it('a timeout too', async () => {
    await rig.inject('wecom', '/cgi-bin/auth/getuserinfo', { kind: 'latency', latencyMs: SLOW_MS }, 1)
    const since = rig.mark()
    await expect(rig.t.login('lina')).rejects.toThrow(/callback answered 504/)
    expect(rig.calls('/cgi-bin/auth/getuserinfo', since)).toBe(1)
  })
})
