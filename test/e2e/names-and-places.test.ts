/**
 * People by their names and places kept (issue 13 items 4, 5, 6, 11, 13): a plain browser in demo mode walks the
 * playground's sidebar and the admin list. No simulator user id, department id, vendor flag or chatroom id may show in
 * visible text; the group card lists its members; tabs and reach are history entries, views open at their top, 返回
 * restores the list's scroll, and a reload keeps the sidebar's page and the playground's chat and bubbles.
 */
import type { Frame, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoContacts, demoCorp, demoGroupIds, demoGroups, demoStaff } from '../../server/sim/demo-data.js'
import { signInOnOAuthPage } from './harness.js'
import { by, composerText, expectText, scenario, textOf, useE2E } from './fixtures.js'

const e2e = useE2E()

/** Everything the simulator knows by id that a person should never have to read. */
const TECHNICAL = [
  ...demoStaff.map((s) => new RegExp(`\\b${s.userId}\\b`)),
  ...demoContacts.map((c) => new RegExp(c.externalUserId)),
  ...demoGroups.map((g) => new RegExp(g.chatId)),
  ...demoCorp.departments.map((d) => new RegExp(`部门\\s*${d.id}\\b`)),
  /@chatroom/,
  /flag:\s*\S/,
  /运营号编号/,
]

function technicalIn(text: string): string[] {
  return TECHNICAL.filter((re) => re.test(text)).map((re) => {
    const at = text.search(re)
    return `${re} in «${text.slice(Math.max(0, at - 20), at + 40)}»`
  })
}

/** The visible text of a page or frame (innerText: what is rendered, not hidden templates). */
const visibleText = async (scope: Page | Frame) => String(await scope.evaluate('document.body.innerText'))
const scrollY = async (frame: Frame) => Number(await frame.evaluate('window.scrollY'))

async function sidebarFrame(page: Page): Promise<Frame> {
  const frame = await (await by(page, 'playground-sidebar').elementHandle())!.contentFrame()
  if (!frame) throw new Error('no sidebar frame')
  return frame
}

async function openPlayground(page: Page): Promise<void> {
  await page.goto(`${e2e.server.base}/`)
  await signInOnOAuthPage(page, 'zhangwei')
  await page.waitForURL((url) => url.pathname === '/playground')
  await by(page, 'playground-chat-item').first().waitFor()
}

