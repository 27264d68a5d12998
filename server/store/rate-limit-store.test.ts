import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { login, startTestApp, type TestApp } from '../../test/helpers/app.js'
import { demo } from '../../test/helpers/demo.js'
import { findPostgresBin, startPostgres, type TempPostgres } from '../../test/helpers/postgres.js'
import Fastify from 'fastify'
import { buildApp } from '../app.js'
import type { App } from '../routes/context.js'
import { registerRateLimits } from '../security.js'
import { openStore, type Store } from './db.js'
import { rowsOf } from './migrate.js'
import { postgresRateLimitStore, type RateLimitStore } from './rate-limit-store.js'

// Issue 15, item 5: the rate limits hold for the cluster, not per instance. PGlite (one process) keeps the plugin's
// memory store: test/security/abuse.test.ts.

const bin = findPostgresBin()
if (!bin) console.warn('rate-limit-store.test.ts: skipped: no PostgreSQL server binaries (apt-get install postgresql)')

const incr = (store: RateLimitStore, key: string, windowMs = 60_000) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) =>
    store.incr(key, (err, res) => (err ? reject(err) : resolve(res!)), windowMs, 5),
  )
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** `store`'s database, telling `onStatement` of every count and prune it runs. */
function countingDb(store: Store, onStatement: () => void): Store['db'] {
  const client = (store.db as unknown as { $client: { query(q: unknown): Promise<unknown> } }).$client
  return {
    execute: (q: Parameters<Store['db']['execute']>[0]) => (onStatement(), store.db.execute(q)),
    $client: { query: (q: unknown) => (onStatement(), client.query(q)) },
  } as unknown as Store['db']
}

