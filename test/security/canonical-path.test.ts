/**
 * Decisions on the path the router sees. The router decodes `%61` to `a` (and, once server/canonical-url.ts runs,
 * so do the hooks); a hook that read the raw URL let `/%61pi/…` past the rate limit and `/%61pi/qikeliao/enter?…`
 * into the log with its encrypted identity. Every registered route is called over a real socket (light-my-request
 * resolves dot segments itself, so `inject` would hide half of the spellings) in four spellings — plain, the first
 * letter percent-encoded, a doubled slash, a dot segment — and must give the same status, count in the same
 * rate-limit bucket and be logged the same way.
 */
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registeredRoutes } from '../../server/security.js'
import { demoCampaignIds, demoContacts, demoGroupIds } from '../../server/sim/demo-data.js'
import { cookieHeader, startTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/app.js'
import { authorize, fillParams } from './helpers.js'

/** Requests per minute in every bucket this file exercises: two rounds of the four spellings. */
const LIMIT = 8

const PARAMS = {
  externalUserId: demoContacts[0]!.externalUserId,
  chatId: demoGroupIds.showroom,
  id: '00000000-0000-4000-8000-000000000000',
  taskId: String(demoCampaignIds[0]!.taskId),
  fileId: '00000000-0000-4000-8000-000000000000',
  name: 'x.png',
  '*': 'sim-assets/avatar/lina.svg',
}

type Spelling = 'plain' | 'encoded' | 'doubled slash' | 'dot segment'
const SPELLINGS: Spelling[] = ['plain', 'encoded', 'doubled slash', 'dot segment']

/** `/api/auth/callback?x` spelled another way; the query is never touched. */
function spell(pathAndQuery: string, how: Spelling): string {
  const q = pathAndQuery.indexOf('?')
  const path = q === -1 ? pathAndQuery : pathAndQuery.slice(0, q)
  const query = q === -1 ? '' : pathAndQuery.slice(q)
  const second = path.indexOf('/', 1)
  const spelled = {
    plain: path,
    // `/api/…` → `/%61pi/…`, `/files/…` → `/%66iles/…`
    encoded: `/%${path.charCodeAt(1).toString(16)}${path.slice(2)}`,
    'doubled slash': `${path.slice(0, second)}/${path.slice(second)}`,
    'dot segment': `${path.slice(0, second)}/spelled/..${path.slice(second)}`,
  }[how]
  return `${spelled}${query}`
}

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

let t: TestApp
let port = 0

/** One request over a socket, its request-target exactly as given. */
function call(method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

const codeOf = (a: Answer) =>
  a.body && String(a.headers['content-type']).includes('json') ? (JSON.parse(a.body) as { code?: string }).code : ''
const outcome = (a: Answer) => `${a.status}${codeOf(a) ? ` ${codeOf(a)}` : ''}`

/** The URL of the request line this app logged for the last request (one `request completed` line per request). */
function loggedUrlSince(mark: number): string {
  const lines = t.logs
    .slice(mark)
    .map((l) => JSON.parse(l) as { msg?: string; req?: { url: string } })
    .filter((l) => l.msg === 'request completed')
  expect(lines).toHaveLength(1)
  return lines[0]!.req!.url
}

// A client address per route, so each route has buckets of its own (TRUST_PROXY believes X-Forwarded-For here).
let nextIp = 1
const freshIp = () => `198.51.100.${nextIp++}`

beforeAll(async () => {
  t = await startTestApp({
    config: {
      trustProxy: true,
      // The per-user bucket is off so that one session can walk every route; the sends bucket is on.
      rateLimit: { ipPerMin: LIMIT, signInPerMin: LIMIT, userPerMin: 0, sendsPerMin: LIMIT },
    },
  })
  await t.app.listen({ host: '127.0.0.1', port: 0 })
  port = (t.app.server.address() as { port: number }).port
})
afterAll(async () => {
  await t?.close()
})

describe('every route in four spellings', () => {
  const routes = () =>
    registeredRoutes(t.app).map((r) => ({ ...r, path: r.url === '/sim/*' ? `/sim/${PARAMS['*']}` : fillParams(r.url, PARAMS) }))

  it('answers the same, counts in the same bucket and logs the same URL, without a session', async () => {
    const problems: string[] = []
    let requests = 0
    for (const r of routes()) {
      const ip = freshIp()
      const headers = { 'x-forwarded-for': ip, origin: TEST_PUBLIC_URL }
      const seen = new Map<Spelling, { outcome: string; logged: string }>()
      // Two rounds of the four spellings: exactly LIMIT requests, all allowed if they share one bucket.
      for (let round = 0; round < 2; round++) {
        for (const how of SPELLINGS) {
          const mark = t.logs.length
          const a = await call(r.method, spell(r.path, how), headers)
          requests++
          const now = { outcome: outcome(a), logged: loggedUrlSince(mark) }
          const plain = seen.get('plain') ?? now
          if (now.outcome !== plain.outcome) problems.push(`${r.method} ${spell(r.path, how)}: ${now.outcome}, plain ${plain.outcome}`)
          if (now.logged !== plain.logged)
            problems.push(`${r.method} ${spell(r.path, how)}: logged as ${now.logged}, plain ${plain.logged}`)
          if (!seen.has(how)) seen.set(how, now)
        }
      }
      // The next request is over the limit of the bucket the route counts in — whichever spelling spent it.
      const limited = r.url.startsWith('/api/') && r.url !== '/api/health'
      const over = await call(r.method, r.path, headers)
      requests++
      if (limited && over.status !== 429) problems.push(`${r.method} ${r.path}: ${outcome(over)} after ${LIMIT} spelled requests, not 429`)
      if (!limited && outcome(over) !== seen.get('plain')!.outcome) problems.push(`${r.method} ${r.path}: limited though it never is`)
      if (limited && r.method !== 'HEAD') {
        // …and only that bucket: sign-in has its own, everything else shares the per-IP one.
        const signIn = r.url.startsWith('/api/auth/login') || r.url.startsWith('/api/auth/callback')
        const other = await call('GET', signIn ? '/api/app-info' : '/api/auth/login', headers)
        requests++
        if (other.status === 429) problems.push(`${r.method} ${r.path}: counted in the ${signIn ? 'per-IP' : 'sign-in'} bucket too`)
      }
    }
    expect(problems).toEqual([])
    console.info(
      `[figures] canonical path: ${routes().length} routes (HEAD included) × 4 spellings × 2 rounds + limit checks = ${requests} requests ` +
        'over a socket; every spelling answered, counted and was logged like the plain path',
    )
  })

  it('gives a signed-in staff member the same answers and session checks in every spelling', async () => {
    const cookie = await t.login('lina')
    const problems: string[] = []
    for (const r of routes().filter((x) => x.method === 'GET' || x.method === 'HEAD')) {
      const outcomes = new Set<string>()
      for (const how of SPELLINGS) outcomes.add(outcome(await call(r.method, spell(r.path, how), { cookie })))
      if (outcomes.size !== 1) problems.push(`${r.method} ${r.path}: ${[...outcomes].join(' / ')}`)
    }
    expect(problems).toEqual([])
    // And a refusal stays a refusal: an admin route in any spelling is 403 for lina.
    for (const how of SPELLINGS) {
      const res = await call('DELETE', spell(`/api/campaigns/${PARAMS.taskId}`, how), { cookie, origin: TEST_PUBLIC_URL })
      expect(outcome(res), how).toBe('403 ADMIN_ONLY')
    }
  })

  it('counts POST /api/sends in the sends bucket in every spelling', async () => {
    const cookie = await t.login('zhangwei')
    const body = (key: string) =>
      JSON.stringify({
        idempotencyKey: key,
        channel: 'chat',
        contact: { externalUserId: zhangweisContact() },
        content: [{ type: 'text', text: '您好' }],
      })
    const post = (path: string, key: string) =>
      new Promise<number>((resolve, reject) => {
        const data = body(key)
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path,
            headers: { cookie, origin: TEST_PUBLIC_URL, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
          },
          (res) => {
            res.resume()
            res.on('end', () => resolve(res.statusCode ?? 0))
          },
        )
        req.on('error', reject)
        req.end(data)
      })
    const statuses: number[] = []
    for (let i = 0; i < LIMIT; i++) statuses.push(await post(spell('/api/sends', SPELLINGS[i % 4]!), `canonical-${Date.now()}-${i}`))
    expect(statuses).toEqual(Array(LIMIT).fill(201))
    expect(await post('/api/sends', `canonical-${Date.now()}-over`)).toBe(429)
  })
})

function zhangweisContact(): string {
  return demoContacts.find((c) => c.follows.some((f) => f.userId === 'zhangwei'))!.externalUserId
}

describe('what the issue found', () => {
  const userInfoCalls = () => t.sim.state.requests.filter((r) => r.path.endsWith('/auth/getuserinfo')).length

  /** A whole sign-in, both of our steps in `how`'s spelling; answers the callback's status. */
  async function signIn(how: Spelling, ip: string): Promise<number> {
    const start = await call('GET', spell('/api/auth/login?returnTo=/', how), { 'x-forwarded-for': ip })
    if (start.status !== 302) return start.status
    const { callback } = await authorize(t.sim, String(start.headers.location), 'zhangwei')
    const done = await call('GET', spell(callback, how), { 'x-forwarded-for': ip, cookie: cookieHeader(start.headers['set-cookie']) })
    return done.status
  }

  it('a loop of sign-ins through /%61pi/auth/ asks WeCom no more often than the plain path may', async () => {
    const tries = 3 * LIMIT
    const counts: Record<string, number> = {}
    for (const how of ['plain', 'encoded', 'doubled slash', 'dot segment'] as const) {
      const ip = freshIp()
      const before = userInfoCalls()
      for (let i = 0; i < tries; i++) await signIn(how, ip)
      counts[how] = userInfoCalls() - before
    }
    // Each sign-in is two requests in the sign-in bucket: LIMIT / 2 of them reach WeCom, in every spelling.
    expect(counts).toEqual({ plain: LIMIT / 2, encoded: LIMIT / 2, 'doubled slash': LIMIT / 2, 'dot segment': LIMIT / 2 })
    console.info(
      `[figures] sign-in loop, ${tries} tries per spelling, limit ${LIMIT}/min: WeCom getuserinfo calls ${JSON.stringify(counts)}`,
    )
  })

  it('one state cookie replayed at /%61pi/auth/callback with fresh codes reaches WeCom once', async () => {
    const ip = freshIp()
    const start = await call('GET', '/%61pi/auth/login?returnTo=/', { 'x-forwarded-for': ip })
    const stateCookie = cookieHeader(start.headers['set-cookie'])
    const location = String(start.headers.location)
    const before = userInfoCalls()
    const statuses: number[] = []
    for (let i = 0; i < LIMIT - 2; i++) {
      const { callback } = await authorize(t.sim, location, 'zhangwei')
      statuses.push((await call('GET', spell(callback, 'encoded'), { 'x-forwarded-for': ip, cookie: stateCookie })).status)
    }
    expect(statuses[0]).toBe(302)
    expect(statuses.slice(1)).toEqual(Array(LIMIT - 3).fill(400))
    expect(userInfoCalls() - before).toBe(1)
  })

  it('logs /%61pi/qikeliao/enter and /%61pi/auth/callback without their query, in every spelling', async () => {
    const secret = 'PKIDSECRETpkidsecret0123456789'
    for (const how of SPELLINGS) {
      for (const path of [`/api/qikeliao/enter?PKID=${secret}&UserID=${secret}`, `/api/auth/callback?code=${secret}&state=${secret}`]) {
        const mark = t.logs.length
        await call('GET', spell(path, how), { 'x-forwarded-for': freshIp() })
        expect(loggedUrlSince(mark)).toBe(path.split('?')[0])
      }
    }
    expect(t.logs.join('')).not.toContain(secret)
  })
})
