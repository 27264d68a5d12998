/**
 * Abuse: request limits per client IP and per staff member (429 RATE_LIMITED with retry-after), bodies over the limit
 * (413), and writes that are not JSON (415, before any handler runs — so a form on another site cannot send).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../contracts/errors.js'
import { parseEnv, securityOf, type RateLimits } from '../../server/config.js'
import { registeredRoutes } from '../../server/security.js'
import { demoCampaignIds, demoContacts } from '../../server/sim/demo-data.js'
import { demo } from '../helpers/demo.js'
import { cookieHeader } from '../helpers/app.js'
import { fillParams, startSecureApp, type SecureApp } from './helpers.js'

const linas = demoContacts.find((c) => c.follows.some((f) => f.userId === 'lina'))!
const chatSend = (key: string) => ({
  idempotencyKey: key,
  channel: 'chat',
  contact: { externalUserId: linas.externalUserId },
  content: [{ type: 'text', text: '您好' }],
})

function expectRateLimited(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
  expect(res.statusCode).toBe(429)
  const body = ApiError.parse(res.json())
  expect(body.code).toBe('RATE_LIMITED')
  const seconds = Number(res.headers['retry-after'])
  expect(seconds).toBeGreaterThanOrEqual(1)
  expect(seconds).toBeLessThanOrEqual(60)
  expect(body.message).toBe(`请求太频繁，请 ${seconds} 秒后再试。`)
}

describe('rate limits', () => {
  const limits: RateLimits = { ipPerMin: 5, signInPerMin: 10, userPerMin: 12, sendsPerMin: 3 }
  let t: SecureApp
  beforeAll(async () => {
    t = await startSecureApp({ config: { rateLimit: limits } })
  })
  afterAll(async () => {
    await t?.close()
  })
  afterEach(() => {
    vi.restoreAllMocks()
  })
  const from = (ip: string, o: { url: string; method?: string; cookie?: string; payload?: unknown }) =>
    t.app.inject({
      method: (o.method ?? 'GET') as 'GET',
      url: o.url,
      // TRUST_PROXY is `loopback` and inject comes from 127.0.0.1: the client address is X-Forwarded-For's.
      headers: { 'x-forwarded-for': ip, ...(o.cookie ? { cookie: o.cookie } : {}) },
      ...(o.payload === undefined ? {} : { payload: o.payload as object }),
    })

  it('has the documented defaults, settable by RATE_LIMIT_* (0 turns a limit off)', () => {
    expect(securityOf(parseEnv({})).rateLimit).toEqual({ ipPerMin: 300, signInPerMin: 300, userPerMin: 600, sendsPerMin: 60 })
    expect(
      securityOf(
        parseEnv({
          RATE_LIMIT_IP_PER_MIN: '10',
          RATE_LIMIT_SIGNIN_PER_MIN: '0',
          RATE_LIMIT_USER_PER_MIN: '20',
          RATE_LIMIT_SENDS_PER_MIN: '2',
        }),
      ).rateLimit,
    ).toEqual({ ipPerMin: 10, signInPerMin: 0, userPerMin: 20, sendsPerMin: 2 })
    expect(() => parseEnv({ RATE_LIMIT_SENDS_PER_MIN: '-1' })).toThrow(/RATE_LIMIT_SENDS_PER_MIN/)
  })

  it('limits anonymous /api requests per client IP, with retry-after, and counts each IP apart', async () => {
    for (let i = 0; i < limits.ipPerMin; i++) expect((await from('203.0.113.1', { url: '/api/app-info' })).statusCode).toBe(200)
    expectRateLimited(await from('203.0.113.1', { url: '/api/app-info' }))
    expectRateLimited(await from('203.0.113.1', { url: '/api/session' }))
    expect((await from('203.0.113.2', { url: '/api/app-info' })).statusCode).toBe(200)
    // IPv6 clients count per /64: a new address in the same network is the same client.
    for (let i = 0; i < limits.ipPerMin; i++) await from(`2001:db8:1:2::${i + 1}`, { url: '/api/app-info' })
    expectRateLimited(await from('2001:db8:1:2::ffff', { url: '/api/app-info' }))
  })

  it("never limits health, nor the sidebar's own pages and files", async () => {
    for (let i = 0; i < limits.ipPerMin + 2; i++) await from('203.0.113.3', { url: '/api/app-info' })
    for (let i = 0; i < 50; i++) expect((await from('203.0.113.3', { url: '/api/health' })).statusCode).toBe(200)
    // Not under /api: no limit (no sidebar is built in this test, so 404, but never 429).
    expect((await from('203.0.113.3', { url: '/campaigns' })).statusCode).toBe(404)
  })

  it('keeps sign-in reachable from an address that used up its anonymous limit, with its own limit', async () => {
    const ip = '203.0.113.4'
    for (let i = 0; i < limits.ipPerMin + 1; i++) await from(ip, { url: '/api/session' })
    expectRateLimited(await from(ip, { url: '/api/app-info' }))
    // The whole sign-in (login + callback) still works from there.
    const start = await from(ip, { url: '/api/auth/login?returnTo=/' })
    expect(start.statusCode).toBe(302)
    const url = new URL(String(start.headers.location).replace(/#.*$/, ''))
    url.searchParams.set('login_as', 'wangfang')
    const page = await fetch(`${t.sim.url}${url.pathname.replace(/^\/sim/, '')}${url.search}`, { redirect: 'manual' })
    const back = new URL(page.headers.get('location')!)
    const state = String(start.headers['set-cookie']).split(';')[0]!
    const done = await t.app.inject({ url: `${back.pathname}${back.search}`, headers: { 'x-forwarded-for': ip, cookie: state } })
    expect(done.statusCode).toBe(302)
    const cookie = cookieHeader(done.headers['set-cookie'])
    // Signed in, the staff member counts on their own: the address's anonymous limit no longer applies.
    expect((await from(ip, { url: '/api/session', cookie })).statusCode).toBe(200)
    // Sign-in has a limit of its own.
    for (let i = 0; i < limits.signInPerMin - 2; i++) await from(ip, { url: '/api/auth/login' })
    expectRateLimited(await from(ip, { url: '/api/auth/login' }))
    expectRateLimited(await from(ip, { url: '/api/auth/callback?code=x&state=y' }))
  })

  it('counts a signed-in staff member by who they are, not by address', async () => {
    const zhangwei = await t.login('zhangwei')
    const lina = await t.login('lina')
    // Twelve requests from twelve addresses are still one staff member.
    for (let i = 0; i < limits.userPerMin; i++)
      expect((await from(`198.51.100.${i + 1}`, { url: '/api/session', cookie: zhangwei })).statusCode).toBe(200)
    expectRateLimited(await from('198.51.100.99', { url: '/api/campaigns', cookie: zhangwei }))
    // Another staff member behind the same office address is not affected.
    expect((await from('198.51.100.1', { url: '/api/session', cookie: lina })).statusCode).toBe(200)
  })

  it('limits sends per staff member on top of that, and a refused send is not recorded', async () => {
    const cookie = await t.login('lina')
    const before = (await from('192.0.2.1', { url: '/api/sends?limit=100', cookie })).json().items.length
    for (let i = 0; i < limits.sendsPerMin; i++) {
      expect(
        (await from('192.0.2.1', { method: 'POST', url: '/api/sends', cookie, payload: chatSend(`abuse-send-${i}-${Date.now()}`) }))
          .statusCode,
      ).toBe(201)
    }
    expectRateLimited(
      await from('192.0.2.1', { method: 'POST', url: '/api/sends', cookie, payload: chatSend(`abuse-send-over-${Date.now()}`) }),
    )
    // Reading goes on (the overall limit is not used up).
    const after = await from('192.0.2.1', { url: '/api/sends?limit=100', cookie })
    expect(after.statusCode).toBe(200)
    expect(after.json().items.length).toBe(before + limits.sendsPerMin)
  })

  it('lets requests through again once the minute is over', async () => {
    const ip = '203.0.113.77'
    for (let i = 0; i < limits.ipPerMin; i++) await from(ip, { url: '/api/app-info' })
    const refused = await from(ip, { url: '/api/app-info' })
    expectRateLimited(refused)
    const real = Date.now
    vi.spyOn(Date, 'now').mockImplementation(() => real() + Number(refused.headers['retry-after']) * 1000 + 50)
    expect((await from(ip, { url: '/api/app-info' })).statusCode).toBe(200)
  })

  it('takes the client address from X-Forwarded-For only from a trusted proxy (TRUST_PROXY=false: never)', async () => {
    const direct = await startSecureApp({ config: { rateLimit: limits, trustProxy: false } })
    try {
      // Each request claims another address; none is believed, so they are all one client.
      for (let i = 0; i < limits.ipPerMin; i++) {
        expect((await direct.app.inject({ url: '/api/app-info', headers: { 'x-forwarded-for': `192.0.2.${i + 10}` } })).statusCode).toBe(
          200,
        )
      }
      expectRateLimited(await direct.app.inject({ url: '/api/app-info', headers: { 'x-forwarded-for': '192.0.2.200' } }))
    } finally {
      await direct.close()
    }
  })

  it('a limit of 0 is no limit', async () => {
    const open = await startSecureApp({ config: { rateLimit: { ipPerMin: 0, signInPerMin: 0, userPerMin: 0, sendsPerMin: 0 } } })
    try {
      for (let i = 0; i < 40; i++) expect((await open.app.inject({ url: '/api/app-info' })).statusCode).toBe(200)
    } finally {
      await open.close()
    }
  })
})

describe('bodies and their types', () => {
  let t: SecureApp
  let cookie: string
  beforeAll(async () => {
    t = await startSecureApp()
    cookie = await t.login('zhangwei')
  })
  afterAll(async () => {
    await t?.close()
  })

  const PARAMS = {
    id: '00000000-0000-4000-8000-000000000000',
    taskId: String(demoCampaignIds[0]!.taskId),
    externalUserId: demo.linked.externalUserId,
    chatId: 'wrX',
    fileId: '00000000-0000-4000-8000-000000000000',
  }
  const writeRoutes = () => registeredRoutes(t.app).filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method))

  it('refuses a body over 256 KB with 413 BODY_TOO_LARGE on every JSON write route', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(300 * 1024) })
    const routes = writeRoutes()
    expect(routes.length).toBeGreaterThanOrEqual(7)
    for (const r of routes) {
      if (r.url === '/api/admin/contact-links') continue // its own limit, below
      const res = await t.app.inject({
        method: r.method as 'POST',
        url: fillParams(r.url, PARAMS),
        headers: { cookie, 'content-type': 'application/json' },
        payload: big,
      })
      expect({ route: `${r.method} ${r.url}`, status: res.statusCode, code: res.json().code }).toEqual({
        route: `${r.method} ${r.url}`,
        status: 413,
        code: 'BODY_TOO_LARGE',
      })
    }
    // The CSV import of Youmi identities takes up to 5 MB, and no more.
    const csv = 'externalUserId,adWechatId\n' + 'x'.repeat(5 * 1024 * 1024 + 10)
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/contact-links',
      headers: { cookie, 'content-type': 'text/csv' },
      payload: csv,
    })
    expect(res.statusCode).toBe(413)
    expect(res.json().code).toBe('BODY_TOO_LARGE')
  })

  const FORMS: Array<[string, string, string]> = [
    ['a url-encoded form', 'application/x-www-form-urlencoded', 'channel=chat&content=hi'],
    [
      'a multipart form',
      'multipart/form-data; boundary=----x',
      '------x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n------x--\r\n',
    ],
    ['a text/plain form', 'text/plain', '{"idempotencyKey":"form-post-key","channel":"chat"}'],
    ['text/plain with a charset', 'text/plain;charset=UTF-8', 'x=1'],
    ['CSV', 'text/csv', 'a,b\n1,2'],
    ['XML', 'application/xml', '<a/>'],
  ]

  it.each(FORMS)('refuses %s on every write route with 415, before the handler runs', async (_name, type, payload) => {
    const sendsBefore = (await t.app.inject({ url: '/api/sends?limit=100', headers: { cookie } })).json().items.length
    const vendorCallsBefore = t.sim.state.youmi.tasks.length
    for (const r of writeRoutes()) {
      if (type === 'text/csv' && r.url === '/api/admin/contact-links') continue
      // Uploads are multipart by nature; a form from another page is refused there (403 CROSS_SITE_REQUEST, below).
      if (type.startsWith('multipart/') && r.url === '/api/material-files') continue
      const res = await t.app.inject({
        method: r.method as 'POST',
        url: fillParams(r.url, PARAMS),
        headers: { cookie, 'content-type': type },
        payload,
      })
      expect({ route: `${r.method} ${r.url}`, status: res.statusCode, code: res.json().code }).toEqual({
        route: `${r.method} ${r.url}`,
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      })
    }
    // Nothing happened: no send recorded, no vendor task, and the session is still there (sign-out did not run).
    expect((await t.app.inject({ url: '/api/sends?limit=100', headers: { cookie } })).json().items.length).toBe(sendsBefore)
    expect(t.sim.state.youmi.tasks.length).toBe(vendorCallsBefore)
    expect((await t.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(200)
  })

  it("takes a multipart upload only from the app's own pages: another site's form is refused before anything is read", async () => {
    const form = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/material-files',
        headers: { cookie, 'content-type': 'multipart/form-data; boundary=----x', ...headers },
        payload: '------x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 x\r\n------x--\r\n',
      })
    const refused: Array<Record<string, string>> = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ]
    for (const headers of refused) {
      const res = await form(headers)
      expect({ headers, status: res.statusCode, code: res.json().code }).toEqual({ headers, status: 403, code: 'CROSS_SITE_REQUEST' })
    }
    expect((await form({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201)
  })

  it('refuses a body without a content type (415), and takes JSON with a charset', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sends',
      headers: { cookie, 'content-type': undefined as unknown as string },
      payload: Buffer.from(JSON.stringify(chatSend('no-type-key-1'))),
    })
    expect(res.statusCode).toBe(415)
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/sends',
      headers: { cookie, 'content-type': 'application/json; charset=utf-8' },
      payload: JSON.stringify({ ...chatSend(`charset-key-${Date.now()}`), contact: { externalUserId: demo.linked.externalUserId } }),
    })
    expect(ok.statusCode).toBe(201)
  })

  it("answers no CORS preflight: a page of another origin cannot send JSON with the staff member's cookie", async () => {
    const res = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/sends',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    expect(res.headers['access-control-allow-credentials']).toBeUndefined()
    const get = await t.app.inject({ url: '/api/session', headers: { cookie, origin: 'https://evil.example' } })
    expect(get.headers['access-control-allow-origin']).toBeUndefined()
  })
})
