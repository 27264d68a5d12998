/**
 * Sessions and sign-in: signed HttpOnly cookies, server-side absolute and idle expiry, sign-out that ends the session
 * on the server, the OAuth `state` bound to the browser and to ten minutes, and `returnTo` that never leaves our origin.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { boot } from '../../server/boot.js'
import { parseEnv, securityOf } from '../../server/config.js'
import { safeReturnTo } from '../../server/services/sign-in.js'
import { cookieHeader, TEST_PUBLIC_URL } from '../helpers/app.js'
import { authorize, login, startSecureApp, type SecureApp } from './helpers.js'

const HOUR = 3600_000
const MINUTE = 60_000

let t: SecureApp
let clock = Date.now()
beforeAll(async () => {
  t = await startSecureApp({ now: () => clock })
})
afterAll(async () => {
  await t?.close()
})

const sessionStatus = async (cookie: string) => (await t.app.inject({ url: '/api/session', headers: { cookie } })).statusCode
const setCookies = (h: string | string[] | undefined) => (Array.isArray(h) ? h : h ? [h] : [])

describe('the session cookie', () => {
  it('is signed, HttpOnly, SameSite=Lax, for the whole site, and lives as long as the session may', async () => {
    const start = await t.app.inject('/api/auth/login?returnTo=/')
    const { callback } = await authorize(t.sim, String(start.headers.location), 'zhangwei')
    const done = await t.app.inject({ url: callback, headers: { cookie: cookieHeader(start.headers['set-cookie']) } })
    const sid = setCookies(done.headers['set-cookie']).find((c) => c.startsWith('sid='))!
    expect(sid).toMatch(/; HttpOnly/i)
    expect(sid).toMatch(/; SameSite=Lax/i)
    expect(sid).toMatch(/; Path=\//)
    expect(sid).toMatch(/; Max-Age=43200\b/)
    // Plain http (a demo on a LAN): a Secure cookie would never come back.
    expect(sid).not.toMatch(/; Secure/i)
    // token.signature: without the signature, or with another, it is no session.
    const value = decodeURIComponent(sid.split(';')[0]!.slice('sid='.length))
    expect(value).toMatch(/^[\w-]{43}\.[\w+/=-]+$/)
    expect(await sessionStatus(`sid=${encodeURIComponent(value)}`)).toBe(200)
    expect(await sessionStatus(`sid=${value.split('.')[0]}`)).toBe(401)
    expect(await sessionStatus(`sid=${value.split('.')[0]}.${'A'.repeat(43)}`)).toBe(401)
  })

  it('is __Host-sid (Secure, Path=/, no Domain), and the OAuth state cookie Secure, when PUBLIC_URL is https', async () => {
    const https = await startSecureApp({ config: { publicUrl: 'https://sidebar.test' } })
    try {
      const start = await https.app.inject('/api/auth/login')
      expect(String(start.headers['set-cookie'])).toMatch(/oauth_state=.*; Secure/i)
      const { callback } = await authorize(https.sim, String(start.headers.location), 'lina')
      const done = await https.app.inject({ url: callback, headers: { cookie: cookieHeader(start.headers['set-cookie']) } })
      const cookies = setCookies(done.headers['set-cookie'])
      expect(cookies.some((c) => c.startsWith('sid='))).toBe(false)
      const sid = cookies.find((c) => c.startsWith('__Host-sid='))!
      expect(sid).toMatch(/; Secure/i)
      expect(sid).toMatch(/; HttpOnly/i)
      expect(sid).toMatch(/; Path=\/(;|$)/)
      expect(sid).not.toMatch(/; Domain=/i)
      const cookie = sid.split(';')[0]!
      expect((await https.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(200)
      // The plain name means nothing on https: a cookie a sibling subdomain could have set is not a session.
      expect((await https.app.inject({ url: '/api/session', headers: { cookie: cookie.replace(/^__Host-sid/, 'sid') } })).statusCode).toBe(
        401,
      )
      // Sign-out clears it with the attributes a browser needs to accept the clearing of a __Host- cookie.
      const out = await https.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })
      expect(String(out.headers['set-cookie'])).toMatch(/^__Host-sid=;.*Path=\/;.*Secure/i)
      expect((await https.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(401)
    } finally {
      await https.close()
    }
  })

  it('a request carrying two session cookies is no session, whichever comes first', async () => {
    const zhangwei = await t.login('zhangwei')
    const lina = await t.login('lina')
    expect(await sessionStatus(zhangwei)).toBe(200)
    for (const cookie of [
      `${zhangwei}; ${lina}`,
      `${lina}; ${zhangwei}`,
      `${zhangwei}; ${zhangwei}`,
      `${zhangwei}; sid=planted`,
      `sid=planted;${zhangwei}`,
    ]) {
      expect(await sessionStatus(cookie), cookie.replace(/=[^;]+/g, '=…')).toBe(401)
    }
    // Other cookies beside it change nothing.
    expect(await sessionStatus(`theme=dark; ${zhangwei}; sidx=1`)).toBe(200)
  })
})

describe('server-side expiry', () => {
  it('ends a session 12 hours after sign-in however busy it is (absolute lifetime)', async () => {
    const signedInAt = (clock = Date.now())
    const cookie = await t.login('zhangwei')
    // A request every 30 minutes: never idle.
    for (let at = 30 * MINUTE; at < 12 * HOUR; at += 30 * MINUTE) {
      clock = signedInAt + at
      expect(await sessionStatus(cookie), `${at / HOUR} h after sign-in`).toBe(200)
    }
    clock = signedInAt + 12 * HOUR - MINUTE
    expect(await sessionStatus(cookie)).toBe(200)
    clock = signedInAt + 12 * HOUR + 1000
    expect(await sessionStatus(cookie)).toBe(401)
    clock = Date.now()
  })

  it('ends a session 4 hours after its last request (idle), and each request moves that end', async () => {
    const start = (clock = Date.now())
    const idle = await t.login('zhangwei')
    const busy = await t.login('zhangwei')
    clock = start + 3 * HOUR
    expect(await sessionStatus(busy)).toBe(200)
    clock = start + 4 * HOUR + MINUTE
    expect(await sessionStatus(idle)).toBe(401)
    // busy was last seen at 3 h: alive until 7 h.
    clock = start + 6 * HOUR + 58 * MINUTE
    expect(await sessionStatus(busy)).toBe(200)
    clock = start + 10 * HOUR + 59 * MINUTE + 30_000
    expect(await sessionStatus(busy)).toBe(401)
    clock = Date.now()
  })

  it('takes its lifetimes from SESSION_TTL_HOURS and SESSION_IDLE_MINUTES', async () => {
    const env = parseEnv({ SESSION_TTL_HOURS: '2', SESSION_IDLE_MINUTES: '30' })
    const { session } = securityOf(env)
    expect(session).toEqual({ ttlMs: 2 * HOUR, idleMs: 30 * MINUTE })
    expect(securityOf(parseEnv({})).session).toEqual({ ttlMs: 12 * HOUR, idleMs: 4 * HOUR })
    // Idle longer than the whole life means the life decides.
    expect(securityOf(parseEnv({ SESSION_TTL_HOURS: '1', SESSION_IDLE_MINUTES: '600' })).session.idleMs).toBe(HOUR)
    expect(() => parseEnv({ SESSION_TTL_HOURS: '0' })).toThrow(/SESSION_TTL_HOURS/)

    let now = Date.now()
    const short = await startSecureApp({ now: () => now, config: { session } })
    try {
      const cookie = await short.login('lina')
      const sid = cookie
      now += 29 * MINUTE
      expect((await short.app.inject({ url: '/api/session', headers: { cookie: sid } })).statusCode).toBe(200)
      now += 31 * MINUTE
      expect((await short.app.inject({ url: '/api/session', headers: { cookie: sid } })).statusCode).toBe(401)
    } finally {
      await short.close()
    }

    // boot() hands the environment's settings to the app.
    const dataDir = mkdtempSync(join(tmpdir(), 'security-boot-'))
    const booted = await boot(
      parseEnv({
        DATA_DIR: dataDir,
        SESSION_TTL_HOURS: '8',
        RATE_LIMIT_SENDS_PER_MIN: '5',
        CSP_FRAME_ANCESTORS: 'https://chat.example.com/x',
      }),
      8080,
    )
    await booted.sim?.close()
    rmSync(dataDir, { recursive: true, force: true })
    expect(booted.config.session).toEqual({ ttlMs: 8 * HOUR, idleMs: 4 * HOUR })
    expect(booted.config.rateLimit).toEqual({ ipPerMin: 300, signInPerMin: 300, userPerMin: 600, sendsPerMin: 5 })
    expect(booted.config.csp).toEqual({ frameAncestors: ['https://chat.example.com'], reportOnly: false })
  })
})

describe('signing out and in again', () => {
  it('sign-out deletes the session on the server: the same cookie, replayed, is no session', async () => {
    const cookie = await t.login('lina')
    expect(await sessionStatus(cookie)).toBe(200)
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })
    expect(out.statusCode).toBe(204)
    expect(String(out.headers['set-cookie'])).toMatch(/^sid=;.*Expires=Thu, 01 Jan 1970/)
    expect(await sessionStatus(cookie)).toBe(401)
    // Without a session it is still a 204: signing out twice is not an error.
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204)
  })

  it('a new sign-in in the same browser ends the session it had before', async () => {
    const old = await t.login('zhangwei')
    const start = await t.app.inject('/api/auth/login')
    const { callback } = await authorize(t.sim, String(start.headers.location), 'zhangwei')
    const done = await t.app.inject({ url: callback, headers: { cookie: `${cookieHeader(start.headers['set-cookie'])}; ${old}` } })
    const fresh = cookieHeader(done.headers['set-cookie'])
    expect(fresh).not.toBe(old)
    expect(await sessionStatus(fresh)).toBe(200)
    expect(await sessionStatus(old)).toBe(401)
  })
})

describe('the OAuth state', () => {
  async function begin() {
    const start = await t.app.inject('/api/auth/login?returnTo=/campaigns')
    const setCookie = setCookies(start.headers['set-cookie']).find((c) => c.startsWith('oauth_state='))!
    const { callback } = await authorize(t.sim, String(start.headers.location), 'zhangwei')
    return { stateCookie: setCookie.split(';')[0]!, setCookie, callback }
  }

  it('is a signed, HttpOnly, SameSite=Lax cookie for /api/auth only, ten minutes long, cleared by the callback', async () => {
    const { setCookie, stateCookie, callback } = await begin()
    expect(setCookie).toMatch(/; HttpOnly/i)
    expect(setCookie).toMatch(/; SameSite=Lax/i)
    expect(setCookie).toMatch(/; Path=\/api\/auth/)
    expect(setCookie).toMatch(/; Max-Age=600\b/)
    const done = await t.app.inject({ url: callback, headers: { cookie: stateCookie } })
    expect(done.statusCode).toBe(302)
    expect(done.headers.location).toBe('/campaigns')
    expect(setCookies(done.headers['set-cookie']).some((c) => /^oauth_state=;/.test(c))).toBe(true)
  })

  it.each([
    ['no state cookie', (_c: string, cb: string) => ({ url: cb })],
    [
      "a state that is not this browser's",
      (c: string, cb: string) => ({ url: cb.replace(/state=[^&]+/, 'state=AAAAAAAAAAAAAAAAAAAAAA'), headers: { cookie: c } }),
    ],
    [
      'a state cookie with a forged signature',
      (c: string, cb: string) => ({ url: cb, headers: { cookie: c.replace(/\.[^.]+$/, '.forged') } }),
    ],
    ['a state cookie without its signature', (c: string, cb: string) => ({ url: cb, headers: { cookie: c.replace(/\.[^.]*$/, '') } })],
    ['no state parameter', (c: string, cb: string) => ({ url: cb.replace(/&?state=[^&]+/, ''), headers: { cookie: c } })],
  ])('refuses a callback with %s (400 page), before asking WeCom about the code', async (_name, make) => {
    const { stateCookie, callback } = await begin()
    const before = t.sim.state.wecom.codes.size
    const res = await t.app.inject(make(stateCookie, callback))
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    expect(res.headers['set-cookie'] ?? '').not.toMatch(/sid=[^;]/)
    // The code was not spent: WeCom was not asked.
    expect(t.sim.state.wecom.codes.size).toBe(before)
  })

  it('refuses a state cookie older than ten minutes, whatever the browser kept', async () => {
    const { stateCookie, callback } = await begin()
    clock += 10 * MINUTE + 1000
    try {
      const res = await t.app.inject({ url: callback, headers: { cookie: stateCookie } })
      expect(res.statusCode).toBe(400)
      expect(res.body).toContain('登录已失效')
    } finally {
      clock = Date.now()
    }
  })

  const userInfoCalls = () => t.sim.state.requests.filter((r) => r.path.endsWith('/auth/getuserinfo')).length

  it('works once: the same state replayed, with the same code or a new one, is refused before WeCom is asked', async () => {
    const { stateCookie, callback } = await begin()
    expect((await t.app.inject({ url: callback, headers: { cookie: stateCookie } })).statusCode).toBe(302)
    const calls = userInfoCalls()
    const again = await t.app.inject({ url: callback, headers: { cookie: stateCookie } })
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('登录已失效')
    // A fresh code from WeCom with the old state (the loop: one cookie, many codes).
    for (let i = 0; i < 5; i++) {
      const state = new URL(callback, TEST_PUBLIC_URL).searchParams.get('state')!
      const start = await t.app.inject('/api/auth/login')
      const fresh = await authorize(t.sim, String(start.headers.location).replace(/state=[^&#]+/, `state=${state}`), 'zhangwei')
      const res = await t.app.inject({ url: fresh.callback, headers: { cookie: stateCookie } })
      expect(res.statusCode).toBe(400)
    }
    expect(userInfoCalls()).toBe(calls)
  })

  it('is used up by a callback that fails too: a bad code spends the state', async () => {
    const { stateCookie, callback } = await begin()
    const bad = await t.app.inject({ url: callback.replace(/code=[^&]+/, 'code=not-a-real-code'), headers: { cookie: stateCookie } })
    expect(bad.statusCode).toBe(401)
    const calls = userInfoCalls()
    const good = await t.app.inject({ url: callback, headers: { cookie: stateCookie } })
    expect(good.statusCode).toBe(400)
    expect(userInfoCalls()).toBe(calls)
  })
})

describe('returnTo never leaves our origin', () => {
  const refused = [
    '//evil.example',
    '//evil.example/path?x=1',
    '/\\evil.example',
    '/\\/evil.example',
    '\\\\evil.example',
    'https://evil.example/',
    'http:evil.example',
    'HTTPS://evil.example',
    `${TEST_PUBLIC_URL}/ok`, // absolute even when ours: only paths are taken
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    ' /campaigns',
    'campaigns',
    '/%2F%2Fevil.example',
    '/%2f%2fevil.example',
    '%2F%2Fevil.example',
    '/%5Cevil.example',
    '/%5cevil.example',
    '/%252F%252Fevil.example',
    '/%25252F%25252Fevil.example',
    '/%2525252F%2525252Fevil.example',
    '/..//evil.example',
    '/./..//evil.example/x',
    '/%2e%2e//evil.example',
    '/a/../..//evil.example',
    '/a\r\nSet-Cookie: sid=x',
    '/a%0d%0aSet-Cookie:%20sid=x',
    '/a%0aLocation:%20https://evil.example',
    '/a%250d%250aX:1',
    '/\tevil',
    '/%09/evil.example',
    '/a\u0000b',
    '/a%00b',
    '/bad%',
    '/%E4%BD',
    `/${'a'.repeat(2100)}`,
  ]
  it.each(refused.map((r) => [JSON.stringify(r).slice(0, 60), r]))('%s → /', (_label, input) => {
    expect(safeReturnTo(input, TEST_PUBLIC_URL)).toBe('/')
  })

  it.each([
    ['/', '/'],
    ['/campaigns', '/campaigns'],
    ['/campaigns/30101?tab=reach#top', '/campaigns/30101?tab=reach#top'],
    ['/customer?name=%E9%99%88', '/customer?name=%E9%99%88'],
    ['/a%2Fb', '/a%2Fb'],
    ['/playground?contact=wmABC', '/playground?contact=wmABC'],
  ])('keeps our own path %s', (input, expected) => {
    expect(safeReturnTo(input, TEST_PUBLIC_URL)).toBe(expected)
  })

  it('the whole sign-in lands on / for every refused returnTo, and on the path for a good one', async () => {
    for (const returnTo of [
      '//evil.example',
      '/%2F%2Fevil.example',
      '/%5Cevil.example',
      'javascript:alert(1)',
      '/a%0d%0aX:1',
      'https://evil.example',
    ]) {
      const { location } = await login(t.app, t.sim, 'lina', returnTo)
      expect(location, returnTo).toBe('/')
    }
    expect((await login(t.app, t.sim, 'lina', '/campaigns/30101?x=1')).location).toBe('/campaigns/30101?x=1')
  })
})
