/**
 * The admin's list after saving (issue 13, items 10 and 14): a material just saved opens the list highlighted and on
 * top (the list sorts by last change unless asked for uses), the 已保存 toast is readable (the scenario's watcher,
 * readable.ts), and deleting asks with a red button. Light and dark.
 */
import { describe, expect, it } from 'vitest'
import { signInByQrCode } from './harness.js'
import { by, sharedScenario, useE2E } from './fixtures.js'

const e2e = useE2E()

for (const scheme of ['light', 'dark'] as const) {
  describe(`the admin list after saving, ${scheme}`, () => {
    const shared = sharedScenario(e2e, `admin-list-${scheme}`, { colorScheme: scheme })
    const title = `刚保存的文字素材 ${scheme} ${Date.now()}`

    it('a new material is highlighted at the top of the list, sorted by last change; by uses on request', async () => {
      const { page } = shared.current
      await page.setViewportSize({ width: 1280, height: 860 })
      await page.goto(`${e2e.server.base}/admin/materials`)
      await signInByQrCode(page, 'zhangwei')
      await by(page, 'admin-new').click()
      await by(page, 'admin-title').fill(title)
      await by(page, 'admin-kind-option', '[data-value="text"]').click()
      await by(page, 'admin-text').fill('您好，这是保存后应当排在最上面的素材。')
      await by(page, 'admin-save').click()

      const row = by(page, 'admin-material-row').filter({ hasText: title })
      await row.waitFor()
      const id = await row.getAttribute('data-id')
      expect(new URL(page.url()).searchParams.get('saved')).toBe(id)
      expect(await row.getAttribute('data-saved')).toBe('true')
      expect(await by(page, 'admin-material-row').first().getAttribute('data-id')).toBe(id)
      expect(await by(page, 'admin-sort-changed').getAttribute('aria-pressed')).toBe('true')
      // The toast 「已保存」 was measured by the watcher; it is there to be read.
      await page.locator('.van-toast').filter({ hasText: '已保存' }).waitFor({ state: 'visible' })
      await page.waitForTimeout(600)

      await by(page, 'admin-sort-uses').click()
      await expect.poll(async () => new URL(page.url()).searchParams.get('sort'), { timeout: 15_000 }).toBe('uses')
      const uses = await by(page, 'admin-material-row').evaluateAll((rows) =>
        rows.map((r) => Number(/(\d+)/.exec(r.querySelector('[role="cell"]:nth-child(4)')?.textContent ?? '')?.[1] ?? 0)),
      )
      expect(uses[0]).toBeGreaterThan(0)
      expect(uses).toEqual([...uses].sort((a, b) => b - a))
      expect(await by(page, 'admin-material-row').first().getAttribute('data-id')).not.toBe(id)
    })

    it('deleting asks with a red confirm button', async () => {
      const { page } = shared.current
      const row = by(page, 'admin-material-row').filter({ hasText: title })
      await row.locator('[data-test="admin-delete"]').click()
      const confirm = page.locator('.van-dialog__confirm')
      await confirm.waitFor()
      await page.waitForTimeout(500)
      const [color, danger] = await page.evaluate<[string, string]>(`[
        getComputedStyle(document.querySelector('.van-dialog__confirm')).color,
        getComputedStyle(document.querySelector('.van-dialog__confirm')).getPropertyValue('--van-danger-color').trim(),
      ]`)
      expect(danger).toMatch(/^#/)
      const hex = danger.replace('#', '')
      const rgb = `rgb(${parseInt(hex.slice(0, 2), 16)}, ${parseInt(hex.slice(2, 4), 16)}, ${parseInt(hex.slice(4, 6), 16)})`
      expect(color).toBe(rgb)
      await confirm.click()
      await row.waitFor({ state: 'detached' })
      await page.locator('.van-toast').filter({ hasText: '已删除' }).waitFor({ state: 'visible' })
      await page.waitForTimeout(600)
    })
  })
}
