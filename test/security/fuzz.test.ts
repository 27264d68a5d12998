/**
 * Bad input at every route: fast-check throws generated path parameters, query strings, bodies (JSON of any shape,
 * valid bodies with fields replaced, broken JSON, deep nesting) and headers (content types, cookies, forwarded-for)
 * at every route the app registers, signed in as an admin so the handlers run. No answer may be a 5xx, every error
 * must be `{ code, message }` JSON, and the heap must not grow with the number of requests.
 */
import { runInNewContext } from 'node:vm'
import { setFlagsFromString } from 'node:v8'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registeredRoutes, type RegisteredRoute } from '../../server/security.js'
import { demoCampaignIds, demoGroupIds } from '../../server/sim/demo-data.js'
import { demo } from '../helpers/demo.js'
import { startSecureApp, type SecureApp } from './helpers.js'

const CASES_PER_ROUTE = Number(process.env.FUZZ_CASES_PER_ROUTE ?? 200)
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined

let t: SecureApp
let cookie: string
beforeAll(async () => {
  t = await startSecureApp({ logLevel: 'info', upstreamTimeoutMs: 1000 })
  cookie = await t.login('zhangwei')
})
afterAll(async () => {
  await t?.close()
})

/** A way to run the collector now: `global.gc` when node was started with it, else switched on here. */
function gcFunction(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc
  if (existing) return existing
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

/** Lets the log file catch up: lines waiting to be written are held in memory until then. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

// ——— generators ———

/** Any string, lone surrogates included, percent-encoded so it can travel in a URL (raw bytes where it cannot). */
const urlSafe = (s: string) => {
  try {
    return encodeURIComponent(s)
  } catch {
    return [...s].map((ch) => `%${(ch.charCodeAt(0) & 0xff).toString(16).padStart(2, '0')}`).join('')
  }
}
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 3000 }),
)
const weirdSegment = fc.constantFrom(
  '..',
  '.',
  '%2e%2e',
  '%2F',
  '%5C',
  '%00',
  '%',
  '%ZZ',
  '%ED%A0%80',
  '%C0%AF',
  '__proto__',
  'constructor',
  '0',
  '-1',
  '1e309',
  'NaN',
  '9'.repeat(40),
  'null',
  ' ',
  '%20',
)
const validSegment = fc.constantFrom(
  demo.linked.externalUserId,
  demo.notZhangweis.externalUserId,
  demoGroupIds.lockVip,
  demoGroupIds.owners,
  String(demoCampaignIds[0]!.taskId),
  '00000000-0000-4000-8000-000000000000',
  'wmAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
)
const pathParam = fc.oneof(anyText.map(urlSafe), weirdSegment, validSegment, fc.uuid().map(String), fc.integer().map(String))

