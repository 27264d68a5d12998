/**
 * The browser end-to-end harness: the real proxy process in demo mode (every vendor simulated, as `npm start` runs
 * with no configuration), the built sidebar it serves, and Chromium driven by playwright-core. Free of vitest, so
 * scripts/screenshots.ts uses it too; the vitest hooks are in ./fixtures.ts.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core'
import { spawnUntil } from '../helpers/child-process.js'
import { bridgeConfigScript, bridgeScript, RECORD_BINDING, type BridgeCall, type BridgeConfig } from './wecom-bridge.js'
import { freePort } from '../helpers/free-port.js'

export const ROOT = resolve(import.meta.dirname, '../..')

/** A WeCom desktop client's user agent: `@wecom/jssdk` treats the page as inside WeCom because of `wxwork/x.y.z`. */
export const WECOM_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 wxwork/4.1.20 (MicroMessenger/6.2) WindowsWechat'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface SidebarBuild {
  /** Where the server runs: it serves `<appRoot>/dist/client` (server/boot.ts resolves it from its working directory). */
  appRoot: string
  /** How long the build took, or null when an existing build is reused. */
  ms: number | null
  /** Removes a private build. */
  remove(): void
}

/**
 * Builds the sidebar with the project's vite config into a private folder, so a `vite build` run elsewhere at the
 * same time (it empties dist/client first) cannot pull the app from under a running test. E2E_SKIP_BUILD=1 reuses
 * the project's own dist/client instead.
 */
export function buildSidebar(): SidebarBuild {
  if (process.env.E2E_SKIP_BUILD === '1') {
    if (!existsSync(join(ROOT, 'dist/client/index.html')))
      throw new Error('E2E_SKIP_BUILD=1 but there is no dist/client/index.html: run `npx vite build`')
    return { appRoot: ROOT, ms: null, remove: () => undefined }
  }
  const appRoot = mkdtempSync(join(tmpdir(), 'sidebar-e2e-build-'))
  const outDir = join(appRoot, 'dist/client')
  const started = Date.now()
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  )
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`vite build produced no ${outDir}/index.html`)
  return { appRoot, ms: Date.now() - started, remove: () => rmSync(appRoot, { recursive: true, force: true }) }
}

/** Where a test finds the server; plain data, so vitest's globalSetup can hand it to the test files. */
export interface ServerInfo {
  /** http://127.0.0.1:PORT — also the PUBLIC_URL. */
  base: string
  /** The simulator's own origin (loopback, ephemeral port), read from the start-up banner. */
  simUrl: string
  /** The file that receives everything the process writes (stdout and stderr). */
  logFile: string
}

export interface RunningServer extends ServerInfo {
  /** The last `lines` lines of the server's output, for a failure report. */
  tail(lines?: number): string
  stop(): Promise<void>
}

/** The last lines of a server's log file (any process can read it). */
export function logTail(logFile: string, lines = 60): string {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n')
  } catch {
    return `(no log at ${logFile})`
  }
}

/**
 * Spawns `node --import tsx server/main.ts` with only PORT, PUBLIC_URL and DATA_DIR: demo mode, every vendor
 * simulated. `appRoot` (default the project) is its working directory, where it finds dist/client.
 */
export async function startServer(
  options: { appRoot?: string; timeoutMs?: number; extraEnv?: Record<string, string> } = {},
): Promise<RunningServer> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const dataDir = mkdtempSync(join(tmpdir(), 'sidebar-e2e-data-'))
  const env: Record<string, string> = { PORT: String(port), PUBLIC_URL: base, DATA_DIR: dataDir, ...options.extraEnv }
  const appRoot = options.appRoot ?? ROOT
  // Outside the project folder `--import tsx` and tsx's tsconfig lookup must be told where things are.
  const args =
    appRoot === ROOT
      ? ['--import', 'tsx', 'server/main.ts']
      : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, join(ROOT, 'server/main.ts')]
  if (appRoot !== ROOT) env.TSX_TSCONFIG_PATH = join(ROOT, 'tsconfig.server.json')
  // E2E_START_TIMEOUT_MS: a machine shared with other builds may need longer than 45 s for a fresh database.
  const timeoutMs = options.timeoutMs ?? (Number(process.env.E2E_START_TIMEOUT_MS ?? process.env.E2E_SERVER_TIMEOUT_MS) || 45_000)
  const { proc } = await spawnUntil({
    name: 'sidebar-e2e',
    args,
    cwd: appRoot,
    env,
    ready: /Listening on/,
    timeoutMs,
    keepLog: !!process.env.E2E_KEEP_LOG,
  }).catch((err: unknown) => {
    rmSync(dataDir, { recursive: true, force: true })
    throw err
  })
  const stop = async () => {
    await proc.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  const output = proc.output()
  const simUrl = /WeCom\s+simulated \((http:\/\/127\.0\.0\.1:\d+)\)/.exec(output)?.[1]
  if (!simUrl) {
    await stop()
    throw new Error(`no simulator URL in the start-up banner:\n${output}`)
  }
  const { logFile } = proc
  return { base, simUrl, logFile, tail: (lines = 60) => logTail(logFile, lines), stop }
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath} (set CHROMIUM_PATH)`)
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS })
}

/** What a page did that a test may want to see after a failure (or assert is empty). */
export interface PageLog {
  errors: string[]
  console: string[]
}

export function watchPage(page: Page, log: PageLog = { errors: [], console: [] }): PageLog {
  page.on('pageerror', (err) => log.errors.push(`${page.url()}: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') log.console.push(`[${msg.type()}] ${msg.text()}`)
  })
  return log
}