describe.skipIf(!bin)('rate-limit counters in PostgreSQL', () => {
  let pgServer: TempPostgres
  let a: Store
  let b: Store
  beforeAll(async () => {
    pgServer = await startPostgres(bin!)
    ;[a, b] = await Promise.all([openStore({ kind: 'postgres', url: pgServer.url }), openStore({ kind: 'postgres', url: pgServer.url })])
  }, 120_000)
  afterAll(async () => {
    await a?.close()
    await b?.close()
    await pgServer?.stop()
  })

  it('counts every hit once however many instances count at once', async () => {
    const [sa, sb] = [new (postgresRateLimitStore(a.db))(), new (postgresRateLimitStore(b.db))().child({})]
    const hits = await Promise.all(Array.from({ length: 40 }, (_, i) => incr(i % 2 ? sa : sb, 'sends:racer')))
    expect(hits.map((h) => h.current).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
    for (const h of hits) expect(h.ttl).toBeGreaterThan(0)
    for (const h of hits) expect(h.ttl).toBeLessThanOrEqual(60_000)
  })

  it("counts the hits of one moment in one statement (a send's two limits: one round trip), each hit its own count", async () => {
    let statements = 0
    const counted = countingDb(a, () => statements++)
    const s = new (postgresRateLimitStore(counted, { pruneEveryMs: 3_600_000 }))()
    await incr(s, 'user:batch') // the first hit of a store may also prune: not counted below
    statements = 0
    const [user, sends, again] = await Promise.all([incr(s, 'user:batch'), incr(s, 'sends:batch'), incr(s, 'user:batch')])
    expect(statements).toBe(1)
    expect([user.current, sends.current, again.current]).toEqual([2, 1, 3])
    // The next moment is a statement of its own.
    expect((await incr(s, 'sends:batch')).current).toBe(2)
    expect(statements).toBe(2)
  })

  it('counts with one prepared statement, the same text for one key or several', async () => {
    const seen: Array<{ name?: string; text: string; values: unknown[] }> = []
    const client = (a.db as unknown as { $client: { query(q: unknown): Promise<unknown> } }).$client
    const spied = Object.assign(Object.create(a.db) as object, {
      $client: { query: (q: { name?: string; text: string; values: unknown[] }) => (seen.push(q), client.query(q)) },
    }) as unknown as Store['db']
    const s = new (postgresRateLimitStore(spied, { pruneEveryMs: 3_600_000 }))()
    await incr(s, 'user:prepared')
    const [one, two] = await Promise.all([incr(s, 'user:prepared'), incr(s, 'sends:prepared')])
    expect([one.current, two.current]).toEqual([2, 1])
    expect(seen).toHaveLength(2)
    // Named: node-postgres prepares it once per connection, so PostgreSQL parses and plans it once, not per request.
    expect(seen[0]!.name).toBeTruthy()
    expect(seen.map((q) => q.name)).toEqual([seen[0]!.name, seen[0]!.name])
    expect(seen[1]!.text).toBe(seen[0]!.text)
    expect(seen[1]!.values).toEqual([
      ['sends:prepared', 'user:prepared'],
      [1, 1],
      [60_000, 60_000],
    ])
  })

  it("a send's two limits (staff member, sends a minute) cost it one statement, and each still counts", async () => {
    let statements = 0
    const counted = countingDb(a, () => statements++)
    const app = Fastify()
    app.decorateRequest('user', null)
    app.addHook('onRequest', async (request) => {
      request.user = { userId: 'two-limits', corpId: 'c' }
    })
    await registerRateLimits(
      app as unknown as App,
      { ipPerMin: 100, signInPerMin: 100, userPerMin: 100, sendsPerMin: 2 },
      postgresRateLimitStore(counted, { pruneEveryMs: 3_600_000 }),
    )
    app.post('/api/sends', async () => ({ ok: true }))
    await app.inject({ method: 'POST', url: '/api/sends' }) // the store's first statement may prune: not counted
    statements = 0
    const answers = [await app.inject({ method: 'POST', url: '/api/sends' }), await app.inject({ method: 'POST', url: '/api/sends' })]
    expect(statements).toBe(2)
    // The sends limit (2 a minute) still counts every send: the third is refused.
    expect(answers.map((r) => r.statusCode)).toEqual([200, 429])
    await app.close()
  })

  it('opens a new window when the last one has ended, and forgets ended windows', async () => {
    const s = new (postgresRateLimitStore(a.db, { pruneEveryMs: 0 }))()
    // Windows of a second, not less: two round trips and the prune below must fall inside one on a busy machine.
    expect((await incr(s, 'user:short', 1_000)).current).toBe(1)
    expect((await incr(s, 'user:short', 1_000)).current).toBe(2)
    await sleep(1_100)
    const reopened = await incr(s, 'user:short', 1_000)
    expect(reopened).toMatchObject({ current: 1 })
    expect(reopened.ttl).toBeGreaterThan(900)
    await incr(s, 'user:gone', 50)
    await sleep(100)
    await incr(s, 'user:other') // each hit may prune: pruneEveryMs 0
    const keys = async () => rowsOf<{ key: string }>(await a.db.execute(sql`SELECT key FROM rate_limit_counters`)).map((r) => r.key)
    // The prune runs beside the count, unawaited: wait for it rather than for a fixed time.
    await vi.waitFor(async () => expect(await keys()).not.toContain('user:gone'), { timeout: 10_000, interval: 20 })
    expect(await keys()).toContain('user:short')
  })

  it('keeps the counters in an unlogged table', async () => {
    const [row] = rowsOf<{ p: string }>(
      await a.db.execute(sql`SELECT relpersistence AS p FROM pg_class WHERE relname = 'rate_limit_counters'`),
    )
    expect(row?.p).toBe('u')
  })

  it('reports a failed count (once a window), and the plugin lets the request through', async () => {
    const broken = await openStore({ kind: 'postgres', url: pgServer.url })
    await broken.close()
    const errors: Error[] = []
    const s = new (postgresRateLimitStore(broken.db, { onError: (e) => errors.push(e) }))()
    await expect(incr(s, 'ip:1.2.3.4')).rejects.toThrow()
    await expect(incr(s, 'ip:1.2.3.4')).rejects.toThrow()
    expect(errors).toHaveLength(1)
    // A limit of 1 a minute, counted by that store: both requests go through rather than fail.
    const app = Fastify()
    app.decorateRequest('user', null)
    await registerRateLimits(
      app as unknown as App,
      { ipPerMin: 1, signInPerMin: 1, userPerMin: 1, sendsPerMin: 1 },
      postgresRateLimitStore(broken.db),
    )
    app.get('/api/x', async () => ({ ok: true }))
    const answers = [await app.inject('/api/x'), await app.inject('/api/x')]
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200])
    await app.close()
  })

  describe('two proxy instances on one database', () => {
    let t: TestApp
    let other: TestApp['app']
    beforeAll(async () => {
      t = await startTestApp({
        config: {
          database: { kind: 'postgres', url: pgServer.url },
          rateLimit: { ipPerMin: 1000, signInPerMin: 1000, userPerMin: 1000, sendsPerMin: 4 },
        },
      })
      other = await buildApp(t.config, { logger: false })
    }, 180_000)
    afterAll(async () => {
      await other?.close()
      await t?.close()
    })

    const send = (app: TestApp['app'], cookie: string, key: string) =>
      app.inject({
        method: 'POST',
        url: '/api/sends',
        headers: { cookie },
        payload: {
          idempotencyKey: key,
          channel: 'chat',
          contact: { externalUserId: demo.unlinked.externalUserId },
          content: [{ type: 'text', text: '你好' }],
        },
      })

    it("a staff member's sends a minute hold across instances: alternating between them, the limit is hit at its count", async () => {
      const cookie = await login(t.app, t.sim, 'zhangwei')
      const answers = []
      for (let i = 0; i < 6; i++) answers.push(await send(i % 2 ? other : t.app, cookie, `cluster-limit-${i}`))
      const statuses = answers.map((r) => r.statusCode)
      console.info(`[figures] sendsPerMin 4, sends alternating over 2 instances → ${statuses.join(' ')}`)
      expect(statuses).toEqual([201, 201, 201, 201, 429, 429])
      expect(answers[4]!.json()).toMatchObject({ code: 'RATE_LIMITED' })
      expect(Number(answers[5]!.headers['retry-after'])).toBeGreaterThan(0)
      // Per staff member: someone else sends on.
      const lina = await login(other, t.sim, 'lina')
      const linasSend = await other.inject({
        method: 'POST',
        url: '/api/sends',
        headers: { cookie: lina },
        payload: {
          idempotencyKey: 'cluster-limit-lina',
          channel: 'chat',
          contact: { externalUserId: demo.notZhangweis.externalUserId },
          content: [{ type: 'text', text: '你好' }],
        },
      })
      expect(linasSend.statusCode, linasSend.body).toBe(201)
    }, 120_000)
  })
})
