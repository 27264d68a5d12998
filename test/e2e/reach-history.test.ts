/**
 * The reach view's trend chart in Chromium (issue 15 item 4): after two fetches of a running campaign the chart shows
 * both lines with their measured times and says itself in words; an admin's CSV link downloads the history with its
 * byte-order mark. Screenshots: light, dark, and 320 px wide.
 */
import { mkdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { demoCampaignIds, demoContacts } from '../../server/sim/demo-data.js'
import { apiGet, signInOnOAuthPage } from './harness.js'
import { by, scenario, useE2E } from './fixtures.js'

const e2e = useE2E()
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-reach-history'
mkdirSync(SHOTS, { recursive: true })
const taskId = demoCampaignIds[0]!.taskId
// The sidebar as WeCom opens it beside zhangwei's chat with one of his customers.
const customer = demoContacts.find((c) => c.follows.some((f) => f.userId === 'zhangwei'))!
const bridge = { context: 'single_chat_tools', externalUserId: customer.externalUserId }

describe('the reach view draws delivery and staff completion over time', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`a chart with at least two measured points, readable in ${scheme}, fitting 320 px`, async () => {
      const { page, context, log } = await scenario(e2e, `reach-history-${scheme}`, { colorScheme: scheme, wecom: bridge })
      await page.setViewportSize({ width: 360, height: 760 })
      await page.goto(`${e2e.server.base}/`)
      await signInOnOAuthPage(page, 'zhangwei')
      await page.goto(`${e2e.server.base}/campaigns/${taskId}`)
      await by(page, 'reach-name').waitFor({ timeout: 60_000 })
      // Two fetches at least (a pull asks WShoto again once 2 s have passed), then the view again.
      await apiGet(context, e2e.server.base, `/api/campaigns/${taskId}/reach?refresh=1`)
      await page.waitForTimeout(2_100)
      await apiGet(context, e2e.server.base, `/api/campaigns/${taskId}/reach?refresh=1`)
      await page.reload()

      const chart = by(page, 'reach-history-chart')
      await chart.waitFor({ timeout: 30_000 })
      expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(2)
      // Both lines drawn, with a dot per measurement and the times they were measured under the plot.
      expect(await by(chart, 'reach-history-delivery').locator('path').getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+L/)
      expect(await by(chart, 'reach-history-staffCompletion').locator('circle').count()).toBeGreaterThanOrEqual(2)
      expect(await by(chart, 'reach-history-from').innerText()).toMatch(/^\d\d:\d\d(:\d\d)?$/)
      expect(await by(chart, 'reach-history-to').innerText()).toMatch(/^\d\d:\d\d(:\d\d)?$/)
      // Said in words for a screen reader: the svg is an image labelled by its title and summary.
      const svg = chart.locator('svg')
      expect(await svg.getAttribute('role')).toBe('img')
      expect(await svg.locator('desc').textContent()).toMatch(/^送达率从 .+ 变为 .+，员工执行率从 .+ 变为 .+；.+ 测量 \d+ 次/)

      const card = by(page, 'reach-history')
      await card.scrollIntoViewIfNeeded()
      await page.screenshot({ path: `${SHOTS}/reach-${scheme}.png` })
      await card.screenshot({ path: `${SHOTS}/chart-${scheme}.png` })
      // 320 px: the chart stays inside its card, nothing scrolls sideways.
      await page.setViewportSize({ width: 320, height: 640 })
      await card.scrollIntoViewIfNeeded()
      // Run in the page (a string: this file is type-checked without the DOM's types).
      const widths = await page.evaluate<{ doc: number; view: number }>(
        '({ doc: document.documentElement.scrollWidth, view: window.innerWidth })',
      )
      expect(widths.doc).toBeLessThanOrEqual(widths.view)
      const [box, cardBox] = [await svg.boundingBox(), await card.boundingBox()]
      expect(box!.x + box!.width).toBeLessThanOrEqual(cardBox!.x + cardBox!.width)
      await page.screenshot({ path: `${SHOTS}/reach-320-${scheme}.png` })

      if (scheme === 'light') {
        // zhangwei is an admin: the CSV link downloads the history, byte-order mark and Chinese headers first.
        const csv = await context.request.get(`${e2e.server.base}${await by(card, 'reach-history-csv').getAttribute('href')}`)
        expect(csv.ok()).toBe(true)
        const bytes = await csv.body()
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
        expect(bytes.toString('utf8').split('\r\n')[0]).toBe(
          '\uFEFF获取时间（北京时间）,送达率,员工执行率,计划发送对象,已送达对象,计划执行员工,已执行员工',
        )
      }
      expect(log.errors).toEqual([])
    })
  }
})
