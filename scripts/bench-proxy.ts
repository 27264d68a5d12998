/**
 * `npm run bench:proxy`: what the proxy costs, beside the least Node can do, measured in one run on loopback.
 *
 * Three processes besides this one (scripts/bench-proxy/): the vendors (the simulator with a fixed latency on Youmi's
 * create and WShoto's task detail), the proxy (demo mode's build, its vendors pointed at that process) and the
 * references (a minimal Node proxy for the send, a bare Node route for the reach body). Where PostgreSQL's binaries
 * are installed, a fourth: the same proxy on a throwaway PostgreSQL server (DATABASE_URL, as a company runs it), whose
 * sends are measured beside the PGlite proxy's.
 *
 * - Send overhead: Youmi sends one after another (one connection), each timed here; "overhead" is that time minus the
 *   time the vendor process spent on the send's `SaveBulkSendTask` (Youmi's own time). Rounds alternate between the
 *   proxies and the minimal proxy, so a busy moment of the machine hits all of them.
 * - Reach throughput: autocannon with 16 connections against `GET /api/campaigns/:id/reach` and against the bare
 *   route serving the same bytes, alternating; the best round of each. WShoto's task-detail calls are counted meanwhile.
 * - CPU per request: the CPU time (user + system) the proxy's process and the reference's spent during their rounds,
 *   divided by the requests answered. A rate or a latency moves with whatever else a shared machine runs; the CPU a
 *   request costs hardly does, so this row compares the two even on a busy machine.
 * - Idle CPU: the same two processes' CPU over 2 s without a request (timers, samplers), and the part of it that falls
 *   on each send of a round: already inside the CPU per send.
 *
 * Bounded: about 60 s (45 s without PostgreSQL). `--sends N` (per round, 4 rounds) and `--seconds S` (per reach round, 2 rounds) shorten it;
 * `--only send|reach` runs one half; `--profile DIR` writes CPU profiles of the proxies' first round of each half.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { Agent, request } from 'undici'
import { demoCampaignIds, demoContacts, demoYoumiLinks } from '../server/sim/demo-data.js'
import type { SimCredentials } from '../server/sim/index.js'
import { findPostgresBin, startPostgres, type TempPostgres } from '../test/helpers/postgres.js'
import { ipc } from './bench-proxy/ipc.js'
import { freePort } from '../test/helpers/free-port.js'
import { login } from './bench-demo-client.js'

const YOUMI_LATENCY_MS = 20
const WSHOTO_LATENCY_MS = 50
const STAFF = 'zhangwei'
const ROUNDS = 4
const REACH_CONNECTIONS = 16

const { values } = parseArgs({
  options: {
    sends: { type: 'string', default: '60' },
    seconds: { type: 'string', default: '4' },
    // A folder: V8 CPU profiles of the proxy during its first send round and its first reach round (open them in
    // Chrome DevTools, or summarise with `npx tsx scripts/cpu-profile-top.ts FILE`): where its time goes under load.
    profile: { type: 'string' },
    // `send` or `reach`: that half alone, while working on it.
    only: { type: 'string' },
  },
})
const sendsPerRound = Math.min(Math.max(Number(values.sends) || 100, 10), 1000)
const reachSeconds = Math.min(Math.max(Number(values.seconds) || 5, 1), 30)

const here = (file: string) => fileURLToPath(new URL(`./bench-proxy/${file}`, import.meta.url))
const children: ChildProcess[] = []
function start(file: string, env: Record<string, string>): ChildProcess {
  const child = fork(here(file), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    // The proxy's log lines go to a pipe that is read and dropped, as a log collector would read them.
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  })
  child.stdout!.resume()
  children.push(child)
  return child
}

const credentials: SimCredentials = {
  wecom: { corpId: 'wwbench0000000001', agentId: '1000002', secret: randomBytes(24).toString('base64url') },
  youmi: {
    clientId: 'bench-client',
    clientSecret: randomBytes(24).toString('base64url'),
    tenantId: '640462692',
    scope: 'Ls.Qkl.PublicApi',
  },
  wshoto: { appId: 'bench-app', appSecret: randomBytes(24).toString('base64url') },
}
const dataDir = mkdtempSync(join(tmpdir(), 'sidebar-bench-proxy-'))
const pgDataDir = mkdtempSync(join(tmpdir(), 'sidebar-bench-proxy-pg-'))
const began = performance.now()
// The production configuration's database: a throwaway PostgreSQL server (fsync off: the proxy is measured, not the disk).
const pgBin = values.only === 'reach' ? null : findPostgresBin()
let postgres: TempPostgres | undefined

try {
  const shared = { BENCH_CREDENTIALS: JSON.stringify(credentials) }
  const vendors = start('vendors.ts', { ...shared, BENCH_YOUMI_MS: String(YOUMI_LATENCY_MS), BENCH_WSHOTO_MS: String(WSHOTO_LATENCY_MS) })
  const askVendors = ipc(vendors, 'vendor process')
  const vendorUrl = (await askVendors<{ type: string; url: string }>(null, 'ready')).url
  const port = await freePort()
  const proxy = start('proxy.ts', { ...shared, BENCH_VENDOR_URL: vendorUrl, BENCH_PORT: String(port), BENCH_DATA_DIR: dataDir })
  const reference = start('reference.ts', { ...shared, BENCH_VENDOR_URL: vendorUrl })
  const askProxy = ipc(proxy, 'proxy')
  await askProxy(null, 'ready', 180_000)
  postgres = pgBin ? await startPostgres(pgBin) : undefined
  const pgPort = await freePort()
  const pgProxy = postgres
    ? start('proxy.ts', {
        ...shared,
        BENCH_VENDOR_URL: vendorUrl,
        BENCH_PORT: String(pgPort),
        BENCH_DATA_DIR: pgDataDir,
        BENCH_DATABASE_URL: postgres.url,
      })
    : undefined
  const askPgProxy = pgProxy ? ipc(pgProxy, 'proxy on PostgreSQL') : undefined
  await askPgProxy?.(null, 'ready', 180_000)
  /** With `--profile`: `phase` runs under the proxy's CPU profiler, whose profile lands in that folder. */
  const profiled: string[] = []
  const profiling = async <T>(name: string, phase: () => Promise<T>, ask = askProxy): Promise<T> => {
    if (!values.profile) return phase()
    await ask({ type: 'profile-start' }, 'profiling')
    const result = await phase()
    profiled.push((await ask<{ type: string; file: string }>({ type: 'profile-stop', dir: values.profile, name }, 'profiled')).file)
    return result
  }
  const askReference = ipc(reference, 'reference')
  const { port: refPort, fastifyPort } = await askReference<{ type: string; port: number; fastifyPort: number }>(null, 'ready')
  /**
   * CPU time (user + system) a process spent per request during `phase`: unlike a rate or a latency, it hardly
   * moves with what else the machine runs, so it shows the proxy's own cost beside the reference's on a busy machine.
   */
  type Ask = typeof askProxy
  const cpuUse = { sendOurs: [0, 0], sendPg: [0, 0], sendRef: [0, 0], reachOurs: [0, 0], reachRef: [0, 0], reachFastify: [0, 0] }
  const cpuNow = async (ask: Ask) => {
    const c = await ask<{ type: string; user: number; system: number }>({ type: 'cpu' }, 'cpu')
    return c.user + c.system
  }
  const metered = async <T>(ask: Ask, into: number[], phase: () => Promise<T>, count: (t: T) => number): Promise<T> => {
    const before = await cpuNow(ask)
    const t0 = performance.now()
    const result = await phase()
    into[0]! += (await cpuNow(ask)) - before
    into[1]! += count(result)
    into[2] = (into[2] ?? 0) + performance.now() - t0
    return result
  }
  const base = `http://127.0.0.1:${port}`
  const refBase = `http://127.0.0.1:${refPort}`

  const cookie = await login(base, STAFF)
  const pgBase = `http://127.0.0.1:${pgPort}`
  const pgCookie = pgProxy ? await login(pgBase, STAFF) : ''
  const target = rpaTarget(STAFF)
  const client = new Agent({ keepAliveTimeout: 30_000, connections: 1 })
  const post = async (url: string, body: unknown, headers: Record<string, string>) => {
    const t0 = performance.now()
    const res = await request(url, {
      method: 'POST',
      dispatcher: client,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
    const text = await res.body.text()
    const ms = performance.now() - t0
    if (res.statusCode !== 201) throw new Error(`${url} answered ${res.statusCode}: ${text.slice(0, 300)}`)
    return ms
  }
  const content = [{ type: 'text', text: '压测：周六样板间开放，欢迎预约参观' }]
  const ours = () =>
    post(
      `${base}/api/sends`,
      { idempotencyKey: `bench-${randomUUID()}`, channel: 'rpa', contact: { externalUserId: target.externalUserId }, content },
      { cookie },
    )
  const onPostgres = () =>
    post(
      `${pgBase}/api/sends`,
      { idempotencyKey: `bench-${randomUUID()}`, channel: 'rpa', contact: { externalUserId: target.externalUserId }, content },
      { cookie: pgCookie },
    )
  const minimal = () => post(`${refBase}/send`, { content, youmi: target.youmi }, {})

  /** `n` sends one after another; each one's time minus Youmi's own time for it. */
  const overheads = async (send: () => Promise<number>, n: number) => {
    await askVendors({ type: 'take' }, 'taken')
    const total: number[] = []
    for (let i = 0; i < n; i++) total.push(await send())
    const { youmiSaves } = await askVendors<{ type: string; youmiSaves: number[] }>({ type: 'take' }, 'taken')
    if (youmiSaves.length !== n) throw new Error(`${n} sends made ${youmiSaves.length} Youmi creates`)
    return total.map((ms, i) => ms - youmiSaves[i]!)
  }
  const sendOurs: number[] = []
  const sendPg: number[] = []
  const sendRef: number[] = []
  // Warm-up (JIT, pools, tokens, the contact cache): not counted.
  if (values.only !== 'reach') {
    await overheads(ours, 30)
    if (askPgProxy) await overheads(onPostgres, 30)
    await overheads(minimal, 30)
  }
  for (let round = 0; round < (values.only === 'reach' ? 0 : ROUNDS); round++) {
    // With `--profile`, the proxy's first round of each kind is profiled (the profiler slows what it watches).
    const oursRound = () =>
      metered(
        askProxy,
        cpuUse.sendOurs,
        () => overheads(ours, sendsPerRound),
        (r) => r.length,
      )
    sendOurs.push(...(await (round === 0 ? profiling('send', oursRound) : oursRound())))
    if (askPgProxy) {
      const pgRound = () =>
        metered(
          askPgProxy,
          cpuUse.sendPg,
          () => overheads(onPostgres, sendsPerRound),
          (r) => r.length,
        )
      sendPg.push(...(await (round === 0 ? profiling('send-postgres', pgRound, askPgProxy) : pgRound())))
    }
    sendRef.push(
      ...(await metered(
        askReference,
        cpuUse.sendRef,
        () => overheads(minimal, sendsPerRound),
        (r) => r.length,
      )),
    )
  }

  // What the processes spend doing nothing (timers, the metrics' sampling, the heartbeat): part of every round's CPU,
  // so the CPU per send is read beside it. Measured after the send rounds (the JIT's work on hot code done), with no request.
  const idle = { pg: 0, ref: 0, ms: 0 }
  if (values.only !== 'reach' && askPgProxy) {
    const [pg0, ref0, t0] = [await cpuNow(askPgProxy), await cpuNow(askReference), performance.now()]
    await new Promise((r) => setTimeout(r, 2000))
    const t1 = performance.now()
    ;[idle.pg, idle.ref, idle.ms] = [(await cpuNow(askPgProxy)) - pg0, (await cpuNow(askReference)) - ref0, t1 - t0]
  }
  // Reach: the proxy's own answer is the bare route's body, byte for byte.
  const taskId = demoCampaignIds[0]!.taskId
  const reachPath = `/api/campaigns/${taskId}/reach`
  const sample = await request(`${base}${reachPath}`, { headers: { cookie } })
  const reachBody = await sample.body.text()
  if (sample.statusCode !== 200) throw new Error(`reach answered ${sample.statusCode}: ${reachBody.slice(0, 300)}`)
  await askReference({ type: 'reach-body', body: reachBody }, 'reach-body-set')
  const cannon = async (url: string, headers: Record<string, string>) => {
    const r = await autocannon({ url, connections: REACH_CONNECTIONS, duration: reachSeconds, headers })
    if (r.non2xx || r.errors || r.timeouts) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`)
    return { perSecond: r.requests.average, total: r.requests.total }
  }
  await askVendors({ type: 'take' }, 'taken')
  const reachOurs: number[] = []
  const reachRef: number[] = []
  const reachFastify: number[] = []
  let wshotoCalls = 0
  let reachAnswers = 0
  for (let round = 0; round < (values.only === 'send' ? 0 : 2); round++) {
    const oursRound = () =>
      metered(
        askProxy,
        cpuUse.reachOurs,
        () => cannon(`${base}${reachPath}`, { cookie }),
        (r) => r.total,
      )
    const run = await (round === 0 ? profiling('reach', oursRound) : oursRound())
    reachOurs.push(run.perSecond)
    reachAnswers += run.total
    wshotoCalls += (await askVendors<{ type: string; wshotoDetails: number }>({ type: 'take' }, 'taken')).wshotoDetails
    reachRef.push(
      (
        await metered(
          askReference,
          cpuUse.reachRef,
          () => cannon(`${refBase}/reach`, {}),
          (r) => r.total,
        )
      ).perSecond,
    )
    // The framework alone (a bare Fastify route, same bytes): what of the proxy's cost is Fastify's and Node's own.
    reachFastify.push(
      (
        await metered(
          askReference,
          cpuUse.reachFastify,
          () => cannon(`http://127.0.0.1:${fastifyPort}/reach`, {}),
          (r) => r.total,
        )
      ).perSecond,
    )
  }

  const q = (list: number[], p: number) => {
    const sorted = [...list].sort((a, b) => a - b)
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
  }
  const ms = (n: number) => `${n.toFixed(2)} ms`
  type Row = [string, string, string, string, string]
  const overheadRow = (figure: string, list: number[], p: number, goal: string): Row => [
    figure,
    ms(q(list, p)),
    ms(q(sendRef, p)),
    `${(q(list, p) / q(sendRef, p)).toFixed(1)}×`,
    goal,
  ]
  // PostgreSQL's rows are the production configuration's (the goals are judged there); PGlite's are the demo's.
  const sendRows: Row[] = [
    ...(sendPg.length
      ? [
          overheadRow('send overhead p50, PostgreSQL', sendPg, 50, '≤ 3 ms'),
          overheadRow('send overhead p99, PostgreSQL', sendPg, 99, '≤ 6 ms'),
          cpuRow('CPU per send (the process), PostgreSQL', cpuUse.sendPg, cpuUse.sendRef),
        ]
      : []),
    overheadRow('send overhead p50, PGlite', sendOurs, 50, sendPg.length ? '—' : '≤ 3 ms'),
    overheadRow('send overhead p99, PGlite', sendOurs, 99, sendPg.length ? '—' : '≤ 6 ms'),
    cpuRow('CPU per send (the process), PGlite', cpuUse.sendOurs, cpuUse.sendRef),
  ]
  const reachRows: Row[] = [
    [
      'reach throughput',
      `${Math.max(...reachOurs).toFixed(0)} req/s`,
      `${Math.max(...reachRef).toFixed(0)} req/s`,
      `${((Math.max(...reachOurs) / Math.max(...reachRef)) * 100).toFixed(0)} %`,
      '≥ 80 %',
    ],
    cpuRow('CPU per reach answer (the process)', cpuUse.reachOurs, cpuUse.reachRef),
    [
      'a bare Fastify route, same bytes',
      `${Math.max(...reachFastify).toFixed(0)} req/s, ${(cpuUse.reachFastify[0]! / Math.max(1, cpuUse.reachFastify[1]!)).toFixed(0)} µs`,
      `${Math.max(...reachRef).toFixed(0)} req/s, ${(cpuUse.reachRef[0]! / Math.max(1, cpuUse.reachRef[1]!)).toFixed(0)} µs`,
      `${((Math.max(...reachFastify) / Math.max(...reachRef)) * 100).toFixed(0)} %`,
      'the floor',
    ],
    [
      `WShoto calls, ${REACH_CONNECTIONS} clients × ${2 * reachSeconds} s`,
      String(wshotoCalls),
      `${reachAnswers} reach answers`,
      `1 call per ${Math.round(reachAnswers / Math.max(1, wshotoCalls))} answers`,
      '≤ 1 per REACH_FRESH_S',
    ],
  ]
  // `--only` leaves the other half's rows out.
  const rows = [...(sendOurs.length ? sendRows : []), ...(reachOurs.length ? reachRows : [])]
  const cpu = cpus()
  console.log('')
  console.log(
    `npm run bench:proxy — ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, Node ${process.version}; Youmi create ${YOUMI_LATENCY_MS} ms, ` +
      `WShoto detail ${WSHOTO_LATENCY_MS} ms (fixed, loopback); ${ROUNDS} × ${sendsPerRound} sends each, 2 × ${reachSeconds} s reach each; ` +
      `${((performance.now() - began) / 1000).toFixed(0)} s`,
  )
  console.log('')
  console.log('| figure | proxy | reference | ratio | goal |')
  console.log('| --- | --- | --- | --- | --- |')
  for (const r of rows) console.log(`| ${r.join(' | ')} |`)
  console.log('')
  console.log('reference: a minimal Node proxy (send: parse, one Youmi call, answer) and a bare Node route (reach: the same bytes)')
  if (values.only !== 'reach' && !sendPg.length) console.log('PostgreSQL rows left out: no PostgreSQL binaries (initdb) found')
  if (sendPg.length)
    console.log('PostgreSQL: a throwaway local server (fsync off), the proxy on DATABASE_URL; CPU is the proxy process only')
  if (idle.ms > 0) {
    // The idle CPU that falls into a send round, per send: already inside "CPU per send" above.
    const idlePerSend = (cpuIdle: number, use: number[]) => ((cpuIdle / idle.ms) * use[2]!) / Math.max(1, use[1]!)
    console.log(
      `idle CPU (no request, ${(idle.ms / 1000).toFixed(1)} s): proxy on PostgreSQL ${((idle.pg / idle.ms) * 1000).toFixed(0)} µs/s, ` +
        `reference ${((idle.ref / idle.ms) * 1000).toFixed(0)} µs/s; of the CPU per send, idle work is ` +
        `${idlePerSend(idle.pg, cpuUse.sendPg).toFixed(0)} µs (proxy) and ${idlePerSend(idle.ref, cpuUse.sendRef).toFixed(0)} µs (reference)`,
    )
  }
  if (profiled.length) console.log(`CPU profiles of the proxy: ${profiled.join(', ')} (npx tsx scripts/cpu-profile-top.ts FILE)`)
} finally {
  for (const child of children) if (child.exitCode === null) child.kill()
  await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))))
  await postgres?.stop()
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(pgDataDir, { recursive: true, force: true })
}

/** CPU µs per request of the proxy beside the reference's: [total µs, requests] each. */
function cpuRow(figure: string, ours: number[], ref: number[]): [string, string, string, string, string] {
  const per = ([us, n]: number[]) => us! / Math.max(1, n!)
  return [figure, `${per(ours).toFixed(0)} µs`, `${per(ref).toFixed(0)} µs`, `${(per(ours) / per(ref)).toFixed(1)}×`, '—']
}

/** A customer the staff member follows who has a Youmi identity: the target of every rpa send. */
function rpaTarget(userId: string) {
  const link = demoYoumiLinks.find((l) =>
    demoContacts.some((c) => c.externalUserId === l.externalUserId && c.follows.some((f) => f.userId === userId)),
  )
  if (!link) throw new Error(`${userId} has no demo customer with a Youmi identity`)
  const y = link.youmi
  return {
    externalUserId: link.externalUserId,
    youmi: {
      ad_wechat_id: Number(y.adWechatId),
      machine_key: y.machineKey,
      machine_name: y.machineName,
      qv_company_id: y.qvCompanyId,
      object_id: y.objectId,
      object_nickname: y.objectNickname,
      belong_staff_code: y.belongStaffCode,
    },
  }
}
