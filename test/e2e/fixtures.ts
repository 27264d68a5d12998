/**
 * vitest glue for the harness: one server and one Chromium per test file, a new context per scenario, and on a
 * failure the server's output tail, the page's errors and a screenshot in /tmp/sidebar-e2e/.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect, inject, onTestFinished } from 'vitest'
import {
  artifactPath,
  dt,
  launchBrowser,
  logTail,
  newBrowserContext,
  newWecomContext,
  watchPage,
  type PageLog,
  type ServerInfo,
} from './harness.js'

export { composerText } from './harness.js'
import type { BridgeCall, BridgeConfig } from './wecom-bridge.js'
import { describeFailures, watchReadable, type ReadableFailure } from './readable.js'

export interface E2E {
  readonly server: ServerInfo & { tail(lines?: number): string }
  readonly browser: Browser
}

/** The server started by global-setup.ts, and a Chromium for this file (launched in beforeAll, closed in afterAll). */
export function useE2E(): E2E {
  const info = inject('e2eServer')
  const server = { ...info, tail: (lines?: number) => logTail(info.logFile, lines) }
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close().catch(() => undefined)
  })
  return {
    server,
    get browser() {
      if (!browser) throw new Error('browser not started')
      return browser
    },
  }
}

export interface ScenarioOptions {
  /** Makes the context the WeCom client (user agent and bridge); without it, a plain desktop browser. */
  wecom?: BridgeConfig
  colorScheme?: 'light' | 'dark'
}

export interface Scenario {
  context: BrowserContext
  page: Page
  log: PageLog
  /** Bridge calls of every page of the context (WeCom scenarios only; empty otherwise). */
  bridgeCalls: BridgeCall[]
  /** Toasts and dialogs shown so far whose text fails WCAG AA contrast (readable.ts): a scenario ends failed with any. */
  readable: ReadableFailure[]
  /** Changes the bridge's answers (WeCom scenarios only). */
  setBridge(config: BridgeConfig): Promise<void>
  /** Opens another page in the same context, watched like the first. */
  newPage(): Promise<Page>
  /** Prints what helps after a failure and saves a screenshot of every open page. */
  report(title: string): Promise<void>
  close(): Promise<void>
}

export async function openScenario(e2e: E2E, name: string, options: ScenarioOptions = {}): Promise<Scenario> {
  const log: PageLog = { errors: [], console: [] }
  let context: BrowserContext
  let bridgeCalls: BridgeCall[] = []
  let setBridge: (config: BridgeConfig) => Promise<void> = async () => {
    throw new Error('not a WeCom scenario')
  }
  if (options.wecom) {
    const made = await newWecomContext(e2e.browser, options.wecom, { colorScheme: options.colorScheme ?? 'light' })
    ;({ context, bridgeCalls, setBridge } = made)
  } else {
    context = await newBrowserContext(e2e.browser, { colorScheme: options.colorScheme ?? 'light' })
  }
  const readable: ReadableFailure[] = []
  await watchReadable(context, readable)
  const pages: Page[] = []
  const newPage = async () => {
    const p = await context.newPage()
    watchPage(p, log)
    p.setDefaultTimeout(15_000)
    pages.push(p)
    return p
  }
  const page = await newPage()

  const report = async (title: string) => {
    const shots: string[] = []
    for (const p of pages) {
      if (p.isClosed()) continue
      const file = artifactPath(`${name}-${title}`)
      await p.screenshot({ path: file, fullPage: true, timeout: 5000 }).then(
        () => shots.push(`${file} (${p.url()})`),
        () => undefined,
      )
    }
    console.error(
      [
        `[e2e] ✗ ${name} › ${title}`,
        `screenshots: ${shots.join(', ') || 'none'}`,
        `page errors:\n  ${log.errors.join('\n  ') || '(none)'}`,
        `console errors/warnings:\n  ${log.console.slice(-20).join('\n  ') || '(none)'}`,
        bridgeCalls.length ? `bridge calls: ${bridgeCalls.map((c) => c.name).join(', ')}` : '',
        `server output (tail):\n${e2e.server.tail(40)}`,
      ]
        .filter(Boolean)
        .join('\n'),
    )
  }
  return { context, page, log, readable, bridgeCalls, setBridge, newPage, report, close: () => context.close().catch(() => undefined) }
}

/** A scenario for the running test only: closed when it finishes, reported when it fails. */
export async function scenario(e2e: E2E, name: string, options: ScenarioOptions = {}): Promise<Scenario> {
  const s = await openScenario(e2e, name, options)
  // One hook for both: vitest runs onTestFinished before onTestFailed, and the screenshot needs the open context.
  onTestFinished(async ({ task }) => {
    if (task.result?.state === 'fail') await s.report(task.name)
    await s.close()
  })
  onTestFinished(() => expectReadable(s))
  return s
}

/**
 * One scenario shared by the tests of a describe block (steps of one story, reported one by one): opened in
 * beforeAll, reported after each failed step, closed in afterAll.
 */
export function sharedScenario(e2e: E2E, name: string, options: ScenarioOptions = {}): { readonly current: Scenario } {
  let s: Scenario | undefined
  beforeAll(async () => {
    s = await openScenario(e2e, name, options)
  })
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await s?.report(task.name)
    if (s) expectReadable(s)
  })
  afterAll(async () => {
    await s?.close()
  })
  return {
    get current() {
      if (!s) throw new Error('scenario not open')
      return s
    },
  }
}

/** Fails on any toast or dialog the scenario showed with text below WCAG AA contrast; reported once. */
function expectReadable(s: Scenario): void {
  const found = s.readable.splice(0)
  expect(found, `unreadable toasts or dialogs:\n${describeFailures(found)}`).toEqual([])
}

// ---- small UI helpers ---------------------------------------------------------------------------------------------

export const by = (scope: { locator(selector: string): Locator }, name: string, extra = '') => scope.locator(dt(name, extra))

export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent({ timeout: 5000 })) ?? '').replace(/\s+/g, ' ').trim()
}

/** Waits until the element's text contains `expected`. */
export async function expectText(locator: Locator, expected: string, timeout = 15_000): Promise<void> {
  await expect.poll(() => textOf(locator).catch(() => ''), { timeout, message: `text of ${locator}` }).toContain(expected)
}

/** Waits until the element's attribute is one of `values`. */
export async function expectAttr(locator: Locator, name: string, values: string[], timeout = 15_000): Promise<string> {
  await expect
    .poll(() => locator.getAttribute(name, { timeout: 1000 }).catch(() => null), { timeout, message: `${name} of ${locator}` })
    .toSatisfy((v: string | null) => v !== null && values.includes(v))
  return (await locator.getAttribute(name))!
}

/** The one number an element shows (`1,234`, `860 人`, `12`). */
export function numberIn(text: string): number {
  const m = /-?\d[\d,]*(\.\d+)?/.exec(text)
  if (!m) throw new Error(`no number in "${text}"`)
  return Number(m[0].replace(/,/g, ''))
}
