import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InjectOptions } from 'fastify'
import { demo, simControl } from '../test/helpers/demo.js'
import { startTestApp, testCredentials, TEST_PUBLIC_URL, type TestApp } from '../test/helpers/app.js'
import { demoCampaignIds } from './sim/demo-data.js'

// The proxy exists to keep vendor secrets and tokens away from browsers and logs. This test does a bit of
// everything, failures included, and then looks for every secret and every token the vendors issued.

let t: TestApp
const seen: string[] = []

async function call(o: InjectOptions | string) {
  const res = await t.app.inject(o)
  seen.push(JSON.stringify(res.headers), res.body)
  return res
}

beforeAll(async () => {
  t = await startTestApp({ upstreamTimeoutMs: 400 })
})
afterAll(() => t.close())

describe('no secret or token leaves the proxy', () => {
  it('in answers, headers, error messages or logs', async () => {
    const cookie = await t.login('zhangwei')
    const taskId = demoCampaignIds[0]!.taskId
    const key = (i: number) => `secret-scan-${i}-key`
    const sendBody = (i: number, channel = 'rpa') => ({
      idempotencyKey: key(i),
      channel,
      contact: { externalUserId: demo.linked.externalUserId },
      content: [{ type: 'text', text: `第 ${i} 条` }],
    })

    await call({ url: '/api/session', headers: { cookie } })
    await call({ method: 'POST', url: '/api/wecom/signatures', headers: { cookie }, payload: { url: `${TEST_PUBLIC_URL}/x` } })
    await call({ url: `/api/contacts/${demo.linked.externalUserId}`, headers: { cookie } })
    await call({ method: 'POST', url: '/api/sends', headers: { cookie }, payload: sendBody(1) })
    await call({ method: 'POST', url: '/api/sends', headers: { cookie }, payload: sendBody(2, 'chat') })
    await call({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie } })
    await call({ url: '/api/sends', headers: { cookie } })

    let i = 10
    for (const vendor of ['wecom', 'youmi', 'wshoto'] as const) {
      for (const fault of [{ kind: 'malformed' }, { kind: 'wrongShape' }, { kind: 'http', status: 500 }, { kind: 'code', code: 10001 }, { kind: 'drop' }, { kind: 'latency', latencyMs: 700 }]) {
        await simControl(t.sim, 'POST', 'faults', { vendor, ...fault })
        await call({ method: 'POST', url: '/api/wecom/signatures', headers: { cookie }, payload: { url: `${TEST_PUBLIC_URL}/y` } })
        await call({ url: `/api/contacts/${demo.unlinked.externalUserId}`, headers: { cookie } })
        await call({ method: 'POST', url: '/api/sends', headers: { cookie }, payload: sendBody(i++) })
        await call({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie } })
        await simControl(t.sim, 'DELETE', 'faults')
      }
      await simControl(t.sim, 'POST', 'revoke', { vendor })
    }
    await call({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie } })
    await call({ method: 'POST', url: '/api/sends', headers: { cookie }, payload: sendBody(99) })
    await call({ method: 'POST', url: '/api/sends', headers: { cookie }, payload: '{"broken' })
    await call({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })
    await new Promise((r) => setTimeout(r, 800))

    const s = t.sim.state
    const secrets = [
      testCredentials.wecom.secret,
      testCredentials.youmi.clientSecret,
      testCredentials.wshoto.appSecret,
      t.config.sessionSecret,
      ...s.wecom.tokens.keys(),
      ...s.wecom.tickets.map((x) => x.ticket),
      ...s.youmi.tokens.keys(),
      ...s.wshoto.tokens.keys(),
    ]
    // Enough tokens were issued for the scan to mean something: first ones, and the replacements after revoking.
    expect(s.wecom.tokens.size).toBeGreaterThanOrEqual(2)
    expect(s.youmi.tokens.size).toBeGreaterThanOrEqual(2)
    expect(s.wshoto.tokens.size).toBeGreaterThanOrEqual(2)
    expect(s.wecom.tickets.length).toBeGreaterThanOrEqual(2)
    expect(seen.length).toBeGreaterThan(80)
    expect(t.logs.length).toBeGreaterThan(80)
    expect(t.logs.some((l) => l.includes('upstream call'))).toBe(true)

    console.info(`[figures] secret scan: ${secrets.length} secrets and tokens × ${seen.length / 2} answers (headers + bodies) and ${t.logs.length} log lines`)
    const haystacks = { answers: seen.join('\n'), logs: t.logs.join('\n') }
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of secrets) expect(text.includes(secret), `${where} contain ${secret.slice(0, 6)}…`).toBe(false)
    }
  })
})
