/**
 * The sidebar inside WeCom, end to end: the built app, the real proxy process in demo mode, the real
 * `@wecom/jssdk` over a stand-in `WeixinJSBridge`, and the vendor simulator behind the proxy.
 */
import type { BrowserContext } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoCampaignIds, demoContacts } from '../../server/sim/demo-data.js'
import { demo } from '../helpers/demo.js'
import { apiGet, signInOnOAuthPage, simRequests, timed } from './harness.js'
import { by, composerText, expectAttr, expectText, numberIn, scenario, sharedScenario, textOf, useE2E } from './fixtures.js'
import { withoutVerifyParams } from './wecom-bridge.js'

const e2e = useE2E()
const customer = demo.linked
const follow = customer.follows.find((f) => f.userId === 'zhangwei')!
const youmi = demo.youmiOf(customer.externalUserId)
const bridge = { context: 'single_chat_tools', externalUserId: customer.externalUserId }

interface SendJson {
  id: string
  channel: string
  status: string
  taskId: number | null
  content: { type: string; text?: string }[]
}
/** This customer's sends as GET /api/sends answers them, with the page's cookies. */
const sendsOf = async (context: BrowserContext) =>
  (await apiGet<{ items: SendJson[] }>(context, e2e.server.base, `/api/sends?contact=${customer.externalUserId}&limit=50`)).items
const withText = (items: SendJson[], text: string) => items.find((s) => s.content.some((c) => c.text === text))

