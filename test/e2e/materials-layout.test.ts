/**
 * The 素材 tab at WeCom's sidebar size (360×720), where layout has to be measured: opening it brings the list up to
 * fill the screen (the customer card one scroll up), the search box's × sits on the box's middle line, Esc closes the
 * preview, the tab stays chosen when the chat switches, and a library that has not answered shows no count and no 多选.
 * Screenshots of each state go to the e2e folder (their paths are printed).
 */
import type { Page, Route } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demo } from '../helpers/demo.js'
import { artifactPath, signInOnOAuthPage } from './harness.js'
import { by, expectAttr, expectText, sharedScenario, useE2E } from './fixtures.js'

const e2e = useE2E()
const bridge = { context: 'single_chat_tools', externalUserId: demo.linked.externalUserId }

async function shot(page: Page, name: string): Promise<void> {
  const path = artifactPath(`materials-layout-${name}`)
  await page.screenshot({ path })
  console.log(`[materials-layout] ${name}: ${path}`)
}

/** Until the page has not scrolled for 10 frames (a smooth scroll has ended). */
function scrollSettled(page: Page): Promise<void> {
  return page.evaluate(`new Promise((done) => {
    let last = -1, still = 0
    const step = () => {
      still = window.scrollY === last ? still + 1 : 0
      last = window.scrollY
      still >= 10 ? done() : requestAnimationFrame(step)
    }
    requestAnimationFrame(step)
  })`)
}

/** Material rows wholly on screen: below the top edge and above the fixed tab bar. */
function rowsInView(page: Page): Promise<number> {
  return page.evaluate(`(() => {
    const bottom = document.querySelector('[data-test="tabbar"]').getBoundingClientRect().top
    return [...document.querySelectorAll('[data-test="material-item"]')].filter((el) => {
      const r = el.getBoundingClientRect()
      return r.height > 0 && r.top >= 0 && r.bottom <= bottom
    }).length
  })()`)
}

const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!

describe('素材 at 360×720', () => {
  const shared = sharedScenario(e2e, 'materials-layout', { wecom: bridge })

  it('opening 素材 scrolls its tabs to the top: the search and several rows fill the screen, the card is one scroll up', async () => {
    const { page } = shared.current
    await page.goto(`${e2e.server.base}/`)
    await signInOnOAuthPage(page, 'zhangwei')
    await by(page, 'contact-name').waitFor()
    await by(page, 'tab-materials').click()
    await by(page, 'material-item').nth(5).waitFor()
    await scrollSettled(page)
    const shown = await rowsInView(page)
    const tabs = await box(page, '.send-tabs')
    const name = await box(page, '[data-test="contact-name"]')
    await shot(page, 'opened')

    await page.evaluate('window.scrollTo(0, 0)')
    await scrollSettled(page)
    const atTop = await rowsInView(page)
    console.log(`[materials-layout] rows wholly visible: ${shown} after opening 素材, ${atTop} with the page at its top`)
    expect(tabs.y).toBeGreaterThanOrEqual(0)
    expect(tabs.y).toBeLessThanOrEqual(8)
    expect(name.y + name.height).toBeLessThanOrEqual(0)
    expect(shown).toBeGreaterThanOrEqual(4)
    expect(shown).toBeGreaterThan(atTop)
  })

  it('the search box’s × is centred on the box’s middle line', async () => {
    const { page } = shared.current
    await by(page, 'material-search').fill('价格')
    const field = await box(page, '.search')
    const icon = await box(page, '.search-clear .van-icon')
    // The glyph sits at the top of the icon's box (line-height 1): a box stretched to the button's height puts it
    // high even when the box itself is centred, so the box must be the glyph's size.
    const glyph = await page.evaluate<number>(`parseFloat(getComputedStyle(document.querySelector('.search-clear .van-icon')).fontSize)`)
    await shot(page, 'search-clear')
    expect(icon.height).toBeLessThanOrEqual(glyph + 1)
    expect(Math.abs(icon.y + icon.height / 2 - (field.y + field.height / 2))).toBeLessThanOrEqual(1)
    await page.locator('.search-clear').click()
    expect(await by(page, 'material-search').inputValue()).toBe('')
  })

  it('Esc closes the preview', async () => {
    const { page } = shared.current
    await by(page, 'material-item').first().locator('button.main').click()
    await by(page, 'material-preview').waitFor()
    await page.keyboard.press('Escape')
    await by(page, 'material-preview').waitFor({ state: 'hidden' })
    await shot(page, 'after-esc')
  })

  it('素材 stays chosen when the chat switches to a customer without Youmi, with 发到聊天 chosen', async () => {
    const { page, setBridge } = shared.current
    await setBridge({ ...bridge, externalUserId: demo.unlinked.externalUserId })
    // WeCom keeps the sidebar page and shows it again beside the next chat.
    await page.evaluate(`document.dispatchEvent(new Event('visibilitychange'))`)
    await expectText(by(page, 'contact-name'), demo.unlinked.name)
    await by(page, 'material-item').first().waitFor()
    await expectAttr(by(page, 'tab-materials'), 'aria-selected', ['true'])
    await expectAttr(by(page, 'material-channel-chat'), 'aria-checked', ['true'])
    await shot(page, 'switched')
  })
})

describe('素材 before the library answers', () => {
  const shared = sharedScenario(e2e, 'materials-unanswered', { wecom: bridge })

  it('while loading and after a 503: 全部 without a count, 多选 disabled; after 重试 both', async () => {
    const { page } = shared.current
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const hold = async (route: Route) => {
      await held
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'VENDOR_UNAVAILABLE', message: '服务暂时出错（503），请稍后重试。' }),
      })
    }
    await page.route('**/api/materials?*', hold)
    await page.route('**/api/materials', hold)
    await page.goto(`${e2e.server.base}/`)
    await signInOnOAuthPage(page, 'zhangwei')
    await by(page, 'contact-name').waitFor()
    await by(page, 'tab-materials').click()
    await by(page, 'material-multi').waitFor()
    const all = by(page, 'material-folder', '[data-value="*"]')
    expect((await all.textContent())?.trim()).toBe('全部')
    expect(await by(page, 'material-multi').isDisabled()).toBe(true)
    await scrollSettled(page)
    await shot(page, 'loading')

    release()
    await by(page, 'material-retry').waitFor()
    expect((await all.textContent())?.trim()).toBe('全部')
    expect(await by(page, 'material-multi').isDisabled()).toBe(true)
    await scrollSettled(page)
    await shot(page, 'failed')

    await page.unrouteAll()
    await by(page, 'material-retry').click()
    await by(page, 'material-item').first().waitFor()
    expect(await all.textContent()).toMatch(/^全部\s*\d+$/)
    expect(await by(page, 'material-multi').isDisabled()).toBe(false)
  })
})
