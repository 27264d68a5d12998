import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../../contracts/errors.js'
import { SystemStatus } from '../../contracts/status.js'
import { demo } from '../../test/helpers/demo.js'
import { startTestApp, type TestApp } from '../../test/helpers/app.js'
import { demoCampaignIds } from '../sim/demo-data.js'
import { METRIC_NAMES } from './metrics.js'

// Request ids from answer to log line to vendor call, error bodies that name them, and /metrics behind its token.

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789'
let t: TestApp
let cookie: string
beforeAll(async () => {
  t = await startTestApp({ config: { metricsToken: METRICS_TOKEN } })
  t.secrets.push(METRICS_TOKEN)
  cookie = await t.login('zhangwei')
}, 120_000)
afterAll(() => t?.close())

const lines = () => t.logs.map((l) => JSON.parse(l) as Record<string, unknown>)

describe('request ids', () => {
  it('links one answer to its log lines and its vendor calls', async () => {
    const res = await t.app.inject({ url: `/api/contacts/${demo.linked.externalUserId}`, headers: { cookie } })
    expect(res.statusCode).toBe(200)
    const id = String(res.headers['x-request-id'])
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    const mine = lines().filter((l) => l.requestId === id)
    // The vendor call this request made (WeCom's externalcontact/get) is logged under its id, and so is its end.
    expect(mine.filter((l) => l.msg === 'upstream call').map((l) => l.op)).toContain('externalcontact/get')
    expect(mine.find((l) => l.msg === 'request completed')).toMatchObject({ res: { statusCode: 200 }, level: 20 })
    // …and no other request's lines carry it.
    const other = await t.app.inject({ url: '/api/health' })
    expect(other.headers['x-request-id']).not.toBe(id)
  })

  it('puts the id in every error body, whoever answered', async () => {
    const notFound = await t.app.inject({ url: '/api/contacts/wm-nobody-0000', headers: { cookie } })
    const noRoute = await t.app.inject({ url: '/api/no-such-route' })
    const noSession = await t.app.inject({ url: '/api/session' })
    const invalid = await t.app.inject({ method: 'POST', url: '/api/sends', headers: { cookie }, payload: { channel: 'nope' } })
    for (const res of [notFound, noRoute, noSession, invalid]) {
      expect(res.statusCode).toBeGreaterThanOrEqual(400)
      const body = ApiError.parse(res.json())
      expect(body.requestId, `${res.statusCode} ${body.code}`).toBe(res.headers['x-request-id'])
    }
    // The failed vendor call of the first is in the log under that id too.
    const id = notFound.headers['x-request-id']
    expect(lines().some((l) => l.requestId === id && l.msg === 'upstream call failed' && l.vendorCode === 84061)).toBe(true)
  })

  it("takes the load balancer's id only from a proxy TRUST_PROXY trusts", async () => {
    const fromLb = await t.app.inject({ url: '/api/health', headers: { 'x-request-id': 'lb-4f2a91' } })
    expect(fromLb.headers['x-request-id']).toBe('lb-4f2a91')
    const direct = await t.app.inject({ url: '/api/health', headers: { 'x-request-id': 'lb-4f2a91' }, remoteAddress: '203.0.113.9' })
    expect(direct.headers['x-request-id']).not.toBe('lb-4f2a91')
    const broken = await t.app.inject({ url: '/api/health', headers: { 'x-request-id': 'two words\nand a line' } })
    expect(broken.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('系统状态 of a healthy proxy', () => {
  it('signs the official test vector and a live URL, and knows its database and itself', async () => {
    const res = await t.app.inject({ url: '/api/admin/status', headers: { cookie } })
    expect(res.statusCode).toBe(200)
    const s = SystemStatus.parse(res.json())
    expect(s.signature.map((c) => c.ok)).toEqual([true, true])
    for (const v of s.vendors) {
      expect(v, v.vendor).toMatchObject({ credentials: { ok: true }, breaker: 'closed', lastError: null, clockOk: true })
      expect(v.baseUrl).toBe(t.sim.url)
    }
    expect(s.database).toMatchObject({ kind: 'memory', ok: true })
    expect(s.database.migrationsApplied).toBe(s.database.migrationsExpected)
    expect(s.app.instances.map((i) => i.id)).toContain(s.app.instanceId)
    // http://sidebar.test: http is fine in a demo; the host does not resolve, which the check says.
    expect(s.publicUrl.checks[0]).toMatchObject({ name: 'HTTPS', ok: true })
    expect(s.publicUrl.checks[1]).toMatchObject({ ok: false, code: 'PUBLIC_URL_UNREACHABLE' })
  })
})

describe('GET /api/ready', () => {
  it('is 200 with the migrations counted when the database answers', async () => {
    const res = await t.app.inject('/api/ready')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.status).toBe('ready')
    expect(body.migrationsApplied).toBe(body.migrationsExpected)
    expect(body.migrationsExpected).toBeGreaterThanOrEqual(2)
  })
})

/** Prometheus text exposition, line by line: `name{a="b",…} value`. */
function parseProm(text: string) {
  const samples: Array<{ name: string; labels: Record<string, string>; value: number }> = []
  const types = new Map<string, string>()
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line)
    if (type) types.set(type[1]!, type[2]!)
    if (line.startsWith('#')) continue
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/.exec(line)
    if (!m) throw new Error(`not Prometheus text: ${line}`)
    const labels: Record<string, string> = {}
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!
    samples.push({ name: m[1]!, labels, value: Number(m[3]) })
  }
  return { samples, types }
}

describe('GET /metrics', () => {
  it('refuses without the token, and a wrong one', async () => {
    const none = await t.app.inject('/metrics')
    expect(none.statusCode).toBe(401)
    expect(none.json()).toMatchObject({ code: 'METRICS_TOKEN_INVALID', requestId: none.headers['x-request-id'] })
    const wrong = await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer not-the-token-at-all' } })
    expect(wrong.statusCode).toBe(401)
  })

  it('counts a send and a reach, the vendor calls and token fetches behind them, and the process', async () => {
    const send = await t.app.inject({
      method: 'POST',
      url: '/api/sends',
      headers: { cookie },
      payload: {
        idempotencyKey: 'metrics-send-0001',
        channel: 'chat',
        contact: { externalUserId: demo.linked.externalUserId },
        content: [{ type: 'text', text: '您好' }],
      },
    })
    expect(send.statusCode).toBe(201)
    const reach = await t.app.inject({ url: `/api/campaigns/${demoCampaignIds[0]!.taskId}/reach`, headers: { cookie } })
    expect(reach.statusCode).toBe(200)

    const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/plain')
    const { samples, types } = parseProm(res.body)
    const value = (name: string, labels: Record<string, string>) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value
    for (const name of METRIC_NAMES) expect(types.has(name), name).toBe(true)
    expect(value('sidebar_http_requests_total', { method: 'POST', route: '/api/sends', status: '201' })).toBe(1)
    expect(value('sidebar_http_requests_total', { route: '/api/campaigns/:taskId/reach', status: '200' })).toBe(1)
    expect(value('sidebar_http_request_duration_seconds_count', { route: '/api/sends', status: '201' })).toBe(1)
    expect(value('sidebar_sends_total', { channel: 'chat', status: 'awaiting_client' })).toBe(1)
    expect(value('sidebar_vendor_calls_total', { vendor: 'wshoto', operation: 'get_mass_task_detail', outcome: 'ok' })).toBeGreaterThan(0)
    expect(value('sidebar_vendor_call_duration_seconds_count', { vendor: 'wecom', operation: 'externalcontact/get' })).toBeGreaterThan(0)
    expect(value('sidebar_vendor_token_fetches_total', { vendor: 'wecom', kind: 'token', outcome: 'ok' })).toBeGreaterThan(0)
    expect(value('sidebar_vendor_token_fetches_total', { vendor: 'wshoto', kind: 'token', outcome: 'ok' })).toBe(1)
    expect(value('sidebar_vendor_breaker_state', { vendor: 'wshoto' })).toBe(0)
    // The reach was fetched from WShoto: a miss; no hit yet (a hit is a reach answered without calling WShoto).
    expect(value('sidebar_reach_cache_total', { result: 'miss' })).toBe(1)
    expect(value('sidebar_reach_cache_total', { result: 'hit' })).toBe(0)
    expect(value('process_cpu_user_seconds_total', {})).toBeGreaterThan(0)
    expect(value('nodejs_heap_size_used_bytes', {})).toBeGreaterThan(0)
  })
})
