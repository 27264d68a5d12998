import type { Page } from 'playwright-core'
import { sim, type ServerInfo } from './harness.js'

/**
 * WeCom refusing the proxy's IP (60020) and Youmi its client secret, armed once 系统状态 may run its live checks again:
 * the proxy keeps them for 30 s and allows 「重新检查」 only after `nextCheckAt`, and another file (or the same file's
 * other colour) may have checked moments ago on the shared server. The caller rechecks, then clears the faults
 * (`DELETE faults`).
 */
export async function failWecomAndYoumiAtNextCheck(page: Page, server: ServerInfo): Promise<void> {
  const before = (await (await page.request.get(`${server.base}/api/admin/status`)).json()) as { nextCheckAt: string }
  await page.waitForTimeout(Math.max(0, new Date(before.nextCheckAt).getTime() - Date.now() + 500))
  await sim(server.simUrl, 'POST', 'faults', { vendor: 'wecom', kind: 'code', code: 60020, path: '/cgi-bin/gettoken', count: 8 })
  await sim(server.simUrl, 'POST', 'faults', { vendor: 'youmi', kind: 'code', code: 'invalid_client', path: '/connect/token', count: 3 })
}
