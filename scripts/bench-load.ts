/**
 * `npm run bench:load [-- --duration 60 --connections 16]`: a bounded load test on loopback.
 *
 * The proxy is built as `main.ts` builds it (demo mode: every vendor simulated, PGlite in a temporary DATA_DIR) in a
 * child process, so that the load generator (autocannon, here) does not share its CPU or heap; the child reports its
 * own `process.memoryUsage()` over the IPC channel `fork` opens — no HTTP endpoint is added for it. The simulator runs
 * inside the child, as in demo mode, so the memory figures include it (its request log and task list are emptied
 * every second, so they do not grow with the run).
 *
 * The mix, over signed-in staff in turn: `POST /api/sends` chat, `GET /api/campaigns/:id/reach`, `POST /api/sends`
 * rpa (a Youmi task, unique idempotency key each), reach again. Printed: requests/s, p50/p99 latency per route, status
 * codes, non-2xx, errors and timeouts, memory before and after, and whether every 201 left exactly one stored send.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { sql } from 'drizzle-orm'
import { buildApp } from '../server/app.js'
import { boot } from '../server/boot.js'
import { parseEnv } from '../server/config.js'
import { demoContacts, demoYoumiLinks } from '../server/sim/demo-data.js'
import type { Simulator } from '../server/sim/index.js'
import { openStore } from '../server/store/db.js'
import { freePort } from '../test/helpers/free-port.js'
import { login } from './bench-demo-client.js'

type Memory = NodeJS.MemoryUsage
type ToChild = { type: 'memory'; gc?: boolean } | { type: 'stored'; ids?: string[] } | { type: 'close' }
type FromChild =
  | { type: 'ready' }
  | { type: 'memory'; usage: Memory }
  | { type: 'stored'; sends: number; found: number }
  | { type: 'error'; message: string }

const STAFF = ['zhangwei', 'lina', 'wangfang', 'liuyang']

if (process.argv.includes('--serve')) await serve()
else await bench()

/** The child: the proxy and its simulator, answering the parent's questions over IPC. */
async function serve(): Promise<void> {
  const send = (m: FromChild) => process.send!(m)
  const port = Number(process.env.BENCH_PORT)
  const dataDir = process.env.BENCH_DATA_DIR!
  const env = parseEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_USER_PER_MIN: process.env.RATE_LIMIT_USER_PER_MIN,
    RATE_LIMIT_SENDS_PER_MIN: process.env.RATE_LIMIT_SENDS_PER_MIN,
  })
  const { config, sim: running, demo } = await boot(env, port)
  // Every vendor is simulated here: the simulator's state is trimmed below so a long run does not grow it.
  const sim = running as Simulator | undefined
  // The store is opened here (as buildApp would) so the parent can ask how many sends were stored.
  const store = await openStore(config.database)
  const app = await buildApp(config, { store, demo })
  await app.listen({ port, host: '127.0.0.1' })
  const trim = setInterval(() => {
    if (!sim) return
    sim.state.requests.length = 0
    sim.state.youmi.tasks.length = 0
  }, 1000)
  process.on('message', async (m: ToChild) => {
    try {
      if (m.type === 'memory') {
        if (m.gc) globalThis.gc?.()
        send({ type: 'memory', usage: process.memoryUsage() })
      } else if (m.type === 'stored') {
        const count = async (q: ReturnType<typeof sql>) =>
          ((await store.db.execute(q)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n
        const ids = m.ids ?? []
        const found = ids.length
          ? await count(sql`select count(*)::int as n from sends where id = any(string_to_array(${ids.join(',')}, ','))`)
          : 0
        send({ type: 'stored', sends: await count(sql`select count(*)::int as n from sends`), found })
      } else if (m.type === 'close') {
        clearInterval(trim)
        await app.close()
        await store.close()
        await sim?.close()
        process.exit(0)
      }
    } catch (err) {
      send({ type: 'error', message: `${String(err).slice(0, 300)} ${String((err as Error).cause ?? '')}` })
    }
  })
  // The parent is gone (Ctrl-C, a crash): so is the benchmark.
  process.on('disconnect', () => process.exit(0))
  send({ type: 'ready' })
}

async function bench(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '60' },
      connections: { type: 'string', default: '16' },
      // Keep the per-staff rate limits (60 sends a minute): most of the run is then 429 answers.
      'rate-limits': { type: 'boolean', default: false },
    },
  })
  const duration = Math.min(Math.max(Number(values.duration) || 60, 1), 600)
  const connections = Math.min(Math.max(Number(values.connections) || 16, 1), 256)

  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const dataDir = mkdtempSync(join(tmpdir(), 'sidebar-bench-'))
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: {
      ...process.env,
      BENCH_PORT: String(port),
      BENCH_DATA_DIR: dataDir,
      // A few staff members stand in for a whole office: without this the limits, not the proxy, would be measured.
      ...(values['rate-limits'] ? {} : { RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_SENDS_PER_MIN: '0' }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const ask = ipc(child)
  try {
    await ask(null, 'ready', 60_000)
    console.log(
      `proxy (demo mode, PGlite, LOG_LEVEL=warn) on ${base}, pid ${child.pid}; ${duration} s, ${connections} connections, ` +
        `staff ${STAFF.join(', ')}; per-staff rate limits ${values['rate-limits'] ? 'on' : 'off'}`,
    )

    const staff = await Promise.all(STAFF.map(async (userId) => ({ userId, cookie: await login(base, userId), ...targetsOf(userId) })))
    const campaigns = (
      (await (await fetch(`${base}/api/campaigns`, { headers: { cookie: staff[0]!.cookie } })).json()) as {
        items: Array<{ taskId: number }>
      }
    ).items.map((c) => c.taskId)
    if (!campaigns.length) throw new Error('no demo campaigns tracked')

    let turn = 0
    const next = () => staff[turn++ % staff.length]!
    const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!
    const headersOf = (cookie: string) => ({ cookie, 'content-type': 'application/json', accept: 'application/json', origin: base })
    const sendBody = (channel: 'chat' | 'rpa', externalUserId: string) =>
      JSON.stringify({
        idempotencyKey: `bench-${randomUUID()}`,
        channel,
        contact: { externalUserId },
        content: [
          { type: 'text', text: `压测 ${channel} ${Date.now()}` },
          { type: 'link', url: 'https://example.com/p/1', title: '新品', description: '压测链接' },
        ],
      })

    const stats = new Map<string, { ms: number[]; statuses: Map<number, number> }>()
    const createdIds: string[] = []
    type Timed = { sentAt?: number }
    const record = (route: string) => (status: number, body: string, context: object) => {
      let s = stats.get(route)
      if (!s) stats.set(route, (s = { ms: [], statuses: new Map() }))
      s.ms.push(performance.now() - ((context as Timed).sentAt ?? 0))
      s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1)
      if (status === 201) createdIds.push(/^\{"id":"([0-9a-f-]{36})"/.exec(body)?.[1] ?? 'missing')
    }
    // Each request goes out as the next staff member in turn; the time it leaves is kept for its latency.
    const timed =
      (build: (req: autocannon.Request, cookie: string) => autocannon.Request) => (req: autocannon.Request, context: object) => {
        ;(context as Timed).sentAt = performance.now()
        return build(req, next().cookie)
      }
    const chat = (req: autocannon.Request, cookie: string) => ({
      ...req,
      headers: { ...req.headers, ...headersOf(cookie) },
      body: sendBody('chat', pick(staffBy(cookie).chat)),
    })
    const rpa = (req: autocannon.Request, cookie: string) => ({
      ...req,
      headers: { ...req.headers, ...headersOf(cookie) },
      body: sendBody('rpa', pick(staffBy(cookie).rpa)),
    })
    const reach = (req: autocannon.Request, cookie: string) => ({
      ...req,
      path: `/api/campaigns/${pick(campaigns)}/reach`,
      headers: { ...req.headers, ...headersOf(cookie) },
    })
    const staffBy = (cookie: string) => staff.find((s) => s.cookie === cookie)!
    const requests: autocannon.Request[] = [
      { method: 'POST', path: '/api/sends', setupRequest: timed(chat), onResponse: record('POST /api/sends chat') },
      { method: 'GET', setupRequest: timed(reach), onResponse: record('GET  /api/campaigns/:id/reach') },
      { method: 'POST', path: '/api/sends', setupRequest: timed(rpa), onResponse: record('POST /api/sends rpa') },
      { method: 'GET', setupRequest: timed(reach), onResponse: record('GET  /api/campaigns/:id/reach') },
    ]

    // One of each first: a mix that does not work would only measure error answers.
    for (const [method, build] of [
      ['POST', chat],
      ['GET', reach],
      ['POST', rpa],
    ] as const) {
      const built = build({ method, path: '/api/sends', headers: {} }, staff[0]!.cookie)
      const res = await fetch(`${base}${built.path}`, {
        method,
        headers: built.headers as unknown as Record<string, string>,
        body: built.body as string | undefined,
      })
      if (res.status >= 300) throw new Error(`${method} ${built.path} answered ${res.status}: ${await res.text()}`)
    }
    // PGlite's first start (initdb, migrations) leaves a large, short-lived rss: a short warm-up with the same mix
    // gives a baseline that the run can be compared with. Its answers are not counted.
    const atStart = (await ask({ type: 'memory', gc: true }, 'memory')).usage
    await autocannon({ url: base, connections, duration: 3, requests: requests.map((r) => ({ ...r, onResponse: undefined })), timeout: 20 })
    const storedBefore = (await ask({ type: 'stored' }, 'stored')).sends
    const before = (await ask({ type: 'memory', gc: true }, 'memory')).usage

    const result = await autocannon({ url: base, connections, duration, requests, timeout: 20 })
    const after = (await ask({ type: 'memory' }, 'memory')).usage
    const afterGc = (await ask({ type: 'memory', gc: true }, 'memory')).usage
    const check = await ask({ type: 'stored', ids: createdIds.filter((id) => id !== 'missing') }, 'stored')
    const stored = check.sends - storedBefore

    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`
    console.log('')
    console.log(
      `[figures] load: ${duration} s, ${connections} connections, ${staff.length} staff; ${result.requests.total} requests, ` +
        `${result.requests.average} req/s (mean; p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms overall), ` +
        `non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`,
    )
    for (const [route, s] of [...stats].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = [...s.ms].sort((a, b) => a - b)
      const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1)
      const codes = [...s.statuses].map(([code, n]) => `${code}×${n}`).join(' ')
      console.log(
        `[figures] load: ${route.padEnd(30)} ${String(sorted.length).padStart(7)} answers, ${(sorted.length / duration).toFixed(0).padStart(5)}/s, p50 ${q(50)} ms, p99 ${q(99)} ms, ${codes}`,
      )
    }
    console.log(
      `[figures] load: server memory (proxy + in-process simulator), at start / after a 3 s warm-up → after the run (after GC): ` +
        `rss ${mb(atStart.rss)} / ${mb(before.rss)} → ${mb(after.rss)} (${mb(afterGc.rss)}), ` +
        `heapUsed ${mb(atStart.heapUsed)} / ${mb(before.heapUsed)} → ${mb(after.heapUsed)} (${mb(afterGc.heapUsed)})`,
    )
    // A send stored without a 201 seen here is one still in flight when autocannon stopped its connections.
    const lost = createdIds.length - check.found
    console.log(
      `[figures] load: ${createdIds.length} sends answered 201, ${check.found} of them found in the database` +
        `${lost ? `  ← ${lost} MISSING` : ''}; ${stored} stored during the run (${stored - check.found} cut off by the end of the run)`,
    )
    if (lost) process.exitCode = 1
  } finally {
    await ask({ type: 'close' }, null).catch(() => undefined)
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Request/answer over the child's IPC channel: sends `message` (if any) and waits for the next answer of `type`. */
function ipc(child: ChildProcess) {
  return <T extends FromChild['type'] | null>(
    message: ToChild | null,
    type: T,
    timeoutMs = 30_000,
  ): Promise<Extract<FromChild, { type: T }>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no ${type} from the proxy`)), timeoutMs)
      const onMessage = (m: FromChild) => {
        if (m.type === 'error') done(new Error(m.message))
        else if (m.type === type) done(null, m as Extract<FromChild, { type: T }>)
      }
      const onExit = (code: number | null) => (type === null ? done(null) : done(new Error(`the proxy exited (${code})`)))
      function done(err: Error | null, value?: Extract<FromChild, { type: T }>) {
        clearTimeout(timer)
        child.off('message', onMessage)
        child.off('exit', onExit)
        if (err) reject(err)
        else resolve(value!)
      }
      child.on('message', onMessage)
      child.once('exit', onExit)
      if (message) child.send(message)
    })
}

/** Who each staff member may reach: every followed customer by chat, those with a Youmi identity by rpa. */
function targetsOf(userId: string): { chat: string[]; rpa: string[] } {
  const linked = new Set(demoYoumiLinks.map((l) => l.externalUserId))
  const chat = demoContacts.filter((c) => c.follows.some((f) => f.userId === userId)).map((c) => c.externalUserId)
  const rpa = chat.filter((id) => linked.has(id))
  if (!chat.length || !rpa.length) throw new Error(`${userId} has no demo customer to send to`)
  return { chat, rpa }
}