export interface WecomContext {
  context: BrowserContext
  /** Every bridge call of every page in this context, oldest first (kept across navigations). */
  bridgeCalls: BridgeCall[]
  /** Changes what the bridge answers: now in the open pages, and in every page loaded from now on. */
  setBridge(config: BridgeConfig): Promise<void>
}

/** A context that looks like the WeCom client: its user agent and its JS bridge, configured by `bridge`. */
export async function newWecomContext(browser: Browser, bridge: BridgeConfig, options: BrowserContextOptions = {}): Promise<WecomContext> {
  const context = await browser.newContext({ userAgent: WECOM_UA, viewport: { width: 360, height: 720 }, locale: 'zh-CN', ...options })
  const bridgeCalls: BridgeCall[] = []
  await context.exposeBinding(RECORD_BINDING, (_source, call: BridgeCall) => void bridgeCalls.push(call))
  await context.addInitScript({ content: bridgeScript })
  await context.addInitScript({ content: bridgeConfigScript(bridge, 0) })
  let version = 0
  const setBridge = async (config: BridgeConfig) => {
    const script = bridgeConfigScript(config, ++version)
    await context.addInitScript({ content: script })
    for (const page of context.pages()) for (const frame of page.frames()) await frame.evaluate(script).catch(() => undefined)
  }
  return { context, bridgeCalls, setBridge }
}

/** A plain browser (no WeCom user agent, no bridge): the playground. */
export async function newBrowserContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', ...options })
}

export const OAUTH_PATH = '/sim/connect/oauth2/authorize'
export const QR_LOGIN_PATH = '/sim/wwlogin/sso/login'

/** Waits for the simulator's staff page 「企业微信登录（模拟）」 (passed through at /sim/) and picks a staff member. */
export function signInOnOAuthPage(page: Page, userId = 'zhangwei', timeout = 15_000): Promise<void> {
  return pickOnSignInPage(page, OAUTH_PATH, '企业微信登录（模拟）', userId, timeout)
}

/** The same on the simulator's 「企业微信扫码登录（模拟）」, where a desktop browser opening an admin page is sent. */
export function signInByQrCode(page: Page, userId = 'zhangwei', timeout = 15_000): Promise<void> {
  return pickOnSignInPage(page, QR_LOGIN_PATH, '企业微信扫码登录（模拟）', userId, timeout)
}

async function pickOnSignInPage(page: Page, path: string, heading: string, userId: string, timeout: number): Promise<void> {
  const step = async (what: string, run: () => Promise<unknown>) => {
    try {
      await run()
    } catch (err) {
      throw new Error(`${heading}: ${what} (page at ${page.url()}): ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, {
        cause: err,
      })
    }
  }
  await step('the staff page did not open', () => page.waitForURL((url) => url.pathname === path, { timeout, waitUntil: 'commit' }))
  await step('the staff page has no heading', () => page.getByRole('heading', { name: heading, exact: true }).waitFor({ timeout }))
  // The link of that staff member (the page lists name, position and userid).
  await step(`no link for ${userId}`, () => page.locator(`a[href*="login_as=${encodeURIComponent(userId)}"]`).click({ timeout }))
  await step('did not come back from the callback', () =>
    page.waitForURL((url) => url.pathname !== path && !url.pathname.startsWith('/api/auth/'), { timeout, waitUntil: 'commit' }),
  )
}

/** The session cookie's value in this context (`sid`), for calls made outside the browser. */
export async function sessionCookie(context: BrowserContext, base: string): Promise<string | undefined> {
  const cookies = await context.cookies(base)
  return cookies.find((c) => c.name === 'sid')?.value
}

/** Calls the proxy with the context's cookies (shared with the browser: a Set-Cookie answer changes the browser's jar). */
export async function apiGet<T = any>(context: BrowserContext, base: string, path: string): Promise<T> {
  const res = await context.request.get(`${base}${path}`)
  if (!res.ok()) throw new Error(`GET ${path}: ${res.status()} ${await res.text()}`)
  return (await res.json()) as T
}

/** Drives the simulator's /__sim/ controls (loopback only; never through the proxy). */
export async function sim<T = any>(simUrl: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${simUrl}/__sim/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`sim ${method} ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

export interface SimRecord {
  vendor: string
  method: string
  path: string
  query: Record<string, unknown>
  body: any
  at: number
  status?: number
}

export const simRequests = (simUrl: string, vendor?: 'wecom' | 'youmi' | 'wshoto') =>
  sim<SimRecord[]>(simUrl, 'GET', `requests${vendor ? `?vendor=${vendor}` : ''}`)

/** `[data-test="…"]`, the attributes the sidebar's views carry for tests. */
export const dt = (name: string, extra = '') => `[data-test="${name}"]${extra}`

/**
 * The composer's text box. `composer-text` is meant to be the textarea itself; a Vant `<van-field>` carries the
 * attribute on its wrapper instead, so the textarea inside it is accepted too.
 */
export const composerText = (scope: { locator(selector: string): Locator }) =>
  scope.locator('textarea[data-test="composer-text"], [data-test="composer-text"] textarea').first()

/** Where failure screenshots go. */
export function artifactPath(name: string): string {
  const dir = join(tmpdir(), 'sidebar-e2e')
  mkdirSync(dir, { recursive: true })
  return join(dir, `${name.replace(/[^\w.-]+/g, '_').slice(0, 120)}-${Date.now()}.png`)
}

/** Milliseconds from `start` until `run` resolves. */
export async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await run()
  return Math.round(performance.now() - start)
}
