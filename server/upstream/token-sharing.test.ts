import { afterEach, describe, expect, it } from 'vitest'
import { demo, simControl } from '../../test/helpers/demo.js'
import { startTestApp, TEST_PUBLIC_URL, type TestApp } from '../../test/helpers/app.js'
import { demoCampaignIds } from '../sim/demo-data.js'

// Token and ticket fetches are rationed by the vendors (WeCom tickets: 100/hour per app); these tests count them
// at the simulator, which is the only honest place to count.

let t: TestApp | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const counts = async (app: TestApp) => simControl(app.sim, 'GET', 'counts')

describe('tokens and tickets against the (simulated) vendors', () => {
  it('200 concurrent requests on a cold server fetch each token and ticket exactly once', async () => {
    t = await startTestApp()
    const cookie = await t.login('zhangwei')
    const app = t.app
    const taskId = demoCampaignIds[0]!.taskId
    const requests = Array.from({ length: 200 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return app.inject({
            method: 'POST',
            url: '/api/wecom/signatures',
            headers: { cookie },
            payload: { url: `${TEST_PUBLIC_URL}/p${i}` },
          })
        case 1:
          return app.inject({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie } })
        case 2:
          return app.inject({
            method: 'POST',
            url: '/api/sends',
            headers: { cookie },
            payload: {
              idempotencyKey: `cold-${i}-key`,
              channel: 'rpa',
              contact: { externalUserId: demo.linked.externalUserId },
              content: [{ type: 'text', text: `第 ${i} 条` }],
            },
          })
        default:
          return app.inject({ url: `/api/contacts/${demo.linked.externalUserId}`, headers: { cookie } })
      }
    })
    const answers = await Promise.all(requests)
    expect(answers.filter((a) => a.statusCode >= 300).map((a) => a.body)).toEqual([])
    const fetched = await counts(t)
    console.info(`[figures] 200 concurrent requests on a cold server → vendor fetches ${JSON.stringify(fetched)}`)
    expect(fetched).toEqual({ wecomToken: 1, wecomCorpTicket: 1, wecomAgentTicket: 1, youmiToken: 1, wshotoToken: 1 })
  })

  it('a revoked token is replaced once and the request succeeds', async () => {
    t = await startTestApp()
    const cookie = await t.login('zhangwei')
    const taskId = demoCampaignIds[0]!.taskId
    expect((await t.app.inject({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie } })).statusCode).toBe(200)
    expect((await t.app.inject({ url: `/api/contacts/${demo.linked.externalUserId}`, headers: { cookie } })).statusCode).toBe(200)
    const sendOne = (key: string) =>
      t!.app.inject({
        method: 'POST',
        url: '/api/sends',
        headers: { cookie },
        payload: {
          idempotencyKey: key,
          channel: 'rpa',
          contact: { externalUserId: demo.linked.externalUserId },
          content: [{ type: 'text', text: '你好' }],
        },
      })
    expect((await sendOne('before-revoke-1')).statusCode).toBe(201)
    expect(await counts(t)).toMatchObject({ wecomToken: 1, wshotoToken: 1, youmiToken: 1 })
    for (const vendor of ['wecom', 'youmi', 'wshoto']) await simControl(t.sim, 'POST', 'revoke', { vendor })

    expect((await t.app.inject({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie } })).statusCode).toBe(200)
    // A different customer: the contact answer of the first is still shared for a few seconds.
    expect((await t.app.inject({ url: `/api/contacts/${demo.unlinked.externalUserId}`, headers: { cookie } })).statusCode).toBe(200)
    expect((await sendOne('after-revoke-1')).statusCode).toBe(201)
    expect(await counts(t)).toMatchObject({ wecomToken: 2, wshotoToken: 2, youmiToken: 2 })
    // Each vendor answered the stale token with its token-invalid code exactly once, then the retry went through.
    expect(t.sim.state.youmi.tasks).toHaveLength(2)
  })

  it('an expired token is refreshed before use, never sent stale', async () => {
    let clock = Date.now()
    t = await startTestApp({ now: () => clock, tokenTtlSeconds: 60 })
    const cookie = await t.login('zhangwei')
    const taskId = demoCampaignIds[0]!.taskId
    expect((await t.app.inject({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie } })).statusCode).toBe(200)
    const seen = t.sim.state.requests.length
    clock += 61_000
    expect((await t.app.inject({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie } })).statusCode).toBe(200)
    expect(t.sim.state.requests.slice(seen).map((r) => r.path)).toEqual([
      '/openapi/access_token',
      '/openapi/mass_send/corp/get_mass_task_detail',
    ])
    expect((await counts(t)).wshotoToken).toBe(2)
  })
})