describe('in WeCom: a staff member beside a customer chat', () => {
  const shared = sharedScenario(e2e, 'wecom', { wecom: bridge })

  it('signs in through the simulated OAuth and shows the customer from WeCom', async () => {
    const { page, bridgeCalls, log } = shared.current
    await page.goto(`${e2e.server.base}/`)
    await signInOnOAuthPage(page, 'zhangwei')
    expect(new URL(page.url()).pathname).toBe('/')

    await expectText(by(page, 'contact-name'), customer.name)
    expect(await textOf(by(page, 'contact-name'))).toBe(customer.name)
    await expectText(by(page, 'contact-remark'), follow.remark)
    const tags = await by(page, 'contact-tag').allTextContents()
    expect(tags.map((t) => t.trim())).toEqual(expect.arrayContaining(follow.tags.map((t) => t.tag_name)))

    // The real SDK ran: app identity (agentConfig only, as a 4.1.20 client does), then the chat's context.
    const names = bridgeCalls.map((c) => c.name)
    expect(names).toEqual(expect.arrayContaining(['agentConfig', 'getContext', 'getCurExternalContact']))
    expect(names).not.toContain('preVerifyJSAPI')
    const agentConfig = bridgeCalls.find((c) => c.name === 'agentConfig')!.params
    expect(agentConfig).toMatchObject({ corpid: expect.stringMatching(/^ww/), agentid: '1000002', nonceStr: expect.any(String) })
    expect(String(agentConfig.signature)).toMatch(/^[0-9a-f]{40}$/)
    expect(log.errors).toEqual([])
  })

  it('sends a text through the chat (发到聊天): the bridge gets the payload, the proxy records it as sent', async () => {
    const { page, context, bridgeCalls } = shared.current
    const text = `您好，这是端到端测试发到聊天的消息 ${Date.now()}`
    const before = bridgeCalls.filter((c) => c.name === 'sendChatMessage').length

    await by(page, 'channel-chat').click()
    await composerText(page).fill(text)
    await by(page, 'send-button').click()

    await expect.poll(() => bridgeCalls.filter((c) => c.name === 'sendChatMessage').length, { timeout: 15_000 }).toBe(before + 1)
    const sent = bridgeCalls.filter((c) => c.name === 'sendChatMessage').at(-1)!
    expect(withoutVerifyParams(sent.params)).toMatchObject({ msgtype: 'text', text: { content: text } })

    await expectAttr(by(page, 'send-progress').first(), 'data-phase', ['sent'])
    await expect.poll(async () => withText(await sendsOf(context), text)?.status, { timeout: 10_000 }).toBe('sent')
    expect(withText(await sendsOf(context), text)?.channel).toBe('chat')
  })

  it('sends through Youmi (定时群发, now): the simulator gets one task for this customer with the text', async () => {
    const { page, context } = shared.current
    const text = `友米通道端到端测试 ${Date.now()}`
    const since = Date.now()

    await by(page, 'channel-rpa').click()
    await composerText(page).fill(text)
    await by(page, 'send-button').click()
    await expectAttr(by(page, 'send-progress').first(), 'data-phase', ['submitted', 'scheduled'])

    const saves = (await simRequests(e2e.server.simUrl, 'youmi')).filter((r) => r.path === '/v2/BulkSend/SaveBulkSendTask' && r.at >= since)
    expect(saves).toHaveLength(1)
    const body = saves[0]!.body
    expect(body.listMass).toEqual([
      {
        ad_wechat_id: youmi.adWechatId,
        machine_key: youmi.machineKey,
        machine_name: youmi.machineName,
        qv_company_id: youmi.qvCompanyId,
        object_id: youmi.objectId,
        object_nickname: youmi.objectNickname,
        belong_staff_code: youmi.belongStaffCode,
      },
    ])
    expect(JSON.parse(body.bulksend.task_content)).toEqual([{ type: '0', data: { content: text } }])

    const send = withText(await sendsOf(context), text)
    expect(send).toMatchObject({ channel: 'rpa', status: expect.stringMatching(/^(submitted|scheduled)$/), taskId: expect.any(Number) })
  })

  it('schedules a Youmi send in 30 minutes and cancels it: Youmi is asked to delete the task, the send shows 已取消', async () => {
    const { page, context } = shared.current
    const text = `定时发送后取消 ${Date.now()}`
    const since = Date.now()

    await by(page, 'channel-rpa').click()
    await by(page, 'schedule-option', '[data-value="30m"]').click()
    await composerText(page).fill(text)
    await by(page, 'send-button').click()
    await expectAttr(by(page, 'send-progress').first(), 'data-phase', ['scheduled'])

    const send = withText(await sendsOf(context), text)!
    expect(send).toMatchObject({ channel: 'rpa', status: 'scheduled', taskId: expect.any(Number) })
    const save = (await simRequests(e2e.server.simUrl, 'youmi')).find((r) => r.path === '/v2/BulkSend/SaveBulkSendTask' && r.at >= since)!
    const startTime = Number(save.body.bulksend.start_time)
    expect(Math.abs(startTime - (since / 1000 + 30 * 60))).toBeLessThan(5 * 60)

    const item = by(page, 'send-item', '[data-status="scheduled"]')
      .filter({ hasText: text.slice(0, 6) })
      .first()
    await item.locator('[data-test="send-cancel"]').click()
    await page.locator('.van-dialog__confirm').click()

    await expect
      .poll(
        async () =>
          (await simRequests(e2e.server.simUrl, 'youmi'))
            .filter((r) => r.path === '/v2/BulkSend/DeleteBulkSendTask' && r.at >= since)
            .map((r) => r.body),
        {
          timeout: 10_000,
        },
      )
      .toEqual([{ id: send.taskId }])
    const cancelled = by(page, 'send-item', '[data-status="cancelled"]').first()
    await expectText(cancelled, '已取消')
    expect(withText(await sendsOf(context), text)?.status).toBe('cancelled')
  })

  it("opens a campaign's reach (群发活动): the list is one request, the figures are the proxy's", async () => {
    const { page, context } = shared.current
    const taskId = 30101 // fixed figures (已结束): the page and the API call below cannot differ by growth
    const asked: string[] = []
    const onRequest = (r: { url(): string }) => {
      const path = new URL(r.url()).pathname
      if (path.startsWith('/api/campaigns')) asked.push(path)
    }
    page.on('request', onRequest)
    await by(page, 'tab-campaigns').click()
    // Every row's status and delivery come with the list itself.
    await expect.poll(() => by(page, 'campaign-status').count(), { timeout: 15_000 }).toBe(demoCampaignIds.length)
    expect(await by(page, 'campaign-item').count()).toBe(demoCampaignIds.length)
    await page.waitForTimeout(500)
    page.off('request', onRequest)
    expect(asked).toEqual(['/api/campaigns'])
    await by(page, 'campaign-item', `[data-task-id="${taskId}"]`).click()
    await by(page, 'reach-name').waitFor()

    const reach = await apiGet(context, e2e.server.base, `/api/campaigns/${taskId}/reach`)
    await expectText(by(page, 'reach-name'), reach.name)
    await expectText(by(page, 'reach-status'), reach.status.label)
    const figures: [string, number][] = [
      ['reach-targets-planned', reach.targets.planned],
      ['reach-targets-delivered', reach.targets.delivered],
      ['reach-targets-failed', reach.targets.failed],
      ['reach-targets-not-sent', reach.targets.notSent],
      ['reach-targets-excess', reach.targets.excess],
      ['reach-staff-planned', reach.staff.planned],
      ['reach-staff-succeeded', reach.staff.succeeded],
      ['reach-staff-not-sent', reach.staff.notSent],
      ['reach-staff-failed', reach.staff.failed],
    ]
    const shown: Record<string, number> = {}
    for (const [name] of figures) shown[name] = numberIn(await textOf(by(page, name)))
    expect(shown).toEqual(Object.fromEntries(figures))
    for (const [name, rate] of [
      ['reach-delivery-rate', reach.rates.delivery],
      ['reach-staff-rate', reach.rates.staffCompletion],
    ] as [string, number | null][]) {
      const text = await textOf(by(page, name))
      if (rate === null) expect(text).not.toMatch(/\d/)
      else expect(Math.abs(numberIn(text) - rate * 100), `${name} "${text}" vs ${rate}`).toBeLessThanOrEqual(0.5)
    }
    expect(await textOf(by(page, 'reach-audience'))).toContain(reach.audience.label)
    expect(await textOf(by(page, 'reach-fetched-at'))).not.toBe('')
  })
})

