/**
 * 「结果未知」 settled in the sidebar (issue 12, item 11; issue 13, item 2): an rpa send Youmi answered with a 500 is
 * settled both ways from the recent sends; a chat send interrupted by a reload (type → 发送 → reload) becomes
 * 「结果未知：请在聊天里看看是否已发出」 after the report wait (6 s in the e2e server) and is settled and sent again —
 * each resend under a new idempotency key, never the old one.
 */
import type { Page, Request } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demo } from '../helpers/demo.js'
import { artifactPath, sim, signInOnOAuthPage, simRequests } from './harness.js'
import { by, composerText, expectAttr, expectText, scenario, useE2E } from './fixtures.js'

const e2e = useE2E()
const customer = demo.linked
const bridge = { context: 'single_chat_tools', externalUserId: customer.externalUserId }

/** The idempotency keys the page sent: new sends and settle requests. */
function keysOf(page: Page): { creates: string[]; settles: Array<{ url: string; body: { outcome: string; idempotencyKey?: string } }> } {
  const seen = { creates: [] as string[], settles: [] as Array<{ url: string; body: { outcome: string; idempotencyKey?: string } }> }
  page.on('request', (r: Request) => {
    const path = new URL(r.url()).pathname
    if (r.method() !== 'POST') return
    if (path === '/api/sends') seen.creates.push(r.postDataJSON().idempotencyKey)
    if (path.endsWith('/settle')) seen.settles.push({ url: path, body: r.postDataJSON() })
  })
  return seen
}

const saves = async (since: number) =>
  (await simRequests(e2e.server.simUrl, 'youmi')).filter((r) => r.path === '/v2/BulkSend/SaveBulkSendTask' && r.at >= since)

async function youmiAnswers500Once(): Promise<void> {
  await sim(e2e.server.simUrl, 'POST', 'faults', {
    vendor: 'youmi',
    path: '/v2/BulkSend/SaveBulkSendTask',
    kind: 'http',
    status: 500,
    count: 1,
  })
}

const item = (page: Page, text: string) => by(page, 'send-item').filter({ hasText: text }).first()

