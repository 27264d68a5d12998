/**
 * 系统状态 and 「复制错误信息」 in Chromium (issue 16): an admin opens /admin/status while WeCom refuses the proxy's
 * IP (60020) and Youmi refuses its client credentials, and reads what to do about each; a staff member on an error
 * screen copies the error report, which names the request id the proxy logged. Screenshots: desktop and 375 px,
 * light and dark.
 */
import { mkdirSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { demoCampaignIds, demoContacts } from '../../server/sim/demo-data.js'
import { signInByQrCode, signInOnOAuthPage, sim } from './harness.js'
import { by, expectText, scenario, sharedScenario, useE2E } from './fixtures.js'
import { failWecomAndYoumiAtNextCheck } from './status-faults.js'

const e2e = useE2E()
/** The proxy's default REACH_FRESH_S (server/config.ts), which the e2e server keeps. */
const REACH_FRESH_MS = 10_000
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-operable'
mkdirSync(SHOTS, { recursive: true })

afterAll(async () => {
  // The server is shared by every e2e file: nothing queued here may reach the next one.
  await sim(e2e.server.simUrl, 'DELETE', 'faults')
})

describe('系统状态 shows what is wrong and what to do', () => {
  const admin = sharedScenario(e2e, 'status-admin')

  it('60020 from WeCom and a Youmi token refusal, each with the words an admin acts on', async () => {
    const { page, log } = admin.current
    await page.setViewportSize({ width: 1280, height: 900 })
    // Signed in first: the sign-in itself needs WeCom.
    await page.goto(`${e2e.server.base}/admin/materials`)
    await signInByQrCode(page, 'zhangwei')
    await by(page, 'admin-page').waitFor()
    await failWecomAndYoumiAtNextCheck(page, e2e.server)

    await by(page, 'admin-nav-status').click()
    const wecom = by(page, 'vendor-wecom')
    await wecom.waitFor()
    await by(page, 'status-recheck').click()
    await expectText(by(wecom, 'vendor-advice'), '把本服务的出口 IP 加入企业可信IP', 30_000)
    expect(await wecom.getAttribute('data-healthy')).toBe('false')
    expect(await by(wecom, 'vendor-last-error').innerText()).toContain('60020')
    const youmi = by(page, 'vendor-youmi')
    await expectText(by(youmi, 'vendor-advice'), 'YOUMI_CLIENT_SECRET')
    expect(await youmi.getAttribute('data-healthy')).toBe('false')
    // WShoto was not touched: it shows as working.
    expect(await by(page, 'vendor-wshoto').getAttribute('data-healthy')).toBe('true')
    await sim(e2e.server.simUrl, 'DELETE', 'faults')

    await page.screenshot({ path: `${SHOTS}/status-desktop-light.png`, fullPage: true })
    await page.setViewportSize({ width: 375, height: 812 })
    await page.screenshot({ path: `${SHOTS}/status-375-light.png`, fullPage: true })
    // 「重新检查」 right away is refused with when to come back, and what was shown stays.
    await by(page, 'status-recheck').click()
    await expectText(by(page, 'status-recheck-error'), '秒后再重新检查')
    await by(wecom, 'vendor-advice').waitFor()
    expect(log.errors).toEqual([])
  }, 120_000)

  it('in dark mode too', async () => {
    const dark = await scenario(e2e, 'status-dark', { colorScheme: 'dark' })
    try {
      await dark.page.setViewportSize({ width: 1280, height: 900 })
      await dark.page.goto(`${e2e.server.base}/admin/status`)
      await signInByQrCode(dark.page, 'zhangwei')
      await by(dark.page, 'vendor-wecom').waitFor({ timeout: 60_000 })
      await dark.page.screenshot({ path: `${SHOTS}/status-desktop-dark.png`, fullPage: true })
      await dark.page.setViewportSize({ width: 375, height: 812 })
      await dark.page.screenshot({ path: `${SHOTS}/status-375-dark.png`, fullPage: true })
    } finally {
      await dark.close()
    }
  })
})

describe('「复制错误信息」', () => {
  const customer = demoContacts.find((c) => c.follows.some((f) => f.userId === 'lina'))!
  const taskId = demoCampaignIds[0]!.taskId
  const staff = sharedScenario(e2e, 'copy-error', { wecom: { context: 'single_chat_tools', externalUserId: customer.externalUserId } })

  it('copies the code, the request id the proxy logged, time, host and version — nothing secret', async () => {
    const { page, context } = staff.current
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.server.base })
    await page.goto(`${e2e.server.base}/`)
    await signInOnOAuthPage(page, 'lina')
    await by(page, 'contact-name').waitFor()
    // Another file may have read this campaign's reach moments ago: within REACH_FRESH_S (10 s here) the proxy answers
    // from those figures and never asks WShoto, so the fault below would wait unused. Wait for them to age out first.
    const fresh = await page.request.get(`${e2e.server.base}/api/campaigns/${taskId}/reach`)
    const { fetchedAt } = (await fresh.json()) as { fetchedAt: string }
    await page.waitForTimeout(Math.max(0, new Date(fetchedAt).getTime() + REACH_FRESH_MS + 500 - Date.now()))
    // WShoto no longer knows a tracked campaign: the reach view's error screen.
    await sim(e2e.server.simUrl, 'POST', 'faults', { vendor: 'wshoto', kind: 'code', code: 40004, path: '/openapi/mass_send', count: 1 })
    const answer = page.waitForResponse((r) => r.url().includes(`/api/campaigns/${taskId}/reach`))
    await page.goto(`${e2e.server.base}/campaigns/${taskId}`)
    const failed = await answer
    const panel = by(page, 'reach-load-failed')
    await panel.waitFor()
    await by(panel, 'copy-error').click()
    await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()'), { timeout: 10_000 }).toContain('CAMPAIGN_NOT_FOUND')
    const report = await page.evaluate<string>('navigator.clipboard.readText()')
    await page.screenshot({ path: `${SHOTS}/copy-error.png` })
    const requestId = /请求 ID：(\S+)/.exec(report)?.[1]
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(report).toContain(`地址：${new URL(e2e.server.base).host}/campaigns/${taskId}`)
    expect(report).toMatch(/版本：\d+\.\d+\.\d+/)
    expect(report).toMatch(/时间：\d{4}-\d\d-\d\dT/)
    // The id is that very answer's: its header, and its error body (server/observe/observability.test.ts follows it
    // into the log).
    expect(failed.status()).toBe(404)
    expect(requestId).toBe(failed.headers()['x-request-id'])
    expect(((await failed.json()) as { requestId: string }).requestId).toBe(requestId)
    const cookies = await context.cookies()
    for (const c of cookies) expect(report).not.toContain(c.value)
  })
})