const queryKey = fc.oneof(
  fc.constantFrom('contact', 'group', 'cursor', 'limit', 'returnTo', 'code', 'state', '__proto__', 'constructor', 'a[b]', 'x[]'),
  fc.string({ maxLength: 10 }),
)
const queryValue = fc.oneof(
  anyText,
  weirdSegment,
  validSegment,
  fc.constantFrom('//evil.example', '/\\evil', 'javascript:alert(1)', '%0d%0aX:1', '100', '0', '101', '-5', '1.5'),
)
const query = fc.oneof(
  fc.constant(''),
  fc.array(fc.tuple(queryKey, queryValue), { maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${urlSafe(k)}=${urlSafe(v)}`).join('&')),
  fc.constantFrom('&&==&', '%', 'a=%ZZ', 'a=1&a=2&a=3', `limit=${'9'.repeat(400)}`, 'cursor=' + 'A'.repeat(300)),
)

/** Bodies the routes would take, to be damaged field by field. */
const TEMPLATES: unknown[] = [
  {
    idempotencyKey: 'fuzz-template-key',
    channel: 'chat',
    contact: { externalUserId: demo.linked.externalUserId },
    content: [{ type: 'text', text: '你好' }],
  },
  {
    idempotencyKey: 'fuzz-template-key-2',
    channel: 'rpa',
    contact: { externalUserId: demo.linked.externalUserId },
    content: [{ type: 'link', url: 'https://example.com/a', title: '新品' }],
    scheduleAt: '2099-01-01T00:00:00+08:00',
  },
  {
    idempotencyKey: 'fuzz-template-key-3',
    channel: 'chat',
    group: { chatId: demoGroupIds.lockVip },
    content: [{ type: 'text', text: '各位好' }],
  },
  { url: 'http://sidebar.test/customer?x=1#y' },
  { ok: true, errMsg: 'x' },
  { taskId: demoCampaignIds[0]!.taskId, name: '活动' },
  {
    title: '门锁图',
    folder: '产品图片',
    tags: ['门锁'],
    content: { type: 'image', file: { fileId: '5f3c9a10-7b2e-4c1d-9e0a-00000000f001', name: 'x1.png' } },
  },
  [{ externalUserId: demo.linked.externalUserId, youmi: demo.youmiOf(demo.linked.externalUserId) }],
]
const damaged = fc
  .tuple(
    fc.constantFrom(...TEMPLATES),
    fc.array(
      fc.tuple(
        fc.constantFrom(
          'idempotencyKey',
          'channel',
          'contact',
          'group',
          'content',
          'scheduleAt',
          'url',
          'ok',
          'errMsg',
          'taskId',
          'name',
          'title',
          'folder',
          'tags',
          '__proto__',
          '0',
        ),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([template, edits]) => {
    const copy = JSON.parse(JSON.stringify(template)) as Record<string, unknown>
    for (const [k, v] of edits) Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true })
    return JSON.stringify(copy)
  })
const nested = fc
  .integer({ min: 1, max: 120_000 })
  .chain((depth) => fc.constantFrom(`${'['.repeat(depth)}${']'.repeat(depth)}`, `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`))
const body = fc.oneof(
  { weight: 4, arbitrary: damaged },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 2, arbitrary: anyText },
  { weight: 1, arbitrary: nested },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"x":1}}}',
      '',
      ' ',
      '\u0000',
      '{"content":[{"type":"text","text":"\\u0000"}]}',
      '{"text":"\\ud800"}',
    ),
  },
)

const contentType = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'text/plain',
  'text/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=latin1',
  '',
  'application/jsonx',
  '*/*',
)
const cookieHeader = fc.oneof(
  { weight: 6, arbitrary: fc.constant('session') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', 'sid=', 'sid=junk', 'sid=a.b.c', 'sid=%', 'sid=%E0%A4%A', '=;=;', 'sid="x"', 'sid=' + 'A'.repeat(5000)),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).filter((s) => /^[\x20-\x7e]*$/.test(s)) },
  { weight: 1, arbitrary: fc.constant('session+junk') },
)
const headerValue = fc.string({ maxLength: 80 }).filter((s) => /^[\x20-\x7e]*$/.test(s))
const extraHeaders = fc.dictionary(
  fc.constantFrom(
    'x-forwarded-for',
    'x-forwarded-proto',
    'x-forwarded-host',
    'accept',
    'accept-encoding',
    'accept-language',
    'origin',
    'referer',
    'user-agent',
    'range',
    'if-none-match',
    'idempotency-key',
    'x-http-method-override',
  ),
  headerValue,
  { maxKeys: 3 },
)

interface Case {
  params: string[]
  query: string
  body: string | undefined
  contentType: string
  cookie: string
  headers: Record<string, string>
}
const caseFor = (route: RegisteredRoute) =>
  fc.record({
    params: fc.array(pathParam, { minLength: 3, maxLength: 3 }),
    query,
    body: ['GET', 'HEAD'].includes(route.method) ? fc.constant(undefined) : fc.option(body, { nil: undefined, freq: 8 }),
    contentType,
    cookie: cookieHeader,
    headers: extraHeaders,
  })

// ——— the run ———

/** Routes that answer a browser with a page or a redirect, not JSON. */
const PAGES = new Set(['GET /api/auth/login', 'GET /api/auth/callback', 'GET /sim/*', 'GET /api/qikeliao/enter'])
const stats = { cases: 0, byStatus: new Map<number, number>(), fiveHundreds: 0 }

async function fire(route: RegisteredRoute, c: Case): Promise<string | null> {
  let i = 0
  const path = route.url.replace(/:\w+|\*/g, () => c.params[i++ % 3]!)
  const url = c.query ? `${path}?${c.query}` : path
  // Signing out would end the session the other cases use: it gets junk cookies only.
  const session = route.url === '/api/auth/logout' ? '' : cookie
  const cookieValue = c.cookie === 'session' ? session : c.cookie === 'session+junk' ? `${session}; sid=junk; ${session}` : c.cookie
  const headers: Record<string, string> = { ...c.headers }
  if (cookieValue) headers.cookie = cookieValue
  if (c.body !== undefined && c.contentType) headers['content-type'] = c.contentType
  let res
  try {
    res = await t.app.inject({ method: route.method as 'GET', url, headers, ...(c.body === undefined ? {} : { payload: c.body }) })
  } catch (err) {
    // light-my-request refuses some URLs and headers before they reach the app: not the app's answer.
    if (err instanceof TypeError || (err as { code?: string }).code?.startsWith('ERR_')) return null
    throw err
  }
  stats.cases++
  stats.byStatus.set(res.statusCode, (stats.byStatus.get(res.statusCode) ?? 0) + 1)
  const where = `${route.method} ${url.slice(0, 200)} body=${JSON.stringify(c.body?.slice(0, 200))} type=${c.contentType}`
  if (res.statusCode >= 500) {
    stats.fiveHundreds++
    return `${res.statusCode} for ${where}: ${res.body.slice(0, 300)}`
  }
  const key = `${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`
  if (res.statusCode >= 400 && route.method !== 'HEAD' && !PAGES.has(key)) {
    let parsed: { code?: unknown; message?: unknown }
    try {
      parsed = JSON.parse(res.body)
    } catch {
      return `${res.statusCode} not JSON for ${where}: ${res.body.slice(0, 200)}`
    }
    if (
      typeof parsed.code !== 'string' ||
      !/^[A-Z][A-Z0-9_]*$/.test(parsed.code) ||
      typeof parsed.message !== 'string' ||
      !parsed.message
    ) {
      return `${res.statusCode} not { code, message } for ${where}: ${res.body.slice(0, 200)}`
    }
  }
  return null
}

describe('fuzzing every route', () => {
  it(`no 5xx, always { code, message }, a steady heap`, { timeout: 120_000 }, async () => {
    const routes = registeredRoutes(t.app)
    expect(routes.length).toBeGreaterThan(15)
    const gc = gcFunction()
    const started = Date.now()

    // A first round warms caches, compiled schemas and the database; the heap is measured after it.
    const warm = async (route: RegisteredRoute) => {
      await fc.assert(
        fc.asyncProperty(caseFor(route), async (c) => {
          expect(await fire(route, c)).toBeNull()
        }),
        { numRuns: 20, seed: SEED },
      )
    }
    for (const route of routes) await warm(route)
    // The simulator (in this process) records every vendor request it gets: not the proxy's memory.
    t.sim.state.requests.length = 0
    await settle()
    gc()
    const before = process.memoryUsage().heapUsed
    const warmCases = stats.cases

    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(caseFor(route), async (c) => {
          const problem = await fire(route, c)
          expect(problem).toBeNull()
        }),
        { numRuns: CASES_PER_ROUTE, seed: SEED },
      )
    }
    t.sim.state.requests.length = 0
    await settle()
    gc()
    const after = process.memoryUsage().heapUsed
    const measured = stats.cases - warmCases
    const growthMb = (after - before) / 1024 / 1024

    // The session the cases used is still there: the handlers did run signed in.
    expect((await t.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(200)
    const statuses = [...stats.byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')
    console.info(
      `[figures] fuzz: ${stats.cases} cases across ${routes.length} routes, ${stats.fiveHundreds} × 5xx in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(statuses ${statuses}); heap ${(before / 1024 / 1024).toFixed(1)} → ${(after / 1024 / 1024).toFixed(1)} MB over ${measured} cases after GC`,
    )
    expect(stats.fiveHundreds).toBe(0)
    expect(stats.byStatus.get(200) ?? 0).toBeGreaterThan(100)
    // A leak of a few hundred bytes per request would show as several MB here.
    expect(growthMb).toBeLessThan(16)
  })
})
