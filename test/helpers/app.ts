import { Writable } from 'node:stream'
import type { AppConfig, QikeliaoSettings } from '../../server/config.js'
import { DEFAULT_MAPPING } from '../../server/services/qikeliao/mapping.js'
import { buildApp, logSerializers, type AppDeps } from '../../server/app.js'
import { demoMode } from '../../server/demo/index.js'
import { startSimulator, type Simulator } from '../../server/sim/index.js'
import type { HttpClient } from '../../server/upstream/http.js'

export const TEST_PUBLIC_URL = 'http://sidebar.test'

/** Credentials only tests use; the secret scan looks for exactly these strings. */
export const testCredentials = {
  wecom: { corpId: 'wwtestcorp0001', agentId: '1000002', secret: 'wecom-secret-5f1c0d9e8a7b6c5d4e3f' },
  youmi: {
    clientId: 'youmi-client-test',
    clientSecret: 'youmi-secret-9a8b7c6d5e4f3a2b1c0d',
    tenantId: '640462692',
    scope: 'Ls.Qkl.PublicApi',
  },
  wshoto: { appId: 'wshoto-app-test', appSecret: 'wshoto-secret-0a1b2c3d4e5f6a7b8c9d' },
}

/**
 * 企客聊 keys only tests use (16 characters, as 企客聊 hands them out), in demo mode so the entry-link route exists.
 * The secret scan looks for each of them.
 */
export const testQikeliao: QikeliaoSettings = {
  cipher: 'aes-128-cbc',
  key: 'qkl-key-7Hs2Lq9Z',
  iv: 'qkl-iv-4Nw8Pz1Xc',
  systemKey: 'qkl-sys-3Vb6Jt0Q',
  maxAgeS: 600,
  mapping: DEFAULT_MAPPING,
  dockPwd: 'qkl-dock-5Rm9Ke2WxT',
  simulated: true,
}

export interface TestApp {
  app: Awaited<ReturnType<typeof buildApp>>
  sim: Simulator
  config: AppConfig
  /** Every log line the app wrote, as JSON text. */
  logs: string[]
  /** Signs in through the simulator's OAuth page like a browser and answers the session cookie header. */
  login(userId: string): Promise<string>
  /** More values the log must not hold (a test adds what it made up: a payload's phone, a ciphertext). */
  secrets: string[]
  close(): Promise<void>
}

export interface TestAppOptions {
  tokenTtlSeconds?: number
  now?: () => number
  http?: HttpClient
  adminUserIds?: string[]
  upstreamTimeoutMs?: number
  config?: Partial<AppConfig>
  /** Retry and circuit-breaker tuning (injected sleep, jitter, cool-downs); production defaults without it. */
  upstream?: AppDeps['upstream']
  /** A database the test opened itself (to watch its queries); the app's own in-memory one without it. */
  store?: AppDeps['store']
  /** How media URLs' host names resolve (see AppDeps). */
  mediaResolve?: AppDeps['mediaResolve']
}

export async function startTestApp(o: TestAppOptions = {}): Promise<TestApp> {
  const sim = await startSimulator({
    credentials: testCredentials,
    tokenTtlSeconds: o.tokenTtlSeconds,
    now: o.now,
    // WeCom's trusted domain is PUBLIC_URL's, as boot() sets it in a demo.
    trustedOrigin: o.config?.publicUrl ?? TEST_PUBLIC_URL,
  })
  const config = testConfig(sim.url, o)
  const logs: string[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk))
      done()
    },
  })
  // The production serializers: the secret scan must see what production would log.
  const deps: AppDeps = {
    logger: { level: 'debug', stream, serializers: logSerializers },
    now: o.now,
    http: o.http,
    upstream: o.upstream,
    store: o.store,
    mediaResolve: o.mediaResolve,
  }
  const app = await buildDemoApp(config, deps)
  await app.ready()
  const secrets: string[] = []
  return {
    app,
    sim,
    config,
    logs,
    login: (userId) => login(app, sim, userId),
    secrets,
    close: async () => {
      await app.close()
      await sim.close()
      assertNoSecretIn(logs, sim, config, secrets)
    },
  }
}

/**
 * Every test app's log is scanned when it closes, so the logs of the whole suite — faults, crashes and all — are
 * part of the secret scan (server/secrets.test.ts and test/security/ look further).
 */
