/**
 * Apps for the security tests: the real `buildApp` against the simulator, like test/helpers/app.ts, but every log line
 * goes to a file that is scanned, when the app closes, for every secret, token, ticket, login code and session
 * cookie the run produced. So the logs of every security test are part of the secret scan, and a long fuzz run keeps
 * no log in memory.
 */
import { mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect } from 'vitest'
import { logSerializers, type buildApp } from '../../server/app.js'
import type { AppConfig } from '../../server/config.js'
import { startSimulator, type Simulator } from '../../server/sim/index.js'
import { buildDemoApp, cookieHeader, TEST_PUBLIC_URL, testConfig, testCredentials, type TestAppOptions } from '../helpers/app.js'

/** The policy every answer carries on plain http (on https `;upgrade-insecure-requests` follows). */
export const EXPECTED_CSP =
  "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data: https:;font-src 'self' data:;" +
  "connect-src 'self';frame-src 'self' https://open.work.weixin.qq.com;frame-ancestors 'self';object-src 'none';base-uri 'self';form-action 'self'"

export interface SecureApp {
  app: Awaited<ReturnType<typeof buildApp>>
  sim: Simulator
  config: AppConfig
  /** Signs in through the simulated OAuth page like a browser; answers the `Cookie` header (`sid=…`). */
  login(userId: string): Promise<string>
  /** Closes app and simulator, then scans the log; throws if any secret is in it. */
  close(): Promise<LogScan>
}

export interface LogScan {
  lines: number
  secrets: number
}

export interface SecureAppOptions extends TestAppOptions {
  /** Fastify log level (default debug: the most a production operator could turn on). */
  logLevel?: string
}

// One figures line per test file: how much of its logs the scan read.
const scanned = { apps: 0, lines: 0, secrets: 0 }
afterAll(() => {
  if (!scanned.apps) return
  const file = expect.getState().testPath?.split('/').pop() ?? 'this file'
  console.info(
    `[figures] log scan (${file}): ${scanned.apps} app(s), ${scanned.secrets} secrets, tokens, codes and cookies × ${scanned.lines} log lines, 0 found`,
  )
})

export async function startSecureApp(o: SecureAppOptions = {}): Promise<SecureApp> {
  const sim = await startSimulator({
    credentials: testCredentials,
    tokenTtlSeconds: o.tokenTtlSeconds,
    now: o.now,
    trustedOrigin: o.config?.publicUrl ?? TEST_PUBLIC_URL,
  })
  const config = testConfig(sim.url, o)
  const dir = mkdtempSync(join(tmpdir(), 'security-logs-'))
  const logFile = join(dir, 'app.log')
  const stream = createWriteStream(logFile)
  const app = await buildDemoApp(config, {
    logger: { level: o.logLevel ?? 'debug', stream, serializers: logSerializers },
    now: o.now,
    http: o.http,
    upstream: o.upstream,
  })
  await app.ready()
  // What a browser was handed during the run: session cookies and OAuth codes are secrets too.
  const issued: string[] = []
  return {
    app,
    sim,
    config,
    login: async (userId) => {
      const { cookie, code } = await login(app, sim, userId)
      issued.push(cookie.replace(/^sid=/, ''), decodeURIComponent(cookie.replace(/^sid=/, '')).split('.')[0]!, code)
      return cookie
    },
    close: async () => {
      await app.close()
      await sim.close()
      await new Promise<void>((resolve) => stream.end(resolve))
      const log = readFileSync(logFile, 'utf8')
      rmSync(dir, { recursive: true, force: true })
      const secrets = [...secretsOf(sim, config), ...issued].filter((s) => s.length >= 8)
      const found = secrets.filter((s) => log.includes(s))
      if (found.length) throw new Error(`the log holds ${found.length} secret(s): ${found.map((s) => `${s.slice(0, 6)}…`).join(', ')}`)
      const lines = log.split('\n').filter(Boolean).length
      if (lines === 0) throw new Error('the app logged nothing: the scan would mean nothing')
      scanned.apps++
      scanned.lines += lines
      scanned.secrets += secrets.length
      return { lines, secrets: secrets.length }
    },
  }
}

/** Every secret the proxy holds and every token and ticket the simulated vendors issued so far. */
export function secretsOf(sim: Simulator, config: AppConfig): string[] {
  const s = sim.state
  const q = config.qikeliao
  return [
    testCredentials.wecom.secret,
    testCredentials.youmi.clientSecret,
    testCredentials.wshoto.appSecret,
    config.sessionSecret,
    ...(q ? [q.key, q.iv, q.systemKey, q.dockPwd] : []),
    ...s.wecom.tokens.keys(),
    ...s.wecom.tickets.map((x) => x.ticket),
    ...s.wecom.codes.keys(),
    ...s.youmi.tokens.keys(),
    ...s.wshoto.tokens.keys(),
  ]
}

/** The whole browser dance: our login → WeCom's authorize page (simulated) → our callback with code and state. */
export async function login(
  app: SecureApp['app'],
  sim: Simulator,
  userId: string,
  returnTo = '/',
): Promise<{ cookie: string; code: string; location: string }> {
  const start = await app.inject({ method: 'GET', url: `/api/auth/login?returnTo=${encodeURIComponent(returnTo)}` })
  if (start.statusCode !== 302) throw new Error(`login answered ${start.statusCode}`)
  const stateCookie = cookieHeader(start.headers['set-cookie'])
  const { callback, code } = await authorize(sim, String(start.headers.location), userId)
  const done = await app.inject({ method: 'GET', url: callback, headers: { cookie: stateCookie } })
  if (done.statusCode !== 302) throw new Error(`callback answered ${done.statusCode}: ${done.body}`)
  return { cookie: cookieHeader(done.headers['set-cookie']), code, location: String(done.headers.location) }
}

/** Picks `userId` on the simulated authorize page; answers our callback path (with code and state) and the code. */
export async function authorize(sim: Simulator, location: string, userId: string): Promise<{ callback: string; code: string }> {
  const url = new URL(location.replace(/#.*$/, ''))
  url.searchParams.set('login_as', userId)
  const page = await fetch(`${sim.url}${url.pathname.replace(/^\/sim/, '')}${url.search}`, { redirect: 'manual' })
  if (page.status !== 302) throw new Error(`simulated OAuth answered ${page.status}`)
  const back = new URL(page.headers.get('location')!)
  return { callback: `${back.pathname}${back.search}`, code: back.searchParams.get('code') ?? '' }
}

/** Example values for a route's path parameters, so a table can call every registered URL. */
export function fillParams(url: string, values: Record<string, string>): string {
  return url.replace(/:(\w+)/g, (_m, name: string) => {
    const v = values[name]
    if (v === undefined) throw new Error(`no example value for :${name} in ${url}`)
    return encodeURIComponent(v)
  })
}
