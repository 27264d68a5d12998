import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { SendList } from '../../contracts/sends.js'
import { demo, simControl } from '../helpers/demo.js'
import {
  expectError,
  readFaults,
  SLOW_MS,
  startFaultRig,
  Tally,
  timed,
  type Answer,
  type FaultRig,
  type FaultSpec,
} from './faults-helpers.js'

// Youmi: the token fetch is a safe read (retried within the deadline); a create (SaveBulkSendTask) and a delete are
// never repeated by the proxy. After an ambiguous failure the send is `unknown`, shown as such, and the same key is
// refused — so however Youmi fails, it gets exactly one create per send.

let rig: FaultRig
const tally = new Tally('youmi')
beforeAll(async () => {
  rig = await startFaultRig()
})
afterAll(async () => {
  console.info(tally.line())
  await rig?.close()
})
afterEach(() => rig.clearFaults())

const SAVE = '/v2/BulkSend/SaveBulkSendTask'
const DELETE = '/v2/BulkSend/DeleteBulkSendTask'
const TOKEN = '/connect/token'

let n = 0
const newKey = (what: string) => `faults-youmi-${what.replace(/\W+/g, '-')}-${n++}`
const body = (key: string, scheduleAt?: string) => ({
  idempotencyKey: key,
  channel: 'rpa',
  contact: { externalUserId: demo.linked.externalUserId },
  content: [{ type: 'text', text: `故障测试 ${key}` }],
  ...(scheduleAt ? { scheduleAt } : {}),
})
// A second apart, so "the newest send" is the one just posted.
const post = (key: string, scheduleAt?: string): Promise<Answer> => {
  rig.advance(1000)
  return rig.t.app.inject({ method: 'POST', url: '/api/sends', headers: { cookie: rig.cookie }, payload: body(key, scheduleAt) })
}
const cancel = (id: string): Promise<Answer> =>
  rig.t.app.inject({ method: 'DELETE', url: `/api/sends/${id}`, headers: { cookie: rig.cookie } })
const sendOf = async (id: string) =>
  SendList.parse((await rig.t.app.inject({ url: '/api/sends?limit=50', headers: { cookie: rig.cookie } })).json()).items.find(
    (s) => s.id === id,
  )
const newestSend = async () =>
  SendList.parse((await rig.t.app.inject({ url: '/api/sends?limit=1', headers: { cookie: rig.cookie } })).json()).items[0]!
/** Tasks Youmi holds for one send (its text carries the key). */
const tasksFor = (key: string) => rig.t.sim.state.youmi.tasks.filter((t) => JSON.stringify(t.body).includes(key)).length
const healthySend = () => post(newKey('healthy'))

