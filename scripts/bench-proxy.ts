/**
 * `npm run bench:proxy`: what the proxy costs, beside the least Node can do, measured in one run on loopback.
 *
 * Three processes besides this one (scripts/bench-proxy/): the vendors (the simulator with a fixed latency on Youmi's
 * create and WShoto's task detail), the proxy (demo mode's build, its vendors pointed at that process) and the
 * references (a minimal Node proxy for the send, a bare Node route for the reach body).
 *
 * - Send overhead: Youmi sends one after another (one connection), each timed here; "overhead" is that time minus the
 *   time the vendor process spent on the send's `SaveBulkSendTask` (Youmi's own time). Rounds alternate between the
 *   proxy and the minimal proxy, so a busy moment of the machine hits both.
 * - Reach throughput: autocannon with 16 connections against `GET /api/campaigns/:id/reach` and against the bare
 *   route serving the same bytes, alternating; the best round of each. WShoto's task-detail calls are counted meanwhile.
 *
 * Bounded: about 45 s. `--sends N` (per round, 4 rounds) and `--seconds S` (per reach round, 2 rounds) shorten it.
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
import { ipc } from './bench-proxy/ipc.js'
import { freePort, login } from './bench-demo-client.js'

const YOUMI_LATENCY_MS = 20
const WSHOTO_LATENCY_MS = 50
const STAFF = 'zhangwei'
const ROUNDS = 4
const REACH_CONNECTIONS = 16

const { values } = parseArgs({ options: { sends: { type: 'string', default: '60' }, seconds: { type: 'string', default: '4' } } })
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
const began = performance.now()

try {
  const shared = { BENCH_CREDENTIALS: JSON.stringify(credentials) }
  const vendors = start('vendors.ts', { ...shared, BENCH_YOUMI_MS: String(YOUMI_LATENCY_MS), BENCH_WSHOTO_MS: String(WSHOTO_LATENCY_MS) })
  const askVendors = ipc(vendors, 'vendor process')
  const vendorUrl = (await askVendors<{ type: string; url: string }>(null, 'ready')).url
  const port = await freePort()
  const proxy = start('proxy.ts', { ...shared, BENCH_VENDOR_URL: vendorUrl, BENCH_PORT: String(port), BENCH_DATA_DIR: dataDir })
  const reference = start('reference.ts', { ...shared, BENCH_VENDOR_URL: vendorUrl })
  await ipc(proxy, 'proxy')(null, 'ready', 180_000)
  const refPort = (await ipc(reference, 'reference')<{ type: string; port: number }>(null, 'ready')).port
  const base = `http://127.0.0.1:${port}`
  const refBase = `http://127.0.0.1:${refPort}`

  const cookie = await login(base, STAFF)
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
  // Warm-up (JIT, pools, tokens, the contact cache): not counted.
  await overheads(ours, 30)
  await overheads(minimal, 30)
  const sendOurs: number[] = []
  const sendRef: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    sendOurs.push(...(await overheads(ours, sendsPerRound)))
    sendRef.push(...(await overheads(minimal, sendsPerRound)))
  }

  // Reach: the proxy's own answer is the bare route's body, byte for byte.
  const taskId = demoCampaignIds[0]!.taskId
  const reachPath = `/api/campaigns/${taskId}/reach`
  const sample = await request(`${base}${reachPath}`, { headers: { cookie } })
  const reachBody = await sample.body.text()
  if (sample.statusCode !== 200) throw new Error(`reach answered ${sample.statusCode}: ${reachBody.slice(0, 300)}`)
  await ipc(reference, 'reference')({ type: 'reach-body', body: reachBody }, 'reach-body-set')
  const cannon = async (url: string, headers: Record<string, string>) => {
    const r = await autocannon({ url, connections: REACH_CONNECTIONS, duration: reachSeconds, headers })
    if (r.non2xx || r.errors || r.timeouts) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`)
    return { perSecond: r.requests.average, total: r.requests.total }
  }
  await askVendors({ type: 'take' }, 'taken')
  const reachOurs: number[] = []
  const reachRef: number[] = []
  let wshotoCalls = 0
  let reachAnswers = 0
  for (let round = 0; round < 2; round++) {
    const run = await cannon(`${base}${reachPath}`, { cookie })
    reachOurs.push(run.perSecond)
    reachAnswers += run.total
    wshotoCalls += (await askVendors<{ type: string; wshotoDetails: number }>({ type: 'take' }, 'taken')).wshotoDetails
    reachRef.push((await cannon(`${refBase}/reach`, {})).perSecond)
  }

  const q = (list: number[], p: number) => {
    const sorted = [...list].sort((a, b) => a - b)
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
  }
  const ms = (n: number) => `${n.toFixed(2)} ms`
  const rows: [string, string, string, string, string][] = [
    ['send overhead p50', ms(q(sendOurs, 50)), ms(q(sendRef, 50)), `${(q(sendOurs, 50) / q(sendRef, 50)).toFixed(1)}×`, '≤ 3 ms'],
    ['send overhead p99', ms(q(sendOurs, 99)), ms(q(sendRef, 99)), `${(q(sendOurs, 99) / q(sendRef, 99)).toFixed(1)}×`, '≤ 6 ms'],
    [
      'reach throughput',
      `${Math.max(...reachOurs).toFixed(0)} req/s`,
      `${Math.max(...reachRef).toFixed(0)} req/s`,
      `${((Math.max(...reachOurs) / Math.max(...reachRef)) * 100).toFixed(0)} %`,
      '≥ 80 %',
    ],
    [
      `WShoto calls, ${REACH_CONNECTIONS} clients × ${2 * reachSeconds} s`,
      String(wshotoCalls),
      `${reachAnswers} reach answers`,
      `1 call per ${Math.round(reachAnswers / Math.max(1, wshotoCalls))} answers`,
      '≤ 1 per REACH_FRESH_S',
    ],
  ]
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
} finally {
  for (const child of children) if (child.exitCode === null) child.kill()
  await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))))
  rmSync(dataDir, { recursive: true, force: true })
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