function assertNoSecretIn(logs: string[], sim: Simulator, config: AppConfig, extra: string[] = []): void {
  const s = sim.state
  const q = config.qikeliao
  const secrets = [
    testCredentials.wecom.secret,
    testCredentials.youmi.clientSecret,
    testCredentials.wshoto.appSecret,
    config.sessionSecret,
    ...(q ? [q.key, q.iv, q.systemKey, q.dockPwd] : []),
    ...extra,
    ...s.wecom.tokens.keys(),
    ...s.wecom.tickets.map((x) => x.ticket),
    ...s.youmi.tokens.keys(),
    ...s.wshoto.tokens.keys(),
  ].filter((x) => x.length >= 8)
  const text = logs.join('')
  const found = secrets.filter((x) => text.includes(x))
  if (found.length)
    throw new Error(`the test app's log holds ${found.length} secret(s) or token(s): ${found.map((x) => `${x.slice(0, 6)}…`).join(', ')}`)
}

/**
 * The app as demo mode builds it (server/boot.ts hands `buildApp` the same): demo rows seeded, the playground, its
 * 企客聊 entry links and the /sim pass-through registered wherever the config simulates their vendor.
 */
export function buildDemoApp(config: AppConfig, deps: AppDeps = {}) {
  return buildApp(config, { ...deps, demo: demoMode(config) })
}

export function testConfig(simUrl: string, o: TestAppOptions = {}): AppConfig {
  const c = testCredentials
  return {
    nodeEnv: 'test',
    demo: true,
    publicUrl: TEST_PUBLIC_URL,
    sessionSecret: 'test-session-secret-that-is-long-enough-0123456789',
    adminUserIds: o.adminUserIds ?? ['zhangwei'],
    logLevel: 'debug',
    trustProxy: 'loopback',
    upstreamTimeoutMs: o.upstreamTimeoutMs ?? 2000,
    database: { kind: 'memory' },
    simUrl,
    vendors: {
      wecom: { ...c.wecom, apiBase: simUrl, oauthBase: `${TEST_PUBLIC_URL}/sim`, loginBase: `${TEST_PUBLIC_URL}/sim`, simulated: true },
      youmi: {
        ...c.youmi,
        apiBase: simUrl,
        tokenUrl: `${simUrl}/connect/token`,
        simulated: true,
        taskType: 1,
        chooseType: 0,
        taskSource: 0,
        deletePath: '/v2/BulkSend/DeleteBulkSendTask',
      },
      wshoto: { ...c.wshoto, apiBase: simUrl, simulated: true },
    },
    qikeliao: testQikeliao,
    ...o.config,
  }
}

/**
 * The whole browser dance: our login → WeCom's sign-in page (simulated: the OAuth page, or the QR-code page for an admin
 * page outside WeCom) → our callback with code and state (at `app`: any instance).
 */
export async function login(
  app: TestApp['app'],
  sim: Simulator,
  userId: string,
  o: { returnTo?: string; userAgent?: string } = {},
): Promise<string> {
  const start = await app.inject({
    method: 'GET',
    url: `/api/auth/login?returnTo=${encodeURIComponent(o.returnTo ?? '/')}`,
    headers: o.userAgent ? { 'user-agent': o.userAgent } : {},
  })
  if (start.statusCode !== 302) throw new Error(`login answered ${start.statusCode}`)
  const stateCookie = cookieHeader(start.headers['set-cookie'])
  const authorize = new URL(String(start.headers.location).replace(/#.*$/, ''))
  authorize.searchParams.set('login_as', userId)
  const simPath = authorize.pathname.replace(/^\/sim/, '')
  const page = await fetch(`${sim.url}${simPath}${authorize.search}`, { redirect: 'manual' })
  if (page.status !== 302) throw new Error(`simulated sign-in page answered ${page.status}`)
  const back = new URL(page.headers.get('location')!)
  const done = await app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: stateCookie } })
  if (done.statusCode !== 302) throw new Error(`callback answered ${done.statusCode}: ${done.body}`)
  if (o.returnTo && done.headers.location !== o.returnTo) throw new Error(`callback went to ${done.headers.location}, not ${o.returnTo}`)
  return cookieHeader(done.headers['set-cookie'])
}

/** `Set-Cookie` answers as a `Cookie` request header (names and values only; cleared cookies left out). */
export function cookieHeader(setCookie: string | string[] | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []
  return list
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='))
    .join('; ')
}