describe('creates are never repeated: an ambiguous failure leaves the send unknown, with exactly one create at Youmi', () => {
  const ambiguous: Array<[string, FaultSpec, number, string]> = [
    ['timeout', { kind: 'latency', latencyMs: SLOW_MS }, 504, 'YOUMI_TIMEOUT'],
    ['connection reset', { kind: 'drop' }, 502, 'YOUMI_UNREACHABLE'],
    ['HTTP 500', { kind: 'http', status: 500 }, 502, 'YOUMI_HTTP_ERROR'],
    ['HTTP 502', { kind: 'http', status: 502 }, 502, 'YOUMI_HTTP_ERROR'],
    ['HTTP 503', { kind: 'http', status: 503 }, 502, 'YOUMI_HTTP_ERROR'],
    ['malformed JSON', { kind: 'malformed' }, 502, 'YOUMI_BAD_RESPONSE'],
    ['JSON of the wrong shape', { kind: 'wrongShape' }, 502, 'YOUMI_BAD_RESPONSE'],
  ]
  it.each(ambiguous)('%s', async (name, fault, status, cause) => {
    // Lasts longer than any retry budget: if the create were retried, the simulator would see it.
    await rig.inject('youmi', SAVE, fault, 5)
    const key = newKey(name)
    const since = rig.mark()
    const [first, ms] = await timed(() => post(key))
    await rig.clearFaults()
    expectError(first, status, 'SEND_OUTCOME_UNKNOWN')
    expect(first.json().message).toContain('结果未知')
    const shown = await newestSend()
    expect(shown).toMatchObject({ status: 'unknown', error: { code: cause } })

    const again = await post(key)
    expectError(again, 409, 'SEND_OUTCOME_UNKNOWN')
    expect(rig.calls(SAVE, since)).toBe(1)
    tally.record(`create ${name}`, first, ms, await healthySend())
  })

  it('after a timeout Youmi did create the task: exactly one, never two', async () => {
    await rig.inject('youmi', SAVE, { kind: 'latency', latencyMs: SLOW_MS }, 1)
    const key = newKey('late task')
    const since = rig.mark()
    expect((await post(key)).statusCode).toBe(504)
    expect((await post(key)).statusCode).toBe(409)
    // Youmi creates it SLOW_MS after the call reached it: waited for. Sleeping SLOW_MS after the 504 left the call's way
    // there only the timeout's head start (300 ms), which a busy machine can take.
    await vi.waitFor(() => expect(tasksFor(key)).toBe(1), { timeout: 10_000, interval: 20 })
    expect(rig.calls(SAVE, since)).toBe(1)
    expect(tasksFor(key)).toBe(1)
  })

  it('a refusal is `failed`, not unknown, and the same key may try again: HTTP 429, a business code', async () => {
    const refusals: Array<[string, FaultSpec, number, string]> = [
      ['HTTP 429', { kind: 'http', status: 429 }, 503, 'YOUMI_RATE_LIMITED'],
      ['friend gone (200012)', { kind: 'code', code: 200012 }, 502, 'YOUMI_TARGET_REJECTED'],
      ['missing field (200003)', { kind: 'code', code: 200003 }, 502, 'YOUMI_REQUEST_REJECTED'],
    ]
    for (const [name, fault, status, code] of refusals) {
      await rig.inject('youmi', SAVE, fault, 1)
      const key = newKey(name)
      const since = rig.mark()
      const [first, ms] = await timed(() => post(key))
      expectError(first, status, code)
      expect(rig.calls(SAVE, since)).toBe(1)
      expect(await newestSend()).toMatchObject({ status: 'failed', error: { code } })
      const retry = await post(key)
      expect(retry.statusCode, retry.body).toBe(201)
      expect(rig.calls(SAVE, since)).toBe(2)
      tally.record(`create ${name}`, first, ms, retry)
    }
  })

  it.each([
    ['token invalid (10003)', { kind: 'code', code: 10003 } as FaultSpec, 'YOUMI_ERROR'],
    ['a bare HTTP 401', { kind: 'http', status: 401 } as FaultSpec, 'YOUMI_HTTP_ERROR'],
  ])('%s: a refusal, so the token is fetched again and the create repeated once; twice is `failed`', async (name, fault, code) => {
    await rig.inject('youmi', SAVE, fault, 1)
    let since = rig.mark()
    const first = newKey(name)
    const [ok, okMs] = await timed(() => post(first))
    expect(ok.statusCode, ok.body).toBe(201)
    expect([rig.calls(SAVE, since), rig.calls(TOKEN, since), tasksFor(first)]).toEqual([2, 1, 1])
    tally.record(`create ${name} ×1`, ok, okMs, await healthySend())

    await rig.inject('youmi', SAVE, fault, 2)
    const key = newKey(`${name} twice`)
    since = rig.mark()
    const [bad, badMs] = await timed(() => post(key))
    expectError(bad, 502, code)
    expect((await newestSend()).status).toBe('failed')
    expect(rig.calls(SAVE, since)).toBe(2)
    const retry = await post(key)
    expect(retry.statusCode).toBe(201)
    expect(tasksFor(key)).toBe(1)
    tally.record(`create ${name} ×2`, bad, badMs, retry)
  })
})

