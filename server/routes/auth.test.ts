import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppInfo, Session } from '../../contracts/session.js'
import { cookieHeader, login, startTestApp, TEST_PUBLIC_URL, testConfig, testCredentials, type TestApp } from '../../test/helpers/app.js'
import { buildApp } from '../app.js'
import { safeReturnTo } from '../services/sign-in.js'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

describe('safeReturnTo', () => {
  it.each([
    ['/customers/1?x=2#y', '/customers/1?x=2#y'],
    ['/', '/'],
    [undefined, '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['http://sidebar.test/ok', '/'],
    ['javascript:alert(1)', '/'],
    ['/%2F%2Fevil.example', '/'], // a layer that decodes it would see //evil.example
    ['/a\nb', '/'],
    ['/..//evil.example', '/'],
    ['/./..//evil.example/x', '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeReturnTo(input, TEST_PUBLIC_URL)).toBe(expected)
  })
})

describe('sign-in through WeCom OAuth', () => {
  it('health needs no session', async () => {
    const res = await t.app.inject('/api/health')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok' })
  })

  it('redirects to the authorize URL WeCom documents, with a browser-bound state', async () => {
    const res = await t.app.inject('/api/auth/login?returnTo=/campaigns')
    expect(res.statusCode).toBe(302)
    const location = String(res.headers.location)
    expect(location.endsWith('#wechat_redirect')).toBe(true)
    const url = new URL(location)
    expect(`${url.origin}${url.pathname}`).toBe(`${TEST_PUBLIC_URL}/sim/connect/oauth2/authorize`)
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appid: testCredentials.wecom.corpId,
      redirect_uri: `${TEST_PUBLIC_URL}/api/auth/callback`,
      response_type: 'code',
      scope: 'snsapi_base',
      state: expect.stringMatching(/^[\w-]{16,}$/),
      agentid: testCredentials.wecom.agentId,
    })
    const setCookie = String(res.headers['set-cookie'])
    expect(setCookie).toMatch(/oauth_state=/)
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
  })

  const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
  const WECOM_DESKTOP = `${CHROME} wxwork/4.1.20 MicroMessenger/7.0.1 Language/zh_CN ColorScheme/Light`
  const signInPage = async (returnTo: string, userAgent: string) => {
    const res = await t.app.inject({
      url: `/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`,
      headers: { 'user-agent': userAgent },
    })
    expect(res.statusCode).toBe(302)
    return new URL(String(res.headers.location))
  }

  it('sends an admin page opened outside WeCom to 企业微信扫码登录, with the parameters WeCom documents', async () => {
    const url = await signInPage('/admin/status', CHROME)
    expect(`${url.origin}${url.pathname}`).toBe(`${TEST_PUBLIC_URL}/sim/wwlogin/sso/login`)
    expect(url.hash).toBe('')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      login_type: 'CorpApp',
      appid: testCredentials.wecom.corpId,
      agentid: testCredentials.wecom.agentId,
      redirect_uri: `${TEST_PUBLIC_URL}/api/auth/callback`,
      state: expect.stringMatching(/^[\w-]{16,}$/),
    })
  })

  it.each([
    ['an admin page in WeCom’s own browser', '/admin/materials', WECOM_DESKTOP],
    ['the sidebar outside WeCom (the demo’s playground)', '/', CHROME],
    ['a path that only starts like an admin page', '/administrator', CHROME],
  ])('keeps %s on the OAuth page', async (_, returnTo, userAgent) => {
    expect((await signInPage(returnTo, userAgent)).pathname).toBe('/sim/connect/oauth2/authorize')
  })

  it('signs an admin in by the QR code and brings them back to the admin page', async () => {
    const cookie = await login(t.app, t.sim, 'zhangwei', { returnTo: '/admin/materials?kind=image', userAgent: CHROME })
    const session = await t.app.inject({ url: '/api/session', headers: { cookie } })
    expect(session.json()).toMatchObject({ userId: 'zhangwei', isAdmin: true })
  })

  it('a refused QR sign-in offers 重新登录 back to the admin page, by the QR code again', async () => {
    const start = await t.app.inject({ url: '/api/auth/login?returnTo=%2Fadmin%2Fstatus', headers: { 'user-agent': CHROME } })
    const state = new URL(String(start.headers.location)).searchParams.get('state')!
    const refused = await t.app.inject({
      url: `/api/auth/callback?code=not-a-wecom-code&state=${state}`,
      headers: { cookie: cookieHeader(start.headers['set-cookie']), 'user-agent': CHROME },
    })
    expect(refused.statusCode).toBe(401)
    const again = /<a href="([^"]+)">重新登录<\/a>/.exec(refused.body)?.[1]
    expect(again).toBe('/api/auth/login?returnTo=%2Fadmin%2Fstatus')
    const back = await t.app.inject({ url: again!, headers: { 'user-agent': CHROME } })
    expect(new URL(String(back.headers.location)).pathname).toBe('/sim/wwlogin/sso/login')
  })

  it('a declined QR scan (WeCom comes back with the state alone) says so, and offers 重新登录', async () => {
    const start = await t.app.inject({ url: '/api/auth/login?returnTo=%2Fadmin%2Fmaterials', headers: { 'user-agent': CHROME } })
    const state = new URL(String(start.headers.location)).searchParams.get('state')!
    const declined = await t.app.inject({
      url: `/api/auth/callback?state=${state}`,
      headers: { cookie: cookieHeader(start.headers['set-cookie']), 'user-agent': CHROME },
    })
    expect(declined.statusCode).toBe(400)
    expect(declined.body).toContain('没有完成登录')
    expect(declined.body).toContain('<a href="/api/auth/login?returnTo=%2Fadmin%2Fmaterials">重新登录</a>')
    const english = await t.app.inject({ url: `/api/auth/callback?state=${state}`, headers: { 'accept-language': 'en-US' } })
    expect(english.body).toContain('Sign-in not completed')
  })

  it('signs in, answers the session, and logs out', async () => {
    const cookie = await t.login('zhangwei')
    const session = await t.app.inject({ url: '/api/session', headers: { cookie } })
    expect(session.statusCode).toBe(200)
    expect(Session.parse(session.json())).toEqual({
      userId: 'zhangwei',
      name: '张伟',
      corpId: testCredentials.wecom.corpId,
      agentId: testCredentials.wecom.agentId,
      host: 'wecom',
      isAdmin: true,
      demo: true,
    })
    const lina = await t.login('lina')
    expect((await t.app.inject({ url: '/api/session', headers: { cookie: lina } })).json().isAdmin).toBe(false)
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })
    expect(out.statusCode).toBe(204)
    const after = await t.app.inject({ url: '/api/session', headers: { cookie } })
    expect(after.statusCode).toBe(401)
    expect(after.json().code).toBe('NO_SESSION')
  })

  it('the session cookie is signed and HttpOnly; a forged one is no session', async () => {
    const cookie = await t.login('zhangwei')
    const [name, value] = cookie.split('=') as [string, string]
    expect(name).toBe('sid')
    const forged = `sid=${value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}`
    expect((await t.app.inject({ url: '/api/session', headers: { cookie: forged } })).statusCode).toBe(401)
    const unsigned = `sid=${value.split('.')[0]}`
    expect((await t.app.inject({ url: '/api/session', headers: { cookie: unsigned } })).statusCode).toBe(401)
  })

  it("refuses a callback without the browser's state, and a replayed code, with a page not a crash", async () => {
    const start = await t.app.inject('/api/auth/login')
    const stateCookie = cookieHeader(start.headers['set-cookie'])
    const authorize = new URL(String(start.headers.location).replace(/#.*/, ''))
    authorize.searchParams.set('login_as', 'zhangwei')
    const page = await fetch(`${t.sim.url}${authorize.pathname.replace(/^\/sim/, '')}${authorize.search}`, { redirect: 'manual' })
    const back = new URL(page.headers.get('location')!)
    const callback = `${back.pathname}${back.search}`

    const noState = await t.app.inject({ url: callback })
    expect(noState.statusCode).toBe(400)
    expect(noState.headers['content-type']).toMatch(/text\/html/)
    expect(noState.body).toContain('登录已失效')

    const wrongState = await t.app.inject({ url: callback.replace(/state=[^&]+/, 'state=someone-else'), headers: { cookie: stateCookie } })
    expect(wrongState.statusCode).toBe(400)
    // That failed callback used the browser's state up: the right one, afterwards, is refused too.
    const late = await t.app.inject({ url: callback, headers: { cookie: stateCookie } })
    expect(late.statusCode).toBe(400)
    expect(late.body).toContain('登录已失效')
    expect(late.body).toContain('<html lang="zh-CN">')
    // The same page for a WeCom set to English: the sidebar's language, before the sidebar has loaded.
    const english = await t.app.inject({ url: callback, headers: { cookie: stateCookie, 'user-agent': 'wxwork/4.1.20 Language/en' } })
    expect(english.statusCode).toBe(400)
    expect(english.body).toContain('<html lang="en">')
    expect(english.body).toContain('Sign-in expired')
    expect(english.body).toContain('Sign in again')
    expect(english.body).not.toMatch(/\p{Script=Han}/u)

    // A new sign-in: a new state, and the code WeCom gave for the old one, which WeCom has not been asked about yet.
    const again = await t.app.inject('/api/auth/login')
    const state = new URL(String(again.headers.location).replace(/#.*/, '')).searchParams.get('state')!
    const ok = await t.app.inject({
      url: callback.replace(/state=[^&]+/, `state=${state}`),
      headers: { cookie: cookieHeader(again.headers['set-cookie']) },
    })
    expect(ok.statusCode).toBe(302)
    expect(ok.headers.location).toBe('/')

    // The same code once more, with a fresh state: WeCom refuses a used code.
    const third = await t.app.inject('/api/auth/login')
    const state3 = new URL(String(third.headers.location).replace(/#.*/, '')).searchParams.get('state')!
    const replay = await t.app.inject({
      url: callback.replace(/state=[^&]+/, `state=${state3}`),
      headers: { cookie: cookieHeader(third.headers['set-cookie']) },
    })
    expect(replay.statusCode).toBe(401)
    expect(replay.body).toContain('登录凭证无效')

    const missing = await t.app.inject({ url: '/api/auth/callback' })
    expect(missing.statusCode).toBe(400)
  })

  it('every API route but health and auth needs a session', async () => {
    const routes: Array<[string, string]> = [
      ['GET', '/api/session'],
      ['POST', '/api/wecom/signatures'],
      ['GET', '/api/contacts/wmABC'],
      ['PUT', '/api/admin/contact-links'],
      ['POST', '/api/sends'],
      ['GET', '/api/sends'],
      ['POST', '/api/sends/00000000-0000-4000-8000-000000000000/result'],
      ['DELETE', '/api/sends/00000000-0000-4000-8000-000000000000'],
      ['GET', '/api/campaigns'],
      ['POST', '/api/campaigns'],
      ['DELETE', '/api/campaigns/1'],
      ['GET', '/api/campaigns/1/reach'],
    ]
    for (const [method, url] of routes) {
      const res = await t.app.inject({ method: method as 'GET', url, payload: method === 'GET' || method === 'DELETE' ? undefined : {} })
      expect({ url, status: res.statusCode, code: res.json().code }).toEqual({ url, status: 401, code: 'NO_SESSION' })
    }
  })
})

describe('GET /api/app-info', () => {
  it('tells any page, without a session, that WeCom is simulated — the same demo flag as the session', async () => {
    const res = await t.app.inject('/api/app-info')
    expect(res.statusCode).toBe(200)
    expect(AppInfo.parse(res.json())).toEqual({ demo: true })
    const cookie = await t.login('lina')
    expect((await t.app.inject({ url: '/api/session', headers: { cookie } })).json().demo).toBe(true)
  })

  it('says demo: false when WeCom is real, even if other vendors are simulated', async () => {
    const base = testConfig('http://127.0.0.1:9')
    const app = await buildApp(
      { ...base, vendors: { ...base.vendors, wecom: { ...base.vendors.wecom, simulated: false } } },
      { logger: false },
    )
    try {
      const res = await app.inject('/api/app-info')
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ demo: false })
    } finally {
      await app.close()
    }
  })
})
