/**
 * 企客聊: the sidebar opened the way 企客聊 opens it — by URL, with an encrypted identity (`/api/qikeliao/enter?Type=WL
 * &PKID=…&time=…&neber=…&UserID=…`), in a plain browser with no WeCom and no JS bridge — minted by the demo with the
 * proxy's made-up keys. It shows the customer the payload names and sends through Youmi only, with the payload's
 * identity in the recorded task. And the playground's 「企客聊」 switch does the same beside the simulated chat.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { demoContacts, demoYoumiLinks } from '../../server/sim/demo-data.js'
import { apiGet, artifactPath, signInOnOAuthPage, simRequests } from './harness.js'
import { by, composerText, expectAttr, expectText, scenario, useE2E } from './fixtures.js'

const e2e = useE2E()
const linked = new Set(demoYoumiLinks.map((l) => l.externalUserId))
const zhangweis = demoContacts.filter((c) => c.follows.some((f) => f.userId === 'zhangwei'))
const [customer, other] = zhangweis.filter(
  (c) => linked.has(c.externalUserId) && c.follows.find((f) => f.userId === 'zhangwei')!.remarkMobiles.length,
)
const unlinked = zhangweis.find((c) => !linked.has(c.externalUserId))!
const youmiOf = (externalUserId: string) => demoYoumiLinks.find((l) => l.externalUserId === externalUserId)!.youmi
const phoneOf = (c: (typeof demoContacts)[number]) => c.follows.find((f) => f.userId === 'zhangwei')!.remarkMobiles[0]!
const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`

describe('企客聊 (plain browser, demo mode)', () => {
  it('a minted entry link opens the sidebar for the customer; text and link go to Youmi with the identity the payload carried', async () => {
    const base = e2e.server.base
    // A staff member signs in to the demo so it will mint a link for one of their customers (the demo's stand-in for 企客聊).
    const minter = await scenario(e2e, 'qikeliao-minter')
    await minter.page.goto(`${base}/`)
    await signInOnOAuthPage(minter.page, 'zhangwei')
    await minter.page.waitForURL((url) => url.pathname === '/playground')
    const { url } = await apiGet<{ url: string }>(minter.context, base, `/api/demo/qikeliao-entry?contact=${customer!.externalUserId}`)
    const entry = new URLSearchParams(url.split('?')[1])
    expect([...entry.keys()]).toEqual(['Type', 'PKID', 'time', 'neber', 'UserID'])

    // 企客聊's sidebar: a fresh browser (no session, no WeCom user agent) opens the link.
    const { page, context, log } = await scenario(e2e, 'qikeliao-sidebar')
    await page.setViewportSize({ width: 375, height: 812 })
    await page.goto(`${base}${url}`)
    await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('host') === 'qikeliao')
    const friendId = new URL(page.url()).searchParams.get('friend')!
    const y = youmiOf(customer!.externalUserId)
    await expectText(by(page, 'friend-name'), y.objectNickname)
    await expectText(by(page, 'friend-phone'), masked(phoneOf(customer!)))
    await expectText(by(page, 'friend-badge'), '企客聊')
    const friend = await apiGet<{ wechatId: string }>(context, base, `/api/friends/${friendId}`)
    expect(friend.wechatId).toMatch(/^wxid_/)
    await expectText(by(page, 'friend-wechat-id'), friend.wechatId)
    expect(await by(page, 'friend-card').textContent()).not.toContain(phoneOf(customer!))
    const session = await apiGet<{ host: string; userId: string }>(context, base, '/api/session')
    expect(session).toMatchObject({ host: 'qikeliao', userId: 'zhangwei' })

    // Only 定时群发: 发到聊天 is not offered at all.
    await expectAttr(by(page, 'channel-rpa'), 'aria-checked', ['true'])
    expect(await by(page, 'channel-chat').count()).toBe(0)
    const shot = artifactPath('qikeliao-customer-375')
    await page.screenshot({ path: shot, fullPage: true })
    console.info(`[e2e] 企客聊 customer view (375 px): ${shot}`)

    const expectedMass = {
      ad_wechat_id: y.adWechatId,
      machine_key: y.machineKey,
      object_id: y.objectId,
      object_nickname: y.objectNickname,
      belong_staff_code: 'zhangwei',
    }

    // A text, now.
    const text = `企客聊端到端测试 ${Date.now()}`
    let since = Date.now()
    await by(page, 'schedule-option', '[data-value="now"]').click()
    await composerText(page).fill(text)
    await by(page, 'send-button').click()
    await expectAttr(by(page, 'send-progress').first(), 'data-phase', ['submitted'])
    let saves = (await simRequests(e2e.server.simUrl, 'youmi')).filter((r) => r.path === '/v2/BulkSend/SaveBulkSendTask' && r.at >= since)
    expect(saves).toHaveLength(1)
    expect(saves[0]!.body.listMass).toHaveLength(1)
    expect(saves[0]!.body.listMass[0]).toMatchObject(expectedMass)
    expect(JSON.parse(saves[0]!.body.bulksend.task_content)).toEqual([{ type: '0', data: { content: text } }])
    await expectText(by(page, 'send-item').first(), text)

    // A link, now.
    since = Date.now()
    const link = { url: `https://example.com/qikeliao/${Date.now()}`, title: '企客聊链接卡片' }
    await by(page, 'composer-link-toggle').click()
    await by(page, 'composer-link-url').locator('input').fill(link.url)
    await by(page, 'composer-link-title').locator('input').fill(link.title)
    await by(page, 'send-button').click()
    await expect
      .poll(
        async () =>
          (await simRequests(e2e.server.simUrl, 'youmi')).filter((r) => r.path === '/v2/BulkSend/SaveBulkSendTask' && r.at >= since).length,
      )
      .toBe(1)
    saves = (await simRequests(e2e.server.simUrl, 'youmi')).filter((r) => r.path === '/v2/BulkSend/SaveBulkSendTask' && r.at >= since)
    expect(saves[0]!.body.listMass[0]).toMatchObject(expectedMass)
    expect(JSON.parse(saves[0]!.body.bulksend.task_content)).toEqual([
      { type: '3', data: expect.objectContaining({ title: link.title, linkUrl: link.url }) },
    ])
    await expectAttr(by(page, 'send-progress').first(), 'data-phase', ['submitted'])

    // The same link again is a replay; and the server's log never saw the link's secrets.
    const again = await context.request.get(`${base}${url}`, { maxRedirects: 0 })
    expect(again.status()).toBe(401)
    expect(await again.text()).toContain('QIKELIAO_REPLAYED')
    const serverLog = readFileSync(e2e.server.logFile, 'utf8')
    for (const secret of [entry.get('PKID')!, entry.get('UserID')!, encodeURIComponent(entry.get('PKID')!), phoneOf(customer!)])
      expect(serverLog).not.toContain(secret)
    expect(serverLog).toContain('QIKELIAO_ENTERED')

    // Campaigns and reach work as in WeCom, and coming back still shows the 企客聊 customer.
    await by(page, 'tab-campaigns').click()
    await by(page, 'campaign-item', '[data-task-id="30101"]').click()
    await by(page, 'reach-name').waitFor()
    expect(new URL(page.url()).pathname).toBe('/campaigns/30101')
    await by(page, 'tab-customer').click()
    await expectText(by(page, 'friend-name'), y.objectNickname)
    expect(log.errors).toEqual([])
  })

  it("the playground's 「企客聊」 switch opens the sidebar through an entry link for the selected customer, with no configuration", async () => {
    const { page, log, context } = await scenario(e2e, 'qikeliao-playground')
    const base = e2e.server.base
    await page.goto(`${base}/`)
    await signInOnOAuthPage(page, 'zhangwei')
    await page.waitForURL((url) => url.pathname === '/playground')
    await by(page, 'playground-chat-item', `[data-contact-id="${customer!.externalUserId}"]`).click()
    const sidebar = by(page, 'playground-sidebar').contentFrame()
    await expectText(by(sidebar, 'contact-name'), customer!.name)

    await by(page, 'playground-host-qikeliao').click()
    await expectAttr(by(page, 'playground-host-qikeliao'), 'aria-checked', ['true'])
    // 企客聊 has no bridge: the frame is opened through a freshly minted entry link.
    await expect
      .poll(async () => (await by(page, 'playground-sidebar').getAttribute('src')) ?? '')
      .toMatch(/^\/api\/qikeliao\/enter\?Type=WL&PKID=/)
    await expectText(by(sidebar, 'friend-name'), youmiOf(customer!.externalUserId).objectNickname)
    expect(await by(sidebar, 'channel-chat').count()).toBe(0)

    // Another customer: 企客聊 opens the page again, for them.
    await by(page, 'playground-chat-item', `[data-contact-id="${other!.externalUserId}"]`).click()
    await expectText(by(sidebar, 'friend-name'), youmiOf(other!.externalUserId).objectNickname)
    await page.setViewportSize({ width: 375, height: 812 })
    await by(page, 'playground-pane-sidebar').click()
    const shot = artifactPath('playground-qikeliao-375')
    await page.screenshot({ path: shot, fullPage: true })
    console.info(`[e2e] playground 企客聊 switch (375 px): ${shot}`)
    await page.setViewportSize({ width: 1280, height: 800 })

    // A customer without a Youmi identity cannot be opened in 企客聊: the panel says so.
    await by(page, 'playground-chat-item', `[data-contact-id="${unlinked.externalUserId}"]`).click()
    await expectText(by(page, 'playground-qikeliao-unavailable'), '友米')

    // 企客聊's session is not WeCom's: while it is the browser's, WeCom's customers are refused (403 WRONG_HOST).
    const inQikeliao = await context.request.get(`${base}/api/contacts/${unlinked.externalUserId}`)
    expect([inQikeliao.status(), (await inQikeliao.json()).code]).toEqual([403, 'WRONG_HOST'])

    // Back to WeCom: the WeCom staff member is signed back in (admin rights and all), the bridge drives the sidebar again.
    await by(page, 'playground-host-wecom').click()
    await expectText(by(sidebar, 'contact-name'), unlinked.name)
    await by(sidebar, 'channel-chat').waitFor()
    expect(await apiGet(context, base, '/api/session')).toMatchObject({ host: 'wecom', userId: 'zhangwei', isAdmin: true })
    // And the admin's pages open for them, as before the switch.
    const admin = await context.newPage()
    await admin.goto(`${base}/admin/materials`)
    await by(admin, 'admin-new').waitFor()
    await admin.close()
    expect(log.errors).toEqual([])
  })
})
