/**
 * The Content-Security-Policy against the real thing: the sidebar built into a temporary folder, the real proxy
 * process in demo mode (server/main.ts, as `npm start` runs it), and Chromium. Every frame reports each
 * `securitypolicyviolation`; the demo's OAuth page, the playground with the sidebar in its frame, the campaigns and
 * a reach, and the sidebar as WeCom opens it (real @wecom/jssdk over a stand-in bridge) must run without one.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoCampaignIds } from '../../server/sim/demo-data.js'
import {
  buildSidebar,
  launchBrowser,
  newBrowserContext,
  newWecomContext,
  signInOnOAuthPage,
  startServer,
  type RunningServer,
  type SidebarBuild,
} from '../e2e/harness.js'
import { demo } from '../helpers/demo.js'
import { EXPECTED_CSP as CSP } from './helpers.js'

interface Violation {
  directive: string
  blocked: string
  source: string
  sample: string
  frame: string
}

let build: SidebarBuild
let server: RunningServer
let browser: Awaited<ReturnType<typeof launchBrowser>>
beforeAll(async () => {
  build = buildSidebar()
  server = await startServer({ appRoot: build.appRoot })
  browser = await launchBrowser()
}, 180_000)
afterAll(async () => {
  await browser?.close().catch(() => undefined)
  await server?.stop()
  build?.remove()
})

const REPORT = '__reportCspViolation'
/** Reports every violation in every frame of the context to `out`, and console lines that speak of the policy. */
async function watchCsp(context: BrowserContext, out: { violations: Violation[]; console: string[]; errors: string[] }) {
  await context.exposeBinding(
    REPORT,
    (source, v: Omit<Violation, 'frame'>) => void out.violations.push({ ...v, frame: source.frame.url() }),
  )
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => window.${REPORT}({
      directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile + ':' + e.lineNumber, sample: e.sample }))`,
  })
  context.on('page', (page) => watchPage(page, out))
}
function watchPage(page: Page, out: { console: string[]; errors: string[] }) {
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) out.console.push(`[${msg.type()}] ${msg.text()}`)
  })
  page.on('pageerror', (err) => out.errors.push(err.message))
}

describe('the built sidebar under the Content-Security-Policy', () => {
  it('the server sends the policy with the page', async () => {
    const res = await fetch(`${server.base}/`)
    expect(res.headers.get('content-security-policy')).toBe(CSP)
  })

  it('the policy is enforced, and this test sees a violation when there is one', async () => {
    const out = { violations: [] as Violation[], console: [] as string[], errors: [] as string[] }
    const context = await newBrowserContext(browser)
    try {
      await watchCsp(context, out)
      const page = await context.newPage()
      // A page under the sidebar's policy (the sign-in failure page), not a JSON answer, whose policy allows nothing.
      await page.goto(`${server.base}/api/auth/callback`)
      // In the page (a string: this file is compiled without the DOM's types).
      const ran = await page.evaluate(`(() => {
        const s = document.createElement('script')
        s.textContent = 'window.injected = true'
        document.head.appendChild(s)
        return window.injected === true
      })()`)
      expect(ran).toBe(false)
      await expect.poll(() => out.violations.length, { timeout: 15_000 }).toBeGreaterThan(0)
      expect(out.violations[0]!.directive).toMatch(/^script-src/)
    } finally {
      await context.close()
    }
  })

  it('the demo: OAuth page, playground with the sidebar framed, campaigns and a reach — no violation', async () => {
    const out = { violations: [] as Violation[], console: [] as string[], errors: [] as string[] }
    const context = await newBrowserContext(browser)
    try {
      await watchCsp(context, out)
      const page = await context.newPage()
      page.setDefaultTimeout(20_000)
      await page.goto(`${server.base}/`)
      await page.waitForURL((url) => url.pathname === '/sim/connect/oauth2/authorize', { waitUntil: 'load' })
      // The OAuth page's inline <style> applies under the policy (its card has rounded corners and a white back).
      expect(await page.evaluate(`getComputedStyle(document.querySelector('main')).borderTopLeftRadius`)).toBe('12px')
      await signInOnOAuthPage(page, 'zhangwei')
      await page.waitForURL((url) => url.pathname === '/playground')
      await page.locator('[data-test="playground-chat-item"]').first().waitFor()
      const sidebar = page.locator('[data-test="playground-sidebar"]').contentFrame()
      await sidebar.locator('[data-test="contact-name"]').waitFor()
      // Customer avatars (through /sim) and the composer's lazy chunk.
      await sidebar.locator('[data-test="composer-text"]').first().waitFor()
      await sidebar.locator('[data-test="tab-campaigns"]').click()
      const taskId = demoCampaignIds[0]!.taskId
      await sidebar.locator(`[data-test="campaign-item"][data-task-id="${taskId}"]`).click()
      await sidebar.locator('[data-test="reach-name"]').waitFor()
      await sidebar.locator('[data-test="reach-targets"]').waitFor()
      await page.waitForTimeout(300)
      expect({ violations: out.violations, console: out.console, errors: out.errors }).toEqual({ violations: [], console: [], errors: [] })
    } finally {
      await context.close()
    }
  })

  it('in WeCom: the real JS-SDK signs in, reads the chat and sends into it — no violation', async () => {
    const out = { violations: [] as Violation[], console: [] as string[], errors: [] as string[] }
    const { context, bridgeCalls } = await newWecomContext(browser, {
      context: 'single_chat_tools',
      externalUserId: demo.linked.externalUserId,
    })
    try {
      await watchCsp(context, out)
      const page = await context.newPage()
      page.setDefaultTimeout(20_000)
      await page.goto(`${server.base}/`)
      await signInOnOAuthPage(page, 'zhangwei')
      await page.locator('[data-test="contact-name"]').waitFor()
      await page.locator('[data-test="channel-chat"]').click()
      await page.locator('textarea[data-test="composer-text"], [data-test="composer-text"] textarea').first().fill(`CSP 检查 ${Date.now()}`)
      await page.locator('[data-test="send-button"]').click()
      await expect.poll(() => bridgeCalls.filter((c) => c.name === 'sendChatMessage').length, { timeout: 15_000 }).toBe(1)
      expect(bridgeCalls.map((c) => c.name)).toEqual(expect.arrayContaining(['agentConfig', 'getContext', 'getCurExternalContact']))
      await page.waitForTimeout(300)
      expect({ violations: out.violations, console: out.console, errors: out.errors }).toEqual({ violations: [], console: [], errors: [] })
    } finally {
      await context.close()
    }
  })
})
