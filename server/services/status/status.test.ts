import { afterAll, describe, expect, it } from 'vitest'
import { SystemStatus } from '../../../contracts/status.js'
import { simControl } from '../../../test/helpers/demo.js'
import { startTestApp, type TestApp } from '../../../test/helpers/app.js'
import { createHttpClient, type HttpClient } from '../../upstream/http.js'
import { WECOM_TEST_VECTOR } from './checks.js'

// The admins' 系统状态 against a table of failures: each must show with the words an admin acts on.

const apps: TestApp[] = []
afterAll(async () => {
  for (const a of apps) await a.close()
})

/** The wire as it would be, once `broken`, with a wrong WeCom secret and a Youmi client secret Youmi no longer accepts. */
let broken = false
function wrongSecrets(inner: HttpClient): HttpClient {
  return (req) => {
    if (!broken) return inner(req)
    if (req.url.includes('/cgi-bin/gettoken')) return inner({ ...req, url: req.url.replace(/corpsecret=[^&]*/, 'corpsecret=wrong-secret') })
    if (req.url.endsWith('/connect/token') && typeof req.body === 'string')
      return inner({ ...req, body: req.body.replace(/client_secret=[^&]*/, 'client_secret=expired-secret') })
    return inner(req)
  }
}

async function statusOf(t: TestApp): Promise<SystemStatus> {
  const cookie = await t.login('zhangwei')
  broken = true
  const res = await t.app.inject({ url: '/api/admin/status', headers: { cookie } })
  expect(res.statusCode).toBe(200)
  return SystemStatus.parse(res.json())
}

const vendor = (s: SystemStatus, v: 'wecom' | 'youmi' | 'wshoto') => s.vendors.find((x) => x.vendor === v)!

describe('系统状态, failure by failure', () => {
  it('a wrong WeCom secret, a Youmi token refusal and a clock 10 minutes off', async () => {
    const t = await startTestApp({ http: wrongSecrets(createHttpClient()), now: () => Date.now() + 10 * 60_000 })
    apps.push(t)
    // Signing in needs WeCom: the secrets "change" after it (statusOf).
    const s = await statusOf(t)
    const wecom = vendor(s, 'wecom')
    expect(wecom.credentials?.ok).toBe(false)
    expect(wecom.credentials?.checks[0]).toMatchObject({ ok: false, code: 'WECOM_CREDENTIALS_INVALID' })
    expect(wecom.credentials?.checks[0]?.advice).toContain('WECOM_SECRET')
    // Each check by its stable id, its advice by key: the sidebar words them in its language (status-words.ts).
    expect(wecom.credentials?.checks.map((c) => c.id)).toEqual(['wecomToken', 'wecomCorpTicket', 'wecomAgentTicket'])
    expect(wecom.credentials?.checks[0]).toMatchObject({ name: 'access_token (gettoken)', adviceKey: 'wecom:40001' })
    expect(wecom.lastError).toMatchObject({ code: 'WECOM_CREDENTIALS_INVALID', vendorCode: '40001', op: 'gettoken' })
    expect(wecom.lastHour.byCode).toContainEqual({ code: 'WECOM_CREDENTIALS_INVALID', vendorCode: '40001', count: expect.any(Number) })

    const youmi = vendor(s, 'youmi')
    expect(youmi.credentials?.checks[0]).toMatchObject({ ok: false, code: 'YOUMI_CREDENTIALS_INVALID' })
    expect(youmi.lastError?.advice).toContain('YOUMI_CLIENT_SECRET')
    expect(youmi.lastError?.adviceKey).toBe('YOUMI_CREDENTIALS_INVALID')

    // Our clock runs 10 minutes ahead of every vendor's Date header.
    for (const v of s.vendors) {
      expect(v.clockSkewSeconds, v.vendor).toBeGreaterThanOrEqual(598)
      expect(v.clockSkewSeconds, v.vendor).toBeLessThanOrEqual(602)
      expect(v.clockOk).toBe(false)
      expect(v.clockAdvice).toContain('NTP')
      expect(v.clockAdviceKey).toBe('kind:CLOCK_SKEW')
    }
    // WShoto's credentials are fine: no advice where nothing is wrong.
    expect(vendor(s, 'wshoto')).toMatchObject({ credentials: { ok: true }, lastError: null, breaker: 'closed' })
  }, 120_000)

  it('60020 from WeCom, and WShoto down with its breaker open', async () => {
    const t = await startTestApp({
      upstream: { sleep: async () => {}, random: () => 0, breaker: { failureThreshold: 3, coolDownMs: 60_000 } },
    })
    apps.push(t)
    const cookie = await t.login('zhangwei')
    await simControl(t.sim, 'POST', 'faults', { vendor: 'wecom', kind: 'code', code: 60020, path: '/cgi-bin/gettoken', count: 20 })
    await simControl(t.sim, 'POST', 'faults', { vendor: 'wshoto', kind: 'http', status: 503, count: 50 })
    const res = await t.app.inject({ url: '/api/admin/status', headers: { cookie } })
    const s = SystemStatus.parse(res.json())

    const wecom = vendor(s, 'wecom')
    expect(wecom.lastError).toMatchObject({ code: 'WECOM_IP_NOT_TRUSTED', vendorCode: '60020' })
    expect(wecom.lastError?.advice).toContain('把本服务的出口 IP 加入企业可信IP')
    expect(wecom.lastError?.adviceKey).toBe('wecom:60020')
    expect(wecom.credentials?.checks.every((c) => !c.ok && c.advice?.includes('企业可信IP'))).toBe(true)

    const wshoto = vendor(s, 'wshoto')
    expect(wshoto.breaker).toBe('open')
    expect(wshoto.lastError).toMatchObject({ code: 'WSHOTO_HTTP_ERROR' })
    expect(wshoto.lastHour.failures).toBeGreaterThanOrEqual(3)
    expect(wshoto.credentials?.checks[0]?.code).toBe('VENDOR_UNAVAILABLE')
    expect(wshoto.credentials?.checks[0]?.advice).toContain('熔断')
    expect(wshoto.credentials?.checks[0]).toMatchObject({ id: 'wshotoToken', adviceKey: 'VENDOR_UNAVAILABLE' })

    // The signature self-test: the published vector still signs right; the live one needs WeCom's tickets.
    expect(s.signature[0]).toMatchObject({ id: 'signatureVector', ok: true, detail: WECOM_TEST_VECTOR.signature, detailKey: 'signature' })
    expect(s.signature[1]).toMatchObject({ id: 'signatureLive', ok: false, code: 'WECOM_IP_NOT_TRUSTED', adviceKey: 'wecom:60020' })
    expect(s.signature[1]?.params?.page).toMatch(/^http.*\/$/)

    // 「重新检查」 at once is refused (tokens and tickets are limited at the vendors) and says when to come back.
    const again = await t.app.inject({ method: 'POST', url: '/api/admin/status/recheck', headers: { cookie } })
    expect(again.statusCode).toBe(429)
    expect(again.json().message).toMatch(/\d+ 秒后/)
  }, 120_000)
})

describe('who may see it', () => {
  it('admins only', async () => {
    const t = apps[1]!
    // The faults of the test before may outlast it (how many calls a check makes is not this test's subject).
    await simControl(t.sim, 'DELETE', 'faults')
    const cookie = await t.login('lina')
    const denied = await t.app.inject({ url: '/api/admin/status', headers: { cookie } })
    expect(denied.statusCode).toBe(403)
    expect(denied.json().code).toBe('ADMIN_ONLY')
  })
})