describe('people by their names, places kept (plain browser, demo mode)', () => {
  it('walks the sidebar and the admin list: names everywhere, no id, flag or chatroom id in sight; the group lists its members', async () => {
    const { page, log } = await scenario(e2e, 'names-walk')
    await page.setViewportSize({ width: 1280, height: 900 })
    await openPlayground(page)
    const seen: string[] = []
    const look = async (where: string, scope: Page | Frame) => {
      for (const problem of technicalIn(await visibleText(scope))) seen.push(`${where}: ${problem}`)
    }

    // A group lina owns, zhangwei in it: the owner by name, the members in a sheet, and why 定时群发 is greyed.
    await by(page, 'playground-chat-item', `[data-chat-id="${demoGroupIds.showroom}"]`).click()
    let sidebar = await sidebarFrame(page)
    await expectText(by(sidebar, 'group-owner'), '群主 李娜')
    expect(await textOf(by(sidebar, 'group-rpa-note'))).toBe('客户群只能用「发到聊天」')
    expect(await by(sidebar, 'channel-rpa').isDisabled()).toBe(true)
    await by(sidebar, 'group-members-open').click()
    const members = by(sidebar, 'group-member')
    await members.first().waitFor()
    const texts = (await members.allInnerTexts()).map((x) => x.replace(/\s+/g, ' ').trim())
    const kinds = await Promise.all(texts.map((_, n) => members.nth(n).getAttribute('data-kind')))
    const rows = texts.map((text, n) => [kinds[n], text])
    expect(rows[0]).toEqual(['staff', '李娜 群主'])
    expect(rows[1]).toEqual(['staff', '张伟 员工'])
    expect(rows.slice(2).map(([kind]) => kind)).toEqual(['customer', 'customer', 'customer', 'customer'])
    expect(rows.slice(2).map(([, text]) => text)).toEqual(['周杰 客户', '孙丽 客户', '王秀英 客户', '吴敏 客户'])
    await look('group card and members', sidebar)
    await by(sidebar, 'group-members').locator('.van-popup__close-icon').click()
    await by(sidebar, 'group-members').waitFor({ state: 'hidden' })

    // The 群共享 material previews as what the customer gets, with none of Youmi's fields.
    await by(sidebar, 'tab-materials').click()
    await by(sidebar, 'material-item', '[data-kind="groupShare"]').locator('button').first().click()
    const preview = by(sidebar, 'material-preview')
    await expectText(preview, '的入群邀请')
    await look('群共享 preview', sidebar)
    await sidebar.locator('.van-popup__close-icon:visible').click()

    // Every customer the staff member chats with.
    for (const c of demoContacts.filter((x) => x.follows.some((f) => f.userId === 'zhangwei'))) {
      await by(page, 'playground-chat-item', `[data-contact-id="${c.externalUserId}"]`).click()
      sidebar = await sidebarFrame(page)
      await expectText(by(sidebar, 'contact-name'), c.name)
      await look(`customer ${c.name}`, sidebar)
    }

    // The campaigns and every reach page with its audience open: creators, staff and departments by name.
    await by(sidebar, 'tab-campaigns').click()
    await by(sidebar, 'campaign-item').first().waitFor()
    await look('campaigns', sidebar)
    const count = await by(sidebar, 'campaign-item').count()
    let named = 0
    for (let i = 0; i < count; i++) {
      await by(sidebar, 'campaign-item').nth(i).click()
      await by(sidebar, 'reach-name').waitFor()
      const toggle = by(sidebar, 'reach-audience-toggle')
      if (await toggle.count()) await toggle.click()
      const creator = by(sidebar, 'reach-created-by')
      if (await creator.count()) {
        expect(await textOf(creator)).toMatch(/^[\u4e00-\u9fa5]{2,3}$/)
        named++
      }
      await look(`reach ${i + 1}`, sidebar)
      await by(sidebar, 'reach-back').locator('.van-nav-bar__left').click()
      await by(sidebar, 'campaign-item').first().waitFor()
    }
    expect(named).toBeGreaterThan(5)

    // The admin list's 创建 column.
    await page.goto(`${e2e.server.base}/admin/materials`)
    await by(page, 'admin-material-row').first().waitFor()
    const creators = await by(page, 'admin-material-creator').allInnerTexts()
    expect(creators.length).toBeGreaterThan(3)
    for (const name of creators) expect(name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/)
    await look('admin list', page)

    expect(seen).toEqual([])
    expect(log.errors).toEqual([])
  }, 240_000)

  it('tabs and reach are history entries, views open at their top, 返回 restores the scroll, a reload keeps the place', async () => {
    const { page, log } = await scenario(e2e, 'places')
    // Short enough that the campaign list scrolls inside the sidebar's frame.
    await page.setViewportSize({ width: 1280, height: 560 })
    await openPlayground(page)
    await by(page, 'playground-chat-item', `[data-chat-id="${demoGroupIds.showroom}"]`).click()
    let sidebar = await sidebarFrame(page)
    await by(sidebar, 'group-card').waitFor()

    // A bubble sent into the group, to find again after the reload.
    const words = `刷新后还在 ${Date.now()}`
    await composerText(sidebar).fill(words)
    await by(sidebar, 'send-button').click()
    await by(page, 'playground-message', '[data-from="staff"]').filter({ hasText: words }).waitFor()

    await by(sidebar, 'tab-campaigns').click()
    await by(sidebar, 'campaign-item').last().waitFor()
    await sidebar.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)')
    const listY = await scrollY(sidebar)
    expect(listY).toBeGreaterThan(100)

    // A reach page opened from low in the list opens at its top, 返回 and title in view.
    await by(sidebar, 'campaign-item').last().click()
    await by(sidebar, 'reach-name').waitFor()
    expect(await scrollY(sidebar)).toBe(0)
    expect(await by(sidebar, 'reach-back').evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0)
    const reachPath = new URL(sidebar.url()).pathname
    expect(reachPath).toMatch(/^\/campaigns\/\d+$/)

    // 返回: the list where it was.
    await by(sidebar, 'reach-back').locator('.van-nav-bar__left').click()
    await by(sidebar, 'campaign-item').last().waitFor()
    await expect.poll(() => scrollY(sidebar), { timeout: 15_000 }).toBeGreaterThan(listY - 4)

    // The browser's back on 群发活动 returns to 客户, inside the playground.
    // (The frame's navigations are entries of the tab's joint history; Playwright's goBack waits for the top page.)
    await page.evaluate('history.back()')
    await expect.poll(() => new URL(sidebar.url()).pathname, { timeout: 15_000 }).toBe('/')
    expect(new URL(page.url()).pathname).toBe('/playground')
    await by(sidebar, 'group-card').waitFor()
    await page.evaluate('history.forward()')
    await expect.poll(() => new URL(sidebar.url()).pathname, { timeout: 15_000 }).toBe('/campaigns')

    // A reload on a reach page: the same reach page, the same chat, the bubble still there.
    await by(sidebar, 'campaign-item').first().click()
    await by(sidebar, 'reach-name').waitFor()
    const reloadedPath = new URL(sidebar.url()).pathname
    await page.reload()
    await by(page, 'playground-chat-item').first().waitFor()
    sidebar = await sidebarFrame(page)
    await by(sidebar, 'reach-name').waitFor()
    expect(new URL(sidebar.url()).pathname).toBe(reloadedPath)
    expect(await by(page, 'playground-chat-item', `[data-chat-id="${demoGroupIds.showroom}"]`).getAttribute('aria-current')).toBe('true')
    await by(page, 'playground-message', '[data-from="staff"]').filter({ hasText: words }).waitFor()
    expect(log.errors).toEqual([])
  }, 120_000)
})
