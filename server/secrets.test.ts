import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InjectOptions } from 'fastify'
import { demo, simControl } from '../test/helpers/demo.js'
import { startTestApp, testCredentials, TEST_PUBLIC_URL, type TestApp } from '../test/helpers/app.js'
import { demoCampaignIds } from './sim/demo-data.js'

// The proxy exists to keep vendor secrets and tokens away from browsers and logs. This test does a bit of
// everything, failures included, and then looks for every secret and every token the vendors issued.

let t: TestApp
const seen: string[] = []

async function call(o: InjectOptions | string) {
  const res = await t.app.inject(o)
  seen.push(JSON.stringify(res.headers), res.body)
  return res
}

beforeAll(async () => {
  t = await startTestApp({ upstreamTimeoutMs: 400 })
})
afterAll(() => t.close())

describe('no secret or token leaves the proxy', () => {
  it('in answers, headers, error messages or logs', async () => {
    const cookie = await t.login('zhangwei')
    const taskId = demoCampaignIds[0]!.taskId
    const key = (i: number) => `secret-scan-${i}-key`
    const sendBody = (i: number, channel = 'rpa') => ({
      idempotencyKey: key(i),
      channel,
      contact: { externalUserId: demo.linked.externalUserId },
      content: [{ type: 'text', text: `第 ${i} 条` }],
    })

    await call({ url: '/api/session', headers: { cookie } })
    await call({ method: 'POST', url: '/api/wecom/signatures', headers: { cookie }, payload: { url: `${TEST_PUBLIC_URL}/x` } })
    await call({ url: `/api/contacts/${demo.linked.externalUserId}`, headers: { cookie } })
    await call({ method: 'POST', url: '/api/sends', headers: { cookie }, payload: sendBody(1) })
    await call({ method: 'POST', url: '/api/sends', headers: { cookie }, payload: sendBody(2, 'chat') })
    await call({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie } })
    await call({ url: '/api/sends', headers: { cookie } })

    let i = 10
    for (const vendor of ['wecom', 'youmi', 'wshoto'] as const) {
      for (const fault of [
        { kind: 'malformed' },
        { kind: 'wrongShape' },
        { kind: 'http', status: 500 },
        { kind: 'code', code: 10001 },
        { kind: 'drop' },
        { kind: 'latency', latencyMs: 700 },
      ]) {
        await simControl(t.sim, 'POST', 'faults', { vendor, ...fault })
        await call({ method: 'POST', url: '/api/wecom/signatures', headers: { cookie }, payload: { url: `${TEST_PUBLIC_URL}/y` } })
        await call({ url: `/api/contacts/${demo.unlinked.externalUserId}`, headers: { cookie } })
        await call({ method: 'POST', url: '/api/sends', headers: { cookie }, payload: sendBody(i++) })
        await call({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie } })
        await simControl(t.sim, 'DELETE', 'faults')
      }
      await simControl(t.sim, 'POST', 'revoke', { vendor })
    }
    await call({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie } })
    // A customer not read yet: WeCom is asked with the revoked token (the faults above are mostly outlasted by retries,
    // so the customers read earlier are still shared and would not call WeCom).
    await call({ url: `/api/contacts/${demo.notZhangweis.externalUserId}`, headers: { cookie } })
    await call({ method: 'POST', url: '/api/sends', headers: { cookie }, payload: sendBody(99) })
    await call({ method: 'POST', url: '/api/sends', headers: { cookie }, payload: '{"broken' })
    await call({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })
    await new Promise((r) => setTimeout(r, 800))

    const s = t.sim.state
    const secrets = [
      testCredentials.wecom.secret,
      testCredentials.youmi.clientSecret,
      testCredentials.wshoto.appSecret,
      t.config.sessionSecret,
      ...s.wecom.tokens.keys(),
      ...s.wecom.tickets.map((x) => x.ticket),
      ...s.youmi.tokens.keys(),
      ...s.wshoto.tokens.keys(),
    ]
    // Enough tokens were issued for the scan to mean something: first ones, and the replacements after revoking.
    expect(s.wecom.tokens.size).toBeGreaterThanOrEqual(2)
    expect(s.youmi.tokens.size).toBeGreaterThanOrEqual(2)
    expect(s.wshoto.tokens.size).toBeGreaterThanOrEqual(2)
    expect(s.wecom.tickets.length).toBeGreaterThanOrEqual(2)
    expect(seen.length).toBeGreaterThan(80)
    expect(t.logs.length).toBeGreaterThan(80)
    expect(t.logs.some((l) => l.includes('upstream call'))).toBe(true)

    console.info(
      `[figures] secret scan: ${secrets.length} secrets and tokens × ${seen.length / 2} answers (headers + bodies) and ${t.logs.length} log lines`,
    )
    const haystacks = { answers: seen.join('\n'), logs: t.logs.join('\n') }
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of secrets) expect(text.includes(secret), `${where} contain ${secret.slice(0, 6)}…`).toBe(false)
    }
  })
})

