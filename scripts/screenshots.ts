/**
 * Screenshots for the docs, taken from the real app in demo mode with the e2e harness (test/e2e/harness.ts):
 *
 *   npx tsx scripts/screenshots.ts            (E2E_SKIP_BUILD=1 reuses dist/client; CHROMIUM_PATH overrides Chromium)
 *
 * Writes docs/screenshots/: customer.png, composer-sending.png, reach.png, group-members.png (360x720 at device scale
 * 2, light), the same with -dark, and playground.png (1280x800). Not part of `npm test`.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page, Route } from 'playwright-core'
import { demoContacts, demoGroupIds, demoYoumiLinks } from '../server/sim/demo-data.js'
import {
  apiGet,
  artifactPath,
  buildSidebar,
  composerText,
  dt,
  launchBrowser,
  newBrowserContext,
  newWecomContext,
  ROOT,
  signInOnOAuthPage,
  startServer,
  type RunningServer,
} from '../test/e2e/harness.js'

const OUT = join(ROOT, 'docs/screenshots')
const HOLD_SEND_MS = 4000

// A customer of zhangwei's with a Youmi identity, so both channels are open in the composer.
const linked = new Set(demoYoumiLinks.map((l) => l.externalUserId))
const customer = demoContacts.find((c) => linked.has(c.externalUserId) && c.follows.some((f) => f.userId === 'zhangwei'))!

async function failureShot(page: Page, name: string): Promise<void> {
  const file = artifactPath(`screenshots-${name}`)
  await page.screenshot({ path: file, fullPage: true }).then(
    () => console.error(`what the page showed: ${file} (${page.url()})`),
    () => undefined,
  )
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined)
  // Vant's transitions and the reach rings' animation.
  await page.waitForTimeout(600)
}

interface ReachSummary {
  taskId: number
  type: { target: string }
  status: { inProgress: boolean }
}

async function sidebarShots(browser: Browser, server: RunningServer, scheme: 'light' | 'dark'): Promise<string[]> {
  const suffix = scheme === 'dark' ? '-dark' : ''
  const { context } = await newWecomContext(
    browser,
    { context: 'single_chat_tools', externalUserId: customer.externalUserId },
    { viewport: { width: 360, height: 720 }, deviceScaleFactor: 2, colorScheme: scheme },
  )
  const written: string[] = []
  const page = await context.newPage()
  try {
    page.setDefaultTimeout(20_000)
    await page.goto(`${server.base}/`)
    await signInOnOAuthPage(page, 'zhangwei')
    await page.locator(dt('contact-name')).waitFor()
    await settle(page)
    const customerShot = join(OUT, `customer${suffix}.png`)
    await page.screenshot({ path: customerShot })
    written.push(customerShot)

    // The composer mid-send: the proxy's answer is held back so the progress stays on screen.
    let release: () => void = () => undefined
    const held = new Promise<void>((r) => (release = r))
    await page.route('**/api/sends', async (route: Route) => {
      if (route.request().method() !== 'POST') return route.continue()
      await Promise.race([held, new Promise((r) => setTimeout(r, HOLD_SEND_MS * 3))])
      return route.continue()
    })
    await page.locator(dt('channel-rpa')).click()
    await composerText(page).fill('您好，双十一全屋智能焕新季已开启预约：门锁、照明、扫地机器人全场 8 折起，预约到店再领 200 元安装券。')
    await page.locator(dt('send-button')).click()
    const progress = page.locator(dt('send-progress')).first()
    await progress.waitFor()
    // Centred: the tab bar is fixed at the bottom and would cover it.
    await page.evaluate(`document.querySelector('[data-test="send-progress"]').scrollIntoView({ block: 'center' })`)
    await page.waitForTimeout(400)
    const sendingShot = join(OUT, `composer-sending${suffix}.png`)
    await page.screenshot({ path: sendingShot })
    written.push(sendingShot)
    await page.waitForTimeout(HOLD_SEND_MS - 400)
    release()
    // A locator, not waitForFunction: the page's CSP refuses evaluated strings.
    await page
      .locator(dt('send-progress'))
      .first()
      .and(page.locator(['submitted', 'scheduled', 'failed', 'unknown'].map((p) => `[data-phase="${p}"]`).join(',')))
      .waitFor()
    await page.unroute('**/api/sends')

    // The reach of an in-progress campaign to customers, opened from the campaigns tab.
    const { items } = await apiGet<{ items: { taskId: number }[] }>(context, server.base, '/api/campaigns')
    let chosen: number | undefined
    for (const { taskId } of items) {
      const reach = await apiGet<ReachSummary>(context, server.base, `/api/campaigns/${taskId}/reach`).catch(() => null)
      if (reach?.type.target === 'customer' && reach.status.inProgress) {
        chosen = taskId
        break
      }
    }
    if (chosen === undefined) throw new Error('no in-progress customer campaign in the demo data')
    // A few measurements for its trend chart: a pull asks WShoto again once 2 s have passed since the last.
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 2_100))
      await apiGet(context, server.base, `/api/campaigns/${chosen}/reach?refresh=1`)
    }
    await page.locator(dt('tab-campaigns')).click()
    await page.locator(dt('campaign-item', `[data-task-id="${chosen}"]`)).click()
    await page.locator(dt('reach-targets-planned')).waitFor()
    await settle(page)
    const reachShot = join(OUT, `reach${suffix}.png`)
    await page.screenshot({ path: reachShot })
    written.push(reachShot)
  } catch (err) {
    await failureShot(page, `sidebar-${scheme}`)
    throw err
  } finally {
    await context.close()
  }
  return written
}

