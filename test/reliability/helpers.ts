import type { ChildProcess } from 'node:child_process'
import type { Simulator } from '../../server/sim/index.js'
import { testCredentials } from '../helpers/app.js'
import { spawnUntil } from '../helpers/child-process.js'

// The real proxy process (`node --import tsx server/main.ts`) against a simulator that lives in the test process,
// configured as if every vendor were real: a crash of the proxy then leaves the vendor, and what it recorded, alive.

/** Every vendor "real", at the simulator's URL, with the credentials the simulator was started with. */
export function realVendorEnv(simUrl: string): Record<string, string> {
  const c = testCredentials
  return {
    WECOM_CORP_ID: c.wecom.corpId,
    WECOM_AGENT_ID: c.wecom.agentId,
    WECOM_SECRET: c.wecom.secret,
    WECOM_API_BASE: simUrl,
    WECOM_OAUTH_BASE: simUrl,
    WECOM_LOGIN_BASE: simUrl,
    YOUMI_CLIENT_ID: c.youmi.clientId,
    YOUMI_CLIENT_SECRET: c.youmi.clientSecret,
    YOUMI_TENANT_ID: c.youmi.tenantId,
    YOUMI_SCOPE: c.youmi.scope,
    YOUMI_API_BASE: simUrl,
    YOUMI_TOKEN_URL: `${simUrl}/connect/token`,
    WSHOTO_APP_ID: c.wshoto.appId,
    WSHOTO_APP_SECRET: c.wshoto.appSecret,
    WSHOTO_API_BASE: simUrl,
  }
}

export interface ProxyProcess {
  child: ChildProcess
  base: string
  pid: number
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export interface ProxyOptions {
  port: number
  dataDir: string
  simUrl: string
  env?: Record<string, string>
  startTimeoutMs?: number
}

/** Spawns the proxy (test/helpers/child-process.ts) and waits for "Listening on". */
export async function startProxy(o: ProxyOptions): Promise<ProxyProcess> {
  const base = `http://127.0.0.1:${o.port}`
  const { proc } = await spawnUntil({
    name: `proxy-${o.port}`,
    args: ['--import', 'tsx', 'server/main.ts'],
    cwd: process.cwd(),
    env: {
      NODE_ENV: 'development',
      PORT: String(o.port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DATA_DIR: o.dataDir,
      SESSION_SECRET: 'reliability-session-secret-0123456789abcdef',
      ADMIN_USER_IDS: 'zhangwei',
      LOG_LEVEL: 'warn',
      ...realVendorEnv(o.simUrl),
      ...o.env,
    },
    ready: /Listening on/,
    timeoutMs: o.startTimeoutMs ?? 30_000,
  })
  const { child } = proc
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (!proc.alive()) resolve({ code: child.exitCode, signal: child.signalCode })
    else child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  // However it ends (a test's SIGKILL or SIGTERM), its log file goes; the output stays readable in memory.
  void exited.then(() => proc.stop())
  return { child, base, pid: child.pid!, output: proc.output, exited }
}

/** SIGKILL, and wait until the process is gone (its port is free again). */
export async function killHard(p: ProxyProcess): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
  await p.exited
}

/** `Set-Cookie` answers as a `Cookie` header (cleared cookies left out). */
function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='))
    .join('; ')
}

/** The browser's sign-in: our login → the (simulated) WeCom authorize page with `login_as` → our callback. */
export async function loginOverHttp(base: string, userId: string): Promise<string> {
  const start = await fetch(`${base}/api/auth/login?returnTo=/`, { redirect: 'manual' })
  if (start.status !== 302) throw new Error(`login answered ${start.status}: ${await start.text()}`)
  const stateCookie = cookiesOf(start)
  const authorize = new URL(start.headers.get('location')!.replace(/#.*$/, ''))
  authorize.searchParams.set('login_as', userId)
  const page = await fetch(authorize, { redirect: 'manual' })
  if (page.status !== 302) throw new Error(`simulated OAuth answered ${page.status}`)
  const back = new URL(page.headers.get('location')!)
  const done = await fetch(`${base}${back.pathname}${back.search}`, { redirect: 'manual', headers: { cookie: stateCookie } })
  if (done.status !== 302) throw new Error(`callback answered ${done.status}: ${await done.text()}`)
  const sid = cookiesOf(done)
  if (!sid.includes('sid=')) throw new Error('no session cookie after the callback')
  return sid
}

export interface Answer {
  status: number
  body: any
  headers: Headers
}

/** A JSON call to the proxy as the sidebar makes it (same origin, session cookie). */
export async function callProxy(base: string, cookie: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      cookie,
      accept: 'application/json',
      origin: base,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, headers: res.headers }
}

/** Deterministic PRNG (mulberry32), so a failing run can be repeated with its printed seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The text items of every SaveBulkSendTask the simulated Youmi stored, with the task id. */
export function youmiTaskTexts(sim: Simulator): Array<{ id: number; texts: string[] }> {
  return sim.state.youmi.tasks.map((t) => {
    const body = t.body as { bulksend?: { task_content?: string } }
    const items = JSON.parse(body.bulksend?.task_content ?? '[]') as Array<{ type: string; data: { content?: string } }>
    return { id: t.id, texts: items.filter((i) => i.type === '0').map((i) => i.data.content ?? '') }
  })
}
