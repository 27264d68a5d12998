import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demo, simControl } from '../../test/helpers/demo.js'
import { login, startTestApp, TEST_PUBLIC_URL, type TestApp } from '../../test/helpers/app.js'
import { findPostgresBin, startPostgres, type TempPostgres } from '../../test/helpers/postgres.js'
import { buildApp } from '../app.js'
import { demoCampaignIds, demoContacts } from '../sim/demo-data.js'

// Issue 15: two proxy instances on one PostgreSQL server fetch each token and ticket as often as one instance does
// (token-sharing.test.ts: once), counted where it counts, at the (one, shared) simulator.

const bin = findPostgresBin()
if (!bin) console.warn('token-sharing-cluster.test.ts: skipped: no PostgreSQL server binaries (apt-get install postgresql)')

type Instance = TestApp['app']

describe.skipIf(!bin)('tokens and tickets for a cluster: two instances on one PostgreSQL server', () => {
  let pgServer: TempPostgres
  let t: TestApp
  let other: Instance
  beforeAll(async () => {
    pgServer = await startPostgres(bin!)
    t = await startTestApp({ config: { database: { kind: 'postgres', url: pgServer.url } } })
    other = await buildApp(t.config, { logger: false })
  }, 180_000)
  afterAll(async () => {
    await other?.close()
    await t?.close()
    await pgServer?.stop()
  })

  const counts = () => simControl(t.sim, 'GET', 'counts')
  const send = (app: Instance, cookie: string, key: string, externalUserId = demo.linked.externalUserId) =>
    app.inject({
      method: 'POST',
      url: '/api/sends',
      headers: { cookie },
      payload: { idempotencyKey: key, channel: 'rpa', contact: { externalUserId }, content: [{ type: 'text', text: '你好' }] },
    })

  it('cold, 2 sign-ins and 200 requests spread over both fetch each token and ticket exactly once', async () => {
    // Both sign-ins need WeCom's token (getuserinfo), both instances cold.
    const [cookie, otherCookie] = await Promise.all([login(t.app, t.sim, 'zhangwei'), login(other, t.sim, 'zhangwei')])
    const taskId = demoCampaignIds[0]!.taskId
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const [app, c] = i % 2 === 0 ? [t.app, cookie] : [other, otherCookie]
        switch (Math.floor(i / 2) % 4) {
          case 0:
            return app.inject({
              method: 'POST',
              url: '/api/wecom/signatures',
              headers: { cookie: c },
              payload: { url: `${TEST_PUBLIC_URL}/p${i}` },
            })
          case 1:
            return app.inject({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie: c } })
          case 2:
            return send(app, c, `cluster-cold-${i}`)
          default:
            return app.inject({ url: `/api/contacts/${demo.linked.externalUserId}`, headers: { cookie: c } })
        }
      }),
    )
    expect(answers.filter((a) => a.statusCode >= 300).map((a) => a.body)).toEqual([])
    const fetched = await counts()
    console.info(`[figures] 2 instances, cold: 2 sign-ins + 200 requests → vendor fetches ${JSON.stringify(fetched)}`)
    expect(fetched).toEqual({ wecomToken: 1, wecomCorpTicket: 1, wecomAgentTicket: 1, youmiToken: 1, wshotoToken: 1 })
  }, 120_000)

  it('a token revoked at the vendor is fetched again once for both: the other instance takes the replacement', async () => {
    const cookie = await login(t.app, t.sim, 'zhangwei')
    const before = await counts()
    for (const vendor of ['wecom', 'youmi', 'wshoto']) await simControl(t.sim, 'POST', 'revoke', { vendor })
    // Customers and campaigns neither instance has an answer for in memory, so each request reaches its vendor.
    const fresh = demoContacts.filter(
      (c) => c.follows.some((f) => f.userId === 'zhangwei') && c.externalUserId !== demo.linked.externalUserId,
    )
    const ok = (a: { statusCode: number; body: string }) => expect(a.statusCode, a.body).toBeLessThan(300)
    // The first instance meets the vendors' refusals, drops the tokens for the cluster and fetches new ones…
    ok(await t.app.inject({ url: `/api/campaigns/${demoCampaignIds[1]!.taskId}/reach`, headers: { cookie } }))
    ok(await t.app.inject({ url: `/api/contacts/${fresh[0]!.externalUserId}`, headers: { cookie } }))
    ok(await send(t.app, cookie, 'cluster-revoked-1'))
    expect(await counts()).toEqual({ ...before, wecomToken: 2, youmiToken: 2, wshotoToken: 2 })
    const refusals = t.sim.state.requests.length
    // …the other still holds the revoked ones in memory: refused once each, it reads the replacements, fetches none.
    ok(await other.inject({ url: `/api/campaigns/${demoCampaignIds[2]!.taskId}/reach`, headers: { cookie } }))
    ok(await other.inject({ url: `/api/contacts/${fresh[1]!.externalUserId}`, headers: { cookie } }))
    ok(await send(other, cookie, 'cluster-revoked-2'))
    expect(await counts()).toEqual({ ...before, wecomToken: 2, youmiToken: 2, wshotoToken: 2 })
    // Each vendor refused its first call (the revoked token) and took the retry with the shared replacement. (The
    // customer's view asks WeCom for the staff member's name first: that call meets the refusal.)
    expect(t.sim.state.requests.slice(refusals).map((r) => r.path)).toEqual([
      '/openapi/mass_send/corp/get_mass_task_detail',
      '/openapi/mass_send/corp/get_mass_task_detail',
      '/cgi-bin/user/get',
      '/cgi-bin/user/get',
      '/cgi-bin/externalcontact/get',
      '/v2/BulkSend/SaveBulkSendTask',
      '/v2/BulkSend/SaveBulkSendTask',
    ])
  }, 120_000)
})
