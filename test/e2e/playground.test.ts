/**
 * The playground: a plain browser (no WeCom) in demo mode lands on /playground after the simulated OAuth, picks a
 * demo customer's chat, and the sidebar in the iframe follows; 发到聊天 puts a staff bubble into the simulated chat.
 */
import { describe, expect, it } from 'vitest'
import { demoContacts } from '../../server/sim/demo-data.js'
import { apiGet, signInOnOAuthPage } from './harness.js'
import { by, composerText, expectAttr, expectText, scenario, textOf, useE2E } from './fixtures.js'

const e2e = useE2E()
const zhangweis = demoContacts.filter((c) => c.follows.some((f) => f.userId === 'zhangwei'))
const [first, second] = [zhangweis[0]!, zhangweis[1]!]

describe('the playground (plain browser, demo mode)', () => {
  it('lands on /playground after OAuth, the sidebar follows the chosen customer, and 发到聊天 adds a staff bubble', async () => {
    const { page, context, log } = await scenario(e2e, 'playground')
    const base = e2e.server.base
    // What the page itself fetched (the sidebar's frame is the sidebar's business; it may draw Vant icons).
    const requested: string[] = []
    page.on('request', (request) => {
      if (request.frame() === page.mainFrame()) requested.push(request.url())
    })
    await page.goto(`${base}/`)
    await signInOnOAuthPage(page, 'zhangwei')
    await page.waitForURL((url) => url.pathname === '/playground')
    await by(page, 'playground').waitFor()

    // Every demo customer of the signed-in staff member is in the chat list.
    await by(page, 'playground-chat-item').first().waitFor()
    const ids = await Promise.all((await by(page, 'playground-chat-item').all()).map((item) => item.getAttribute('data-contact-id')))
    expect(ids).toEqual(expect.arrayContaining(zhangweis.map((c) => c.externalUserId)))

    const sidebar = by(page, 'playground-sidebar').contentFrame()
    for (const customer of [first, second]) {
      await by(page, 'playground-chat-item', `[data-contact-id="${customer.externalUserId}"]`).click()
      const remark = customer.follows.find((f) => f.userId === 'zhangwei')!.remark
      await expect
        .poll(() => textOf(by(page, 'playground-chat-title')).catch(() => ''), { timeout: 15_000 })
        .toMatch(new RegExp(`${customer.name}|${remark}`))
      await expectText(by(sidebar, 'contact-name'), customer.name)
    }

    // The sidebar's title bar says the app's whole name beside both switches (1280 px: the sidebar is WeCom's 360 px).
    const name = page.locator('.sidebar-panel .app-name')
    expect(await name.evaluate((el) => ({ text: el.textContent, cut: el.scrollWidth > el.clientWidth }))).toEqual({
      text: '客户助手',
      cut: false,
    })
    // The demo's admin (张伟) finds the admin pages from the banner.
    expect(await by(page, 'playground-admin-link').getAttribute('href')).toBe('/admin/materials')

    // The page draws its icons inline: it fetches no Vant icon font (26 KB, which came before the sidebar's name).
    expect(requested.filter((url) => /\/assets\/vant-icon-/.test(url))).toEqual([])

    const text = `演练场端到端测试 ${Date.now()}`
    await by(sidebar, 'channel-chat').click()
    await composerText(sidebar).fill(text)
    await by(sidebar, 'send-button').click()
    await by(page, 'playground-message', '[data-from="staff"]').filter({ hasText: text }).waitFor()
    await expectAttr(by(sidebar, 'send-progress').first(), 'data-phase', ['sent'])

    const sends = await apiGet<{ items: { status: string; channel: string; content: { text?: string }[] }[] }>(
      context,
      base,
      `/api/sends?contact=${second.externalUserId}&limit=50`,
    )
    expect(sends.items.find((s) => s.content.some((c) => c.text === text))).toMatchObject({ channel: 'chat', status: 'sent' })
    expect(log.errors).toEqual([])
  })
})