/** A customer group's card with its members sheet open (a group lina owns, zhangwei in it). */
async function groupShot(browser: Browser, server: RunningServer, scheme: 'light' | 'dark'): Promise<string> {
  const { context } = await newWecomContext(
    browser,
    { context: 'group_chat_tools', chatId: demoGroupIds.showroom },
    { viewport: { width: 360, height: 720 }, deviceScaleFactor: 2, colorScheme: scheme },
  )
  const page = await context.newPage()
  try {
    page.setDefaultTimeout(20_000)
    await page.goto(`${server.base}/`)
    await signInOnOAuthPage(page, 'zhangwei')
    await page.locator(dt('group-members-open')).click()
    await page.locator(dt('group-member')).first().waitFor()
    await settle(page)
    const file = join(OUT, `group-members${scheme === 'dark' ? '-dark' : ''}.png`)
    await page.screenshot({ path: file })
    return file
  } catch (err) {
    await failureShot(page, `group-${scheme}`)
    throw err
  } finally {
    await context.close()
  }
}

async function playgroundShot(browser: Browser, server: RunningServer): Promise<string> {
  const context = await newBrowserContext(browser, { viewport: { width: 1280, height: 800 }, colorScheme: 'light' })
  const page = await context.newPage()
  try {
    page.setDefaultTimeout(20_000)
    await page.goto(`${server.base}/`)
    await signInOnOAuthPage(page, 'zhangwei')
    await page.waitForURL((url) => url.pathname === '/playground')
    await page.locator(dt('playground-chat-item', `[data-contact-id="${customer.externalUserId}"]`)).click()
    const sidebar = page.locator(dt('playground-sidebar')).contentFrame()
    await sidebar.locator(dt('contact-name')).waitFor()
    await settle(page)
    const file = join(OUT, 'playground.png')
    await page.screenshot({ path: file })
    return file
  } catch (err) {
    await failureShot(page, 'playground')
    throw err
  } finally {
    await context.close()
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  const build = buildSidebar()
  if (build.ms !== null) console.log(`built the sidebar in ${build.ms} ms`)
  const server = await startServer({ appRoot: build.appRoot, timeoutMs: 180_000 }).catch((err: unknown) => {
    build.remove()
    throw err
  })
  // Ctrl-C: no server or build folder left behind.
  process.once('SIGINT', () => void server.stop().finally(() => (build.remove(), process.exit(130))))
  let browser: Browser | undefined
  try {
    browser = await launchBrowser()
    const written = [
      ...(await sidebarShots(browser, server, 'light')),
      ...(await sidebarShots(browser, server, 'dark')),
      await groupShot(browser, server, 'light'),
      await groupShot(browser, server, 'dark'),
      await playgroundShot(browser, server),
    ]
    for (const file of written) console.log(`wrote ${file.slice(ROOT.length + 1)}`)
  } catch (err) {
    console.error(`screenshots failed: ${err instanceof Error ? err.message : String(err)}\n\nserver output (tail):\n${server.tail(40)}`)
    process.exitCode = 1
  } finally {
    await browser?.close().catch(() => undefined)
    await server.stop()
    build.remove()
  }
}

await main()