// What is shipped must hold no secret either: the sidebar's files (served to every browser) and the proxy's compiled
// code. Both are built here, into a temporary folder, with every secret set in the build's environment — plainly and
// with Vite's VITE_ prefix — so a build setting that inlines the environment (`define: { 'process.env': … }`, a
// VITE_ variable read by the sidebar) would put them in a file, and the scan would find them.
describe('no secret in what is built', () => {
  const ROOT = resolve(import.meta.dirname, '..')
  const secrets = {
    WECOM_SECRET: testCredentials.wecom.secret,
    YOUMI_CLIENT_SECRET: testCredentials.youmi.clientSecret,
    WSHOTO_APP_SECRET: testCredentials.wshoto.appSecret,
    SESSION_SECRET: 'build-scan-session-secret-7d1e5a0c9b8f4e3d2c1b0a99',
    DATABASE_URL: 'postgres://sidebar:build-scan-db-password-3c9e1f@db.internal:5432/sidebar',
  }
  let out: string

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'secret-scan-build-'))
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production' }
    for (const [k, v] of Object.entries(secrets)) Object.assign(env, { [k]: v, [`VITE_${k}`]: v })
    const run = (bin: string, args: string[]) =>
      execFileSync(process.execPath, [join(ROOT, 'node_modules', bin), ...args], { cwd: ROOT, env, stdio: 'pipe' })
    run('vite/bin/vite.js', ['build', '--outDir', join(out, 'client'), '--emptyOutDir', '--logLevel', 'warn'])
    run('typescript/bin/tsc', ['-p', 'tsconfig.build.json', '--outDir', join(out, 'node')])
  }, 180_000)
  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true })
  })

  function filesUnder(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
  }

  it('every file of dist/client and dist/node, for every secret and test credential', () => {
    const files = filesUnder(out)
    const client = files.filter((f) => relative(out, f).startsWith('client'))
    const server = files.filter((f) => relative(out, f).startsWith('node'))
    // A scan of nothing proves nothing: the build is all there, and the scan reads what it should.
    expect(client.some((f) => f.endsWith('index.html'))).toBe(true)
    expect(client.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(5)
    expect(server.some((f) => f.endsWith(join('server', 'main.js')))).toBe(true)
    const needles = [
      ...Object.values(secrets),
      'build-scan-db-password-3c9e1f',
      testCredentials.wecom.secret,
      testCredentials.youmi.clientSecret,
      testCredentials.wshoto.appSecret,
      'test-session-secret-that-is-long-enough',
    ]
    // Plain, and as base64 (a bundler may inline a value that way).
    const forms = needles.flatMap((n) => [n, Buffer.from(n).toString('base64')])
    let bytes = 0
    const found: string[] = []
    for (const file of files) {
      const text = readFileSync(file).toString('latin1')
      bytes += statSync(file).size
      for (const n of forms) if (text.includes(n)) found.push(`${relative(out, file)}: ${n.slice(0, 6)}…`)
    }
    expect(
      readFileSync(
        client.find((f) => /index-.*\.js$/.test(f))!,
        'utf8',
      ),
    ).toContain('/auth/login')
    console.info(
      `[figures] build scan: ${needles.length} secrets (plain and base64) × ${files.length} files (${client.length} sidebar, ${server.length} proxy; ` +
        `${Math.round(bytes / 1024)} KB), ${found.length} found`,
    )
    expect(found).toEqual([])
  })
})