describe('timing', () => {
  it('shows the customer name quickly, and faster once the session exists', async () => {
    const s = await scenario(e2e, 'timing', { wecom: bridge })
    const base = e2e.server.base
    const first = await timed(async () => {
      await s.page.goto(`${base}/`)
      await signInOnOAuthPage(s.page, 'zhangwei')
      await expectText(by(s.page, 'contact-name'), customer.name, 20_000)
    })
    const second = await s.newPage()
    const signIns: string[] = []
    second.on('request', (r) => {
      if (r.url().includes('/api/auth/login') || r.url().includes('/oauth2/authorize')) signIns.push(r.url())
    })
    const again = await timed(async () => {
      await second.goto(`${base}/`)
      await expectText(by(second, 'contact-name'), customer.name, 20_000)
    })
    console.log(`[e2e] customer name visible: first open ${first} ms (OAuth included), second open ${again} ms (session established)`)
    expect(new URL(second.url()).pathname).toBe('/')
    // Speed itself is measured by benchmarks beside a reference, not asserted against the clock of a busy machine:
    // here, the second open reuses the session (no OAuth round trip) and so beats the first.
    expect(signIns).toEqual([])
    expect(again).toBeLessThan(first)
  })
})

// Keeps the chosen customer honest: zhangwei follows them and they have a Youmi identity.
it('picks a customer zhangwei follows, with a Youmi identity', () => {
  expect(demoContacts.some((c) => c.externalUserId === customer.externalUserId)).toBe(true)
  expect(youmi.belongStaffCode).toBe('zhangwei')
})
