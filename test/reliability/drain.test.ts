import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent, fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../server/sim/index.js'
import { testCredentials } from '../helpers/app.js'
import { demo, simControl } from '../helpers/demo.js'
import { callProxy, killHard, loginOverHttp, startProxy, youmiTaskTexts, type ProxyProcess } from './helpers.js'
import { freePort } from '../helpers/free-port.js'

// SIGTERM (a deploy, `docker stop`, systemd) while sends are on their way to a slow Youmi: each of them gets its real
// answer, nobody new gets in, and the process is gone with exit code 0 well before main.ts's 15 s deadline — also
// when the clients hold keep-alive connections, as browsers and reverse proxies do.

const SAVE_PATH = '/v2/BulkSend/SaveBulkSendTask'
const LATENCY_MS = 1000
const IN_FLIGHT = 8
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let sim: Simulator
let dataDir: string
let port: number
let proxy: ProxyProcess
let cookie = ''
const agents: Agent[] = []

const start = () => startProxy({ port, dataDir, simUrl: sim.url, env: { UPSTREAM_TIMEOUT_MS: '5000' } })

/** A client that keeps its connections open between requests (undici's default keep-alive, made long). */
function keepAliveAgent(): Agent {
  const agent = new Agent({ keepAliveTimeout: 60_000, keepAliveMaxTimeout: 60_000 })
  agents.push(agent)
  return agent
}

/** TCP connect: 'connected' or the error code (ECONNREFUSED once the listener is closed). */
function probe(): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1')
    s.once('connect', () => {
      s.destroy()
      resolve('connected')
    })
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
  })
}

beforeAll(async () => {
  sim = await startSimulator({ credentials: testCredentials })
  dataDir = mkdtempSync(join(tmpdir(), 'sidebar-drain-'))
  port = await freePort()
  proxy = await start()
  cookie = await loginOverHttp(proxy.base, 'zhangwei')
  const c = demo.linked.externalUserId
  const links = await callProxy(proxy.base, cookie, 'PUT', '/api/admin/contact-links', [{ externalUserId: c, youmi: demo.youmiOf(c) }])
  expect(links.status).toBe(200)
}, 60_000)

afterAll(async () => {
  await killHard(proxy)
  await Promise.all(agents.map((a) => a.close()))
  await sim?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('SIGTERM drains', () => {
  it('answers every send in flight, refuses new connections, and exits 0 within the deadline', async () => {
    await simControl(sim, 'POST', 'faults', { vendor: 'youmi', kind: 'latency', latencyMs: LATENCY_MS, count: IN_FLIGHT, path: SAVE_PATH })
    const busy = keepAliveAgent()
    const idle = keepAliveAgent()
    // An idle keep-alive connection, as a sidebar left open holds one.
    expect((await fetch(`${proxy.base}/api/health`, { dispatcher: idle })).status).toBe(200)

    const since = Date.now()
    const texts = Array.from({ length: IN_FLIGHT }, (_, i) => `排空测试 ${since}-${i}`)
    const sends = texts.map(async (text, i) => {
      const res = await fetch(`${proxy.base}/api/sends`, {
        method: 'POST',
        dispatcher: busy,
        headers: { cookie, 'content-type': 'application/json', origin: proxy.base },
        body: JSON.stringify({
          idempotencyKey: `drain-${since}-${i}`,
          channel: 'rpa',
          contact: { externalUserId: demo.linked.externalUserId },
          content: [{ type: 'text', text }],
        }),
      })
      return { status: res.status, at: Date.now(), connection: res.headers.get('connection'), body: (await res.json()) as any }
    })
    // All of them are waiting for Youmi when the signal comes.
    const onTheWire = () => sim.state.requests.filter((r) => r.path === SAVE_PATH && r.at >= since && r.status === undefined).length
    while (onTheWire() < IN_FLIGHT) await sleep(5)

    const signalledAt = Date.now()
    proxy.child.kill('SIGTERM')
    let refusedAt = 0
    while (!refusedAt && Date.now() - signalledAt < 2000) {
      if ((await probe()) === 'ECONNREFUSED') refusedAt = Date.now()
      else await sleep(10)
    }
    expect(refusedAt, 'a new connection was still accepted 2 s after SIGTERM').toBeGreaterThan(0)
    // A request after the signal on the connection that was idle: not served (the connection is gone, and a new
    // one is refused).
    const late = await fetch(`${proxy.base}/api/health`, { dispatcher: idle }).then(
      (r) => r.status,
      (e: any) => String(e?.cause?.code ?? e),
    )
    expect(late).not.toBe(200)

    const answers = await Promise.all(sends)
    const { code, signal } = await proxy.exited
    const exitedAfter = Date.now() - signalledAt
    for (const a of answers) {
      expect(a.status, JSON.stringify(a.body)).toBe(201)
      expect(a.body).toMatchObject({ status: 'submitted', taskId: expect.any(Number) })
      // Refused for newcomers before the requests in flight had their answers: draining, not stopping.
      expect(a.at).toBeGreaterThan(refusedAt)
    }
    expect({ code, signal, exitedAfter: exitedAfter < LATENCY_MS + 4000 }, `exit after ${exitedAfter} ms`).toEqual({
      code: 0,
      signal: null,
      exitedAfter: true,
    })
    // Answered while closing: the client is told not to reuse the connection (which would hold the close).
    for (const a of answers) expect(a.connection).toBe('close')

    // Nothing lost: after a restart each send is there as answered, with one Youmi task each.
    proxy = await start()
    const listed = await callProxy(proxy.base, cookie, 'GET', '/api/sends?limit=100')
    const byText = new Map<string, any>(listed.body.items.map((s: any) => [s.content[0].text, s]))
    const tasks = youmiTaskTexts(sim)
    for (const [i, text] of texts.entries()) {
      expect(byText.get(text), text).toMatchObject({ id: answers[i]!.body.id, status: 'submitted', taskId: answers[i]!.body.taskId })
      expect(tasks.filter((t) => t.texts.includes(text)).map((t) => t.id)).toEqual([answers[i]!.body.taskId])
    }
    console.log(
      `[figures] drain: ${IN_FLIGHT} sends in flight at SIGTERM (Youmi latency ${LATENCY_MS} ms, keep-alive clients), ` +
        `${answers.filter((a) => a.status === 201).length} answered 201, new connections refused ${refusedAt - signalledAt} ms after the signal, ` +
        `last answer ${Math.max(...answers.map((a) => a.at)) - signalledAt} ms, exit ${code} after ${exitedAfter} ms`,
    )
  }, 60_000)

  it('does not wait for idle keep-alive connections', async () => {
    if (proxy.child.exitCode !== null || proxy.child.signalCode !== null) proxy = await start()
    const idle = keepAliveAgent()
    for (let i = 0; i < 3; i++) expect((await callProxy(proxy.base, cookie, 'GET', '/api/session')).status).toBe(200)
    expect((await fetch(`${proxy.base}/api/health`, { dispatcher: idle })).status).toBe(200)
    const signalledAt = Date.now()
    proxy.child.kill('SIGTERM')
    expect(await proxy.exited).toEqual({ code: 0, signal: null })
    expect(Date.now() - signalledAt).toBeLessThan(3000)
  }, 30_000)
})
