/**
 * What staff see when something goes wrong: WeCom refusing the customer's context, the proxy failing a send, and a
 * session that ended on the server while the sidebar stayed open.
 */
import type { Route } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demo } from '../helpers/demo.js'
import { OAUTH_PATH, sessionCookie, signInOnOAuthPage, simRequests } from './harness.js'
import { by, composerText, expectAttr, expectText, scenario, useE2E } from './fixtures.js'

const e2e = useE2E()
const customer = demo.linked
const bridge = { context: 'single_chat_tools', externalUserId: customer.externalUserId }

describe('error paths', () => {
  it('WeCom answers getCurExternalContact:fail no permission → the no-permission message (客户联系) and a retry that works', async () => {
    const s = await scenario(e2e, 'no-permission', {
      wecom: { ...bridge, failures: { getCurExternalContact: 'getCurExternalContact:fail no permission' } },
    })
    await s.page.goto(`${e2e.server.base}/`)
    await signInOnOAuthPage(s.page, 'zhangwei')
    await expectText(by(s.page, 'host-error'), '客户联系')
    await by(s.page, 'host-retry').waitFor()
    expect(s.log.errors).toEqual([])

    // The admin fixed the permission: retrying now shows the customer.
    await s.setBridge(bridge)
    const asked = s.bridgeCalls.filter((c) => c.name === 'getCurExternalContact').length
    await by(s.page, 'host-retry').click()
    await expectText(by(s.page, 'contact-name'), customer.name)
    expect(s.bridgeCalls.filter((c) => c.name === 'getCurExternalContact').length).toBeGreaterThan(asked)
    expect(s.log.errors).toEqual([])
  })

  it('a customer another colleague added is named so (不是你的客户), not as a fault, and no 重试 is offered', async () => {
    const s = await scenario(e2e, 'not-yours', { wecom: { ...bridge, externalUserId: demo.notZhangweis.externalUserId } })
    await s.page.goto(`${e2e.server.base}/`)
    await signInOnOAuthPage(s.page, 'zhangwei')
    const panel = by(s.page, 'state-panel').filter({ hasText: '不是你的客户' })
    await panel.waitFor()
    expect(await panel.textContent()).not.toContain('没能读取')
    expect(await by(s.page, 'contact-retry').count()).toBe(0)
    expect(s.log.errors).toEqual([])
  })

  it('the proxy answers 502 on send → 发送失败 with the reason; retry succeeds with the same idempotencyKey', async () => {
    const s = await scenario(e2e, 'send-502', { wecom: bridge })
    await s.page.goto(`${e2e.server.base}/`)
    await signInOnOAuthPage(s.page, 'zhangwei')
    await expectText(by(s.page, 'contact-name'), customer.name)

    const posts: { idempotencyKey: string; content: unknown }[] = []
    await s.page.route('**/api/sends', async (route: Route) => {
      const request = route.request()
      if (request.method() !== 'POST') return route.continue()
      posts.push(request.postDataJSON())
      if (posts.length === 1) {
        return route.fulfill({
          status: 502,
          contentType: 'application/json',
          body: JSON.stringify({ code: 'UPSTREAM_UNAVAILABLE', message: '友米暂时无法连接，请稍后重试。' }),
        })
      }
      return route.continue()
    })

    const text = `第一次失败的发送 ${Date.now()}`
    const since = Date.now()
    await by(s.page, 'channel-rpa').click()
    await composerText(s.page).fill(text)
    await by(s.page, 'send-button').click()

    const progress = by(s.page, 'send-progress').first()
    await expectAttr(progress, 'data-phase', ['failed'])
    await expectText(progress, '发送失败')
    await expectText(by(s.page, 'send-error'), '友米暂时无法连接，请稍后重试。')
    await by(s.page, 'send-retry').click()
    await expectAttr(by(s.page, 'send-progress').first(), 'data-phase', ['submitted', 'scheduled'])

    expect(posts).toHaveLength(2)
    expect(posts[1]!.idempotencyKey).toBe(posts[0]!.idempotencyKey)
    expect(posts[1]!.content).toEqual(posts[0]!.content)
    const saves = (await simRequests(e2e.server.simUrl, 'youmi')).filter((r) => r.path === '/v2/BulkSend/SaveBulkSendTask' && r.at >= since)
    expect(saves).toHaveLength(1)
    expect(s.log.errors).toEqual([])
  })

  it('a 发送 the ended session refused: after signing in again the words are back, marked as not sent', async () => {
    const s = await scenario(e2e, 'expired-send', { wecom: bridge })
    const base = e2e.server.base
    await s.page.goto(`${base}/`)
    await signInOnOAuthPage(s.page, 'zhangwei')
    await expectText(by(s.page, 'contact-name'), customer.name)
    await s.page.waitForLoadState('networkidle')
    const text = `会话过期测试 ${Date.now()}`
    await composerText(s.page).fill(text)

    const sid = await sessionCookie(s.context, base)
    expect((await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { cookie: `sid=${sid}` } })).status).toBe(204)
    await Promise.all([
      s.page.waitForURL((url) => url.pathname === OAUTH_PATH, { timeout: 15_000, waitUntil: 'commit' }),
      by(s.page, 'send-button').click(),
    ])
    await signInOnOAuthPage(s.page, 'zhangwei')
    await expectText(by(s.page, 'composer-unsent'), '没有发出')
    expect(await composerText(s.page).inputValue()).toBe(text)
    // Nothing went out: no message into the chat, and the proxy recorded no send.
    expect(s.bridgeCalls.filter((c) => c.name === 'sendChatMessage')).toEqual([])
    const recent = await s.context.request.get(`${base}/api/sends?contact=${customer.externalUserId}&limit=50`)
    expect(
      ((await recent.json()) as { items: { content: { text?: string }[] }[] }).items.some((i) => i.content.some((c) => c.text === text)),
    ).toBe(false)
    expect(s.log.errors).toEqual([])
  })

  it('a session ended on the server → the next action signs in again through OAuth and comes back signed in', async () => {
    const s = await scenario(e2e, 'expired-session', { wecom: bridge })
    const base = e2e.server.base
    await s.page.goto(`${base}/`)
    await signInOnOAuthPage(s.page, 'zhangwei')
    await expectText(by(s.page, 'contact-name'), customer.name)
    // Everything the view asks for on opening (recent sends, …) answered: the action below is what meets the 401.
    await s.page.waitForLoadState('networkidle')

    // End the session server-side without the browser knowing: its cookie stays, now pointing at nothing.
    const sid = await sessionCookie(s.context, base)
    expect(sid).toBeTruthy()
    const logout = await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { cookie: `sid=${sid}` } })
    expect(logout.status).toBe(204)
    expect(await sessionCookie(s.context, base)).toBe(sid)
    expect((await fetch(`${base}/api/session`, { headers: { cookie: `sid=${sid}` } })).status).toBe(401)

    const signIns: string[] = []
    s.page.on('request', (request) => {
      const url = new URL(request.url())
      if (url.pathname === '/api/auth/login') signIns.push(`${url.pathname}${url.search}`)
    })
    await Promise.all([
      s.page.waitForURL((url) => url.pathname === OAUTH_PATH, { timeout: 15_000, waitUntil: 'commit' }),
      by(s.page, 'tab-campaigns').click(),
    ])
    expect(signIns).toEqual(['/api/auth/login?returnTo=%2Fcampaigns'])
    await signInOnOAuthPage(s.page, 'zhangwei')
    expect(new URL(s.page.url()).pathname).toBe('/campaigns')
    await by(s.page, 'campaign-item').first().waitFor()

    const fresh = await sessionCookie(s.context, base)
    expect(fresh).toBeTruthy()
    expect(fresh).not.toBe(sid)
    expect((await s.context.request.get(`${base}/api/session`)).status()).toBe(200)
    expect(s.log.errors).toEqual([])
  })
})
