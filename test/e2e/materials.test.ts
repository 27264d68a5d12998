/**
 * The materials library end to end (issue 4, Done when 4): an admin uploads an image material on /admin/materials in
 * a desktop browser; a staff member beside a customer chat in WeCom finds it in 素材 and sends it 「发到聊天」 (the
 * real JS-SDK hands the bridge `msgtype: 'image'` with a media id the simulator issued), then sends a link and a
 * video as one Youmi task.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { demoContacts, demoYoumiLinks } from '../../server/sim/demo-data.js'
import { ROOT, signInByQrCode, signInOnOAuthPage, simRequests } from './harness.js'
import { by, expectAttr, expectText, sharedScenario, useE2E } from './fixtures.js'
import { withoutVerifyParams } from './wecom-bridge.js'

const e2e = useE2E()

/** Not the admin: a staff member who follows a customer with a Youmi identity (both channels open). */
const linked = new Set(demoYoumiLinks.map((l) => l.externalUserId))
const staffId = 'lina'
const customer = demoContacts.find((c) => linked.has(c.externalUserId) && c.follows.some((f) => f.userId === staffId))!
const title = `端到端上传的展厅图 ${Date.now()}`

/** A real PNG from the demo files, made unique by bytes after its end (viewers ignore them; its hash is new). */
function uniquePng(): Buffer {
  const dir = join(ROOT, 'server/demo-media')
  const png = readdirSync(dir).find((f) => f.endsWith('.png'))!
  return Buffer.concat([readFileSync(join(dir, png)), Buffer.from(`e2e-${Date.now()}`)])
}

describe('materials: an admin uploads an image, a staff member sends it from 素材', () => {
  const admin = sharedScenario(e2e, 'materials-admin')
  const staff = sharedScenario(e2e, 'materials-staff', { wecom: { context: 'single_chat_tools', externalUserId: customer.externalUserId } })

  it('the admin signs in on /admin/materials and uploads an image material', async () => {
    expect(customer, `a customer ${staffId} follows with a Youmi identity`).toBeDefined()
    const { page, log } = admin.current
    await page.setViewportSize({ width: 1280, height: 860 })
    await page.goto(`${e2e.server.base}/admin/materials`)
    // A desktop browser, not WeCom's: the admin page signs in by WeCom's QR code.
    await signInByQrCode(page, 'zhangwei')
    await by(page, 'admin-new').click()

    await by(page, 'admin-title').fill(title)
    await by(page, 'admin-folder').fill('端到端')
    await by(page, 'admin-kind-option', '[data-value="image"]').click()
    await by(page, 'admin-file-input').setInputFiles({ name: '展厅外观.png', mimeType: 'image/png', buffer: uniquePng() })
    await by(page, 'admin-stored-file').waitFor()
    await expectAttr(by(page, 'admin-preview'), 'data-kind', ['image'])
    await by(page, 'admin-save').click()

    const row = by(page, 'admin-material-row').filter({ hasText: title })
    await row.waitFor()
    expect(await row.getAttribute('data-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(log.errors).toEqual([])
  })

  it(`${staffId} finds it in 素材 and sends it 发到聊天: the bridge gets msgtype image with the simulator's media id`, async () => {
    const { page, bridgeCalls } = staff.current
    await page.goto(`${e2e.server.base}/`)
    await signInOnOAuthPage(page, staffId)
    await by(page, 'contact-name').waitFor()

    await by(page, 'tab-materials').click()
    await by(page, 'material-channel-chat').click()
    await by(page, 'material-search').fill('端到端上传')
    const item = by(page, 'material-item', '[data-kind="image"]').filter({ hasText: title })
    await item.locator('button.main').click()
    await expectAttr(by(page, 'material-preview'), 'data-kind', ['image'])

    const before = bridgeCalls.filter((c) => c.name === 'sendChatMessage').length
    await by(page, 'material-send').click()
    await expect.poll(() => bridgeCalls.filter((c) => c.name === 'sendChatMessage').length, { timeout: 15_000 }).toBe(before + 1)
    const sent = withoutVerifyParams(bridgeCalls.filter((c) => c.name === 'sendChatMessage').at(-1)!.params) as {
      msgtype: string
      image: { mediaid: string }
    }
    expect(sent).toEqual({ msgtype: 'image', image: { mediaid: expect.any(String) } })

    // The id is one the simulator issued for an image upload, still valid.
    const media = (await (await fetch(`${e2e.server.simUrl}/wecom/media/${sent.image.mediaid}`)).json()) as {
      valid: boolean
      type: string
      filename: string
    }
    expect(media).toMatchObject({ valid: true, type: 'image', filename: '展厅外观.png' })
    const uploads = (await simRequests(e2e.server.simUrl, 'wecom')).filter((r) => r.path === '/cgi-bin/media/upload')
    expect(uploads.length).toBeGreaterThanOrEqual(1)
    await expectText(by(page, 'send-progress').first(), '已发送')
  })

  it('sends a link and a video through Youmi (定时群发) in the order picked, as one task', async () => {
    const { page } = staff.current
    const since = Date.now()
    await by(page, 'material-search').fill('')
    await by(page, 'material-channel-rpa').click()
    await by(page, 'material-multi').click()
    const link = by(page, 'material-item', '[data-kind="link"]').first()
    const video = by(page, 'material-item', '[data-kind="video"]').first()
    await link.locator('button.main').click()
    await video.locator('button.main').click()
    await expectAttr(link.locator('[data-test="material-check"]'), 'data-order', ['1'])
    await expectAttr(video.locator('[data-test="material-check"]'), 'data-order', ['2'])
    await by(page, 'material-send-selected').click()

    await expect
      .poll(
        async () =>
          (await simRequests(e2e.server.simUrl, 'youmi')).filter((r) => r.path === '/v2/BulkSend/SaveBulkSendTask' && r.at >= since).length,
        {
          timeout: 15_000,
        },
      )
      .toBe(1)
    const save = (await simRequests(e2e.server.simUrl, 'youmi')).find((r) => r.path === '/v2/BulkSend/SaveBulkSendTask' && r.at >= since)!
    const items = JSON.parse(save.body.bulksend.task_content) as Array<{ type: string; data: Record<string, string> }>
    expect(items.map((i) => i.type)).toEqual(['3', '2'])
    expect(items[0]!.data).toEqual({
      title: expect.any(String),
      linkUrl: expect.stringMatching(/^https?:\/\//),
      description: expect.any(String),
      thumbMediaUrl: expect.any(String),
    })
    expect(items[1]!.data).toEqual({
      videoName: expect.stringMatching(/\.mp4$/),
      videoFormat: 'mp4',
      videoMediaUrl: expect.stringMatching(new RegExp(`^${e2e.server.base}/files/`)),
    })
    const youmi = demoYoumiLinks.find((l) => l.externalUserId === customer.externalUserId)!.youmi
    expect(save.body.listMass[0]).toMatchObject({ object_id: youmi.objectId, ad_wechat_id: youmi.adWechatId })

    // Youmi's RPA account can download the video from where the task says, without a session.
    const file = await fetch(items[1]!.data.videoMediaUrl!)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('video/mp4')
  })
})