describe('the token fetch is a safe read: retried within the deadline', () => {
  // Youmi forgets every token it issued: the next create is refused (10003) and the token fetched again.
  const revoked = async (key: string) => {
    await simControl(rig.t.sim, 'POST', 'revoke', { vendor: 'youmi' })
    return post(key)
  }

  it.each(readFaults('YOUMI').map((c) => [c.name, c] as const))('%s', async (name, c) => {
    await rig.inject('youmi', TOKEN, c.fault, c.budget - 1)
    let since = rig.mark()
    const first = newKey(name)
    const [ok, okMs] = await timed(() => revoked(first))
    expect(ok.statusCode, ok.body).toBe(201)
    expect([rig.calls(TOKEN, since), tasksFor(first)]).toEqual([c.budget, 1])
    tally.record(`token ${name} ×${c.budget - 1}`, ok, okMs, await healthySend())

    await rig.inject('youmi', TOKEN, c.fault, c.budget)
    const key = newKey(`${name} outlasting`)
    since = rig.mark()
    const [bad, badMs] = await timed(() => revoked(key))
    expectError(bad, ...c.fails)
    expect(bad.json().message).not.toContain('结果未知')
    expect(rig.calls(TOKEN, since)).toBe(c.budget)
    // No token, no create: the send is a plain failure, and the same key goes through once the token comes.
    expect(tasksFor(key)).toBe(0)
    expect(await newestSend()).toMatchObject({ status: 'failed', error: { code: c.fails[1] } })
    const retry = await post(key)
    expect(retry.statusCode, retry.body).toBe(201)
    expect(tasksFor(key)).toBe(1)
    tally.record(`token ${name} ×${c.budget}`, bad, badMs, retry)
  })

  it('refused credentials (an OAuth 400) are not fetched again: one call', async () => {
    await rig.inject('youmi', TOKEN, { kind: 'code', code: 'invalid_client' }, 1)
    const key = newKey('invalid client')
    const since = rig.mark()
    const [res, ms] = await timed(() => revoked(key))
    expectError(res, 502, 'YOUMI_CREDENTIALS_INVALID')
    expect(rig.calls(TOKEN, since)).toBe(1)
    tally.record('token invalid_client', res, ms, await post(key))
  })
})

describe('deletes are never repeated either', () => {
  const faults: Array<[string, FaultSpec, number, string]> = [
    ['timeout', { kind: 'latency', latencyMs: SLOW_MS }, 504, 'YOUMI_TIMEOUT'],
    ['connection reset', { kind: 'drop' }, 502, 'YOUMI_UNREACHABLE'],
    ['HTTP 500', { kind: 'http', status: 500 }, 502, 'YOUMI_HTTP_ERROR'],
    ['malformed JSON', { kind: 'malformed' }, 502, 'YOUMI_BAD_RESPONSE'],
  ]
  it.each(faults)('%s: one delete call, the send stays scheduled, cancelling again works', async (name, fault, status, code) => {
    const scheduled = await post(newKey(`cancel ${name}`), new Date(rig.now() + 3600_000).toISOString())
    expect(scheduled.json().status).toBe('scheduled')
    const id = scheduled.json().id as string
    await rig.inject('youmi', DELETE, fault, 5)
    const since = rig.mark()
    const [res, ms] = await timed(() => cancel(id))
    await rig.clearFaults()
    expectError(res, status, code)
    expect(rig.calls(DELETE, since)).toBe(1)
    expect((await sendOf(id))?.status).toBe('scheduled')
    // Let a delayed delete land first (then Youmi's "no such task" means cancelled).
    if (fault.kind === 'latency') await new Promise((r) => setTimeout(r, SLOW_MS))
    const again = await cancel(id)
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json().status).toBe('cancelled')
    tally.record(`delete ${name}`, res, ms, again)
  })
})
