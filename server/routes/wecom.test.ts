import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Signatures } from '../../contracts/signatures.js'
import { startTestApp, TEST_PUBLIC_URL, type TestApp } from '../../test/helpers/app.js'

let t: TestApp
let cookie: string
beforeAll(async () => {
  t = await startTestApp()
  cookie = await t.login('zhangwei')
})
afterAll(() => t.close())

const sign = (url: string) => t.app.inject({ method: 'POST', url: '/api/wecom/signatures', headers: { cookie }, payload: { url } })
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex')

describe('POST /api/wecom/signatures', () => {
  it('answers corp and agent signatures that verify against the tickets WeCom issued', async () => {
    const page = `${TEST_PUBLIC_URL}/customer?from=chat&name=张`
    const res = await sign(`${page}#/ignored`)
    expect(res.statusCode).toBe(200)
    const s = Signatures.parse(res.json())
    const corp = t.sim.state.wecom.tickets.find((x) => x.kind === 'corp')!
    const agent = t.sim.state.wecom.tickets.find((x) => x.kind === 'agent')!
    expect(s.corp.signature).toBe(sha1(`jsapi_ticket=${corp.ticket}&noncestr=${s.corp.nonceStr}&timestamp=${s.corp.timestamp}&url=${page}`))
    expect(s.agent.signature).toBe(
      sha1(`jsapi_ticket=${agent.ticket}&noncestr=${s.agent.nonceStr}&timestamp=${s.agent.timestamp}&url=${page}`),
    )
    expect(Math.abs(s.corp.timestamp - Date.now() / 1000)).toBeLessThan(5)
    expect(s.corp.signature).not.toBe(s.agent.signature)
  })

  it('signs every URL of the app with the same cached tickets', async () => {
    for (const path of ['/a', '/b?x=1', '/campaigns/30101']) expect((await sign(`${TEST_PUBLIC_URL}${path}`)).statusCode).toBe(200)
    const counts = await (await fetch(`${t.sim.url}/__sim/counts`)).json()
    expect(counts).toMatchObject({ wecomCorpTicket: 1, wecomAgentTicket: 1 })
  })

  it('refuses URLs of another origin, and non-URLs', async () => {
    for (const url of ['https://evil.example/', 'http://sidebar.test.evil.example/', 'http://sidebar.test:8443/']) {
      const res = await sign(url)
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('URL_NOT_ALLOWED')
    }
    const junk = await sign('not a url')
    expect(junk.statusCode).toBe(400)
    expect(junk.json().code).toBe('INVALID_REQUEST')
  })
})