describe('settling 结果未知 in the sidebar', () => {
  it('an unknown 定时群发: 「已确认发出」 marks it sent; 「确认未发出，重新发送」 sends it again under a new key', async () => {
    const s = await scenario(e2e, 'settle-rpa', { wecom: bridge })
    const seen = keysOf(s.page)
    await s.page.setViewportSize({ width: 360, height: 900 })
    await s.page.goto(`${e2e.server.base}/`)
    await signInOnOAuthPage(s.page, 'zhangwei')
    await expectText(by(s.page, 'contact-name'), customer.name)
    await by(s.page, 'channel-rpa').click()

    // First: unknown, then confirmed sent.
    const first = `结果未知·已发出 ${Date.now()}`
    await youmiAnswers500Once()
    await composerText(s.page).fill(first)
    await by(s.page, 'send-button').click()
    await expectAttr(by(s.page, 'send-progress').first(), 'data-phase', ['unknown'])
    await expectAttr(item(s.page, first), 'data-status', ['unknown'])
    await item(s.page, first).scrollIntoViewIfNeeded()
    await s.page.screenshot({ path: artifactPath('settle-unknown-360-light'), fullPage: true })
    await by(item(s.page, first), 'send-settle-sent').click()
    await expectAttr(item(s.page, first), 'data-status', ['sent'])
    await expectAttr(by(item(s.page, first), 'send-settled'), 'data-outcome', ['sent'])
    expect(await by(item(s.page, first), 'send-settle').count()).toBe(0)

    // Second: unknown, then confirmed not sent: the same content once more, as a retry of the first.
    const second = `结果未知·未发出 ${Date.now()}`
    await youmiAnswers500Once()
    await composerText(s.page).fill(second)
    await by(s.page, 'send-button').click()
    await expectAttr(item(s.page, second), 'data-status', ['unknown'])
    const since = Date.now()
    await by(item(s.page, second), 'send-settle-resend').click()
    await s.page.locator('.van-dialog__confirm').click()
    const resent = by(s.page, 'send-item')
      .filter({ hasText: second })
      .filter({ has: s.page.locator('[data-test="send-retry-of"]') })
    await expectAttr(resent, 'data-status', ['submitted', 'scheduled'])
    await expectAttr(
      by(s.page, 'send-item', '[data-status="failed"]').filter({ hasText: second }).locator('[data-test="send-settled"]'),
      'data-outcome',
      ['not_sent'],
    )
    await s.page.screenshot({ path: artifactPath('settle-resent-360-light'), fullPage: true })
    const after = await saves(since)
    expect(after).toHaveLength(1)
    expect(JSON.parse(after[0]!.body.bulksend.task_content)).toEqual([{ type: '0', data: { content: second } }])

    // Keys: the resend's is new; the old one never went out again.
    const [, secondKey] = seen.creates
    const resend = seen.settles.find((x) => x.body.outcome === 'not_sent')!
    expect(resend.body.idempotencyKey).toBeTruthy()
    expect(seen.creates).not.toContain(resend.body.idempotencyKey)
    expect(resend.body.idempotencyKey).not.toBe(secondKey)
    expect(seen.creates.filter((k) => k === secondKey)).toHaveLength(1)
    expect(s.log.errors).toEqual([])
  })

  it('a chat send interrupted by a reload becomes 结果未知 after the wait, and is settled and sent again (dark)', async () => {
    // WeCom takes its time with the message: the page is reloaded before it answers, so nobody reports back.
    const s = await scenario(e2e, 'settle-chat-reload', { wecom: { ...bridge, delays: { sendChatMessage: 60_000 } }, colorScheme: 'dark' })
    const seen = keysOf(s.page)
    await s.page.setViewportSize({ width: 360, height: 900 })
    await s.page.goto(`${e2e.server.base}/`)
    await signInOnOAuthPage(s.page, 'zhangwei')
    await expectText(by(s.page, 'contact-name'), customer.name)
    await by(s.page, 'channel-chat').click()
    const text = `刷新打断的发送 ${Date.now()}`
    await composerText(s.page).fill(text)
    await by(s.page, 'send-button').click()
    // After the proxy's answer to the send: vitest's poll gives up after 1 s unless told, less than a round trip can
    // take on a busy machine.
    await expect.poll(() => s.bridgeCalls.filter((c) => c.name === 'sendChatMessage').length, { timeout: 15_000 }).toBe(1)
    await s.page.reload()
    await expectText(by(s.page, 'contact-name'), customer.name)

    // 待确认 at first; after the wait, unknown with what to check, without touching the page.
    const row = item(s.page, text)
    await expectAttr(row, 'data-status', ['awaiting_client', 'unknown'])
    await expectAttr(row, 'data-status', ['unknown'], 30_000)
    await expectText(row, '结果未知：请在聊天里看看是否已发出')
    await row.scrollIntoViewIfNeeded()
    await s.page.screenshot({ path: artifactPath('settle-unknown-360-dark'), fullPage: true })

    // Not in the chat after all: sent again, now with a WeCom that answers.
    await s.setBridge(bridge)
    await by(row, 'send-settle-resend').click()
    await s.page.locator('.van-dialog__confirm').click()
    const resent = by(s.page, 'send-item')
      .filter({ hasText: text })
      .filter({ has: s.page.locator('[data-test="send-retry-of"]') })
    await expectAttr(resent, 'data-status', ['sent'])
    await expectAttr(
      by(s.page, 'send-item', '[data-status="failed"]').filter({ hasText: text }).locator('[data-test="send-settled"]'),
      'data-outcome',
      ['not_sent'],
    )
    const sends = s.bridgeCalls.filter((c) => c.name === 'sendChatMessage')
    expect(sends.length).toBeGreaterThanOrEqual(2)
    await s.page.screenshot({ path: artifactPath('settle-resent-360-dark'), fullPage: true })
    const resend = seen.settles.find((x) => x.body.outcome === 'not_sent')!
    expect(resend.body.idempotencyKey).toBeTruthy()
    expect(resend.body.idempotencyKey).not.toBe(seen.creates[0])
    expect(s.log.errors).toEqual([])
  })
})
