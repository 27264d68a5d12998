import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { YoumiIdentity } from '../../../contracts/contacts.js'
import type { Material } from '../../../contracts/materials.js'
import { CreateSend, type ChatMessage, type Send } from '../../../contracts/sends.js'
import { ApiFailure } from '../../api/http.js'
import * as materialsApi from '../../api/materials.js'
import * as sendsApi from '../../api/sends.js'
import * as feedback from '../../composables/useFeedback.js'
import type { Host } from '../../host/index.js'
import type { ChatTarget } from '../../stores/contact.js'
import { useDraftsStore } from '../../stores/drafts.js'
import { useHostStore } from '../../stores/host.js'
import MaterialsPanel from './MaterialsPanel.vue'
import { everyKind, makeList, makeMaterial } from './testing.js'
import { TEST_YOUMI } from '../send/testing.js'

vi.mock('../../api/materials.js', () => ({ listMaterials: vi.fn(), getMaterial: vi.fn() }))
vi.mock('../../api/sends.js', () => ({
  createSend: vi.fn(),
  reportSendResult: vi.fn(),
  cancelSend: vi.fn(),
  listSends: vi.fn(),
  refreshSendMedia: vi.fn(),
}))
vi.mock('../../composables/useFeedback.js', () => ({ toast: vi.fn(async () => {}), confirmAction: vi.fn(async () => true) }))

const listMaterials = vi.mocked(materialsApi.listMaterials)
const createSend = vi.mocked(sendsApi.createSend)
const reportSendResult = vi.mocked(sendsApi.reportSendResult)
const toast = vi.mocked(feedback.toast)

const CONTACT: ChatTarget = { kind: 'contact', externalUserId: 'wmCustomerA' }
const YOUMI = TEST_YOUMI
const T0 = '2025-11-20T10:00:00.000Z'
const makeSend = (over: Partial<Send> = {}): Send => ({
  id: '7d1f0c6e-6a4b-4f43-9e0c-0f6f3c0d1a01',
  channel: 'chat',
  status: 'awaiting_client',
  taskId: null,
  contact: { externalUserId: 'wmCustomerA' },
  group: null,
  content: [{ type: 'text', text: '你好' }],
  scheduleAt: null,
  createdAt: T0,
  updatedAt: T0,
  error: null,
  ...over,
})

const all = everyKind()
const ITEMS = Object.values(all)

let pinia: Pinia
let wrapper: VueWrapper | null = null
const sendChatMessage = vi.fn<(m: ChatMessage) => Promise<void>>()

async function mountPanel(props: { canChat?: boolean; youmi?: YoumiIdentity | null } = {}) {
  wrapper = mount(MaterialsPanel, {
    props: { target: CONTACT, canChat: props.canChat ?? true, youmi: props.youmi === undefined ? YOUMI : props.youmi },
    global: { plugins: [pinia], stubs: { teleport: true } },
  })
  await flushPromises()
  return wrapper
}
const all$ = (w: VueWrapper, test: string) => w.findAll(`[data-test="${test}"]`)
const item = (w: VueWrapper, m: Material) => w.get(`[data-test="material-item"][data-id="${m.id}"]`)
/** The popup stays in the page once opened; closed it is hidden. */
const previewShown = (w: VueWrapper) => !/display: none/.test(w.get('.van-popup').attributes('style') ?? '')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('MaterialsPanel', () => {
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    vi.resetAllMocks()
    listMaterials.mockResolvedValue(makeList(ITEMS))
    vi.mocked(sendsApi.listSends).mockReturnValue(new Promise(() => {}))
    reportSendResult.mockImplementation(async (id, r) => makeSend({ id, status: r.ok ? 'sent' : 'failed' }))
    sendChatMessage.mockResolvedValue(undefined)
    const host: Host = {
      kind: 'playground',
      canSendToChat: true,
      getContext: async () => ({ kind: 'contact', externalUserId: 'wmCustomerA' }),
      onContextChange: () => () => {},
      sendChatMessage,
      dispose: () => {},
    }
    useHostStore().host = host
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
  })

  describe('the list', () => {
    it('lists every material as the proxy ordered it (most used first), each with its kind', async () => {
      const w = await mountPanel()
      expect(listMaterials).toHaveBeenCalledWith({})
      const rows = all$(w, 'material-item')
      expect(rows.map((r) => r.attributes('data-id'))).toEqual(ITEMS.map((m) => m.id))
      expect(rows.map((r) => r.attributes('data-kind'))).toEqual(['image', 'video', 'file', 'link', 'miniprogram', 'groupShare', 'text'])
    })

    it('draws each kind’s thumbnail: the image lazily, the video’s first frame with a play badge, a file by format', async () => {
      const w = await mountPanel()
      const img = item(w, all.image).get('img')
      expect(img.attributes('src')).toBe(
        `/files/${all.image.content.type === 'image' ? all.image.content.file.fileId : ''}/${encodeURIComponent('展厅外观.png')}`,
      )
      expect(img.attributes('loading')).toBe('lazy')
      const video = item(w, all.video).get('video')
      expect(video.attributes('preload')).toBe('metadata')
      expect(video.attributes()).toHaveProperty('muted')
      expect(video.attributes()).toHaveProperty('playsinline')
      expect(item(w, all.video).find('.play').exists()).toBe(true)
      expect(item(w, all.file).get('.format').text()).toBe('PDF')
      expect(item(w, all.file).text()).toContain('报价单.pdf · 117 KB')
      expect(item(w, all.link).get('img').attributes('src')).toBe('https://example.com/x3.png')
      expect(item(w, all.link).text()).toContain('安装前请核对门厚')
      expect(item(w, all.groupShare).text()).toContain('星禾老客户福利群')
      expect(item(w, all.text).text()).toContain('您好，我是星禾的客户经理。 门店地址')
      // Folder and tags under the title; '' is 未分类.
      expect(item(w, all.image).text()).toContain('产品图 · #门店')
    })

    it('shows the folders with their counts, 全部 first', async () => {
      const w = await mountPanel()
      const chips = all$(w, 'material-folder')
      expect(chips.map((c) => c.attributes('data-value'))).toEqual(['*', '产品图', '视频', '资料', '', '话术'])
      expect(chips.map((c) => c.text())).toEqual(['全部7', '产品图1', '视频1', '资料2', '未分类2', '话术1'])
      expect(chips[0]!.attributes('aria-selected')).toBe('true')
    })

    it('filters by folder at once; 未分类 asks for folder ""; 全部 for every folder', async () => {
      const w = await mountPanel()
      listMaterials.mockResolvedValueOnce(makeList([all.file, all.link], makeList(ITEMS).folders))
      await w.get('[data-test="material-folder"][data-value="资料"]').trigger('click')
      await flushPromises()
      expect(listMaterials).toHaveBeenLastCalledWith({ folder: '资料' })
      expect(all$(w, 'material-item')).toHaveLength(2)
      expect(w.get('[data-test="material-folder"][data-value="资料"]').attributes('aria-selected')).toBe('true')

      await w.get('[data-test="material-folder"][data-value=""]').trigger('click')
      await flushPromises()
      expect(listMaterials).toHaveBeenLastCalledWith({ folder: '' })
      await w.get('[data-test="material-folder"][data-value="*"]').trigger('click')
      await flushPromises()
      expect(listMaterials).toHaveBeenLastCalledWith({})
    })

    it('searches once typing pauses (debounced), within the chosen folder', async () => {
      const w = await mountPanel()
      await w.get('[data-test="material-folder"][data-value="资料"]').trigger('click')
      await flushPromises()
      listMaterials.mockClear()
      const input = w.get('[data-test="material-search"]')
      await input.setValue('报')
      await input.setValue('报价')
      await input.setValue('报价单')
      expect(listMaterials).not.toHaveBeenCalled()
      await sleep(350)
      await flushPromises()
      expect(listMaterials).toHaveBeenCalledTimes(1)
      expect(listMaterials).toHaveBeenCalledWith({ q: '报价单', folder: '资料' })
    })
  })

  describe('states', () => {
    it('an empty library says so', async () => {
      listMaterials.mockResolvedValue(makeList([], []))
      const w = await mountPanel()
      expect(w.get('[data-test="state-panel"]').attributes('data-state')).toBe('empty')
      expect(w.text()).toContain('素材库还是空的')
    })

    it('a search without results says so and offers to clear the search', async () => {
      const w = await mountPanel()
      listMaterials.mockResolvedValueOnce(makeList([], makeList(ITEMS).folders))
      await w.get('[data-test="material-search"]').setValue('没有这个')
      await sleep(350)
      await flushPromises()
      expect(w.text()).toContain('没有与「没有这个」相关的素材')
      await w.get('[data-test="material-clear-search"]').trigger('click')
      await flushPromises()
      expect(listMaterials).toHaveBeenLastCalledWith({})
      expect((w.get('[data-test="material-search"]').element as HTMLInputElement).value).toBe('')
      expect(all$(w, 'material-item')).toHaveLength(7)
    })

    it('loading, then an error with a retry that works', async () => {
      let fail!: (e: unknown) => void
      listMaterials.mockReturnValueOnce(new Promise((_, reject) => (fail = reject)))
      const w = await mountPanel()
      expect(w.get('[data-test="state-panel"]').attributes('data-state')).toBe('loading')
      fail(new ApiFailure(502, 'UPSTREAM_ERROR', '素材服务暂时出错，请稍后重试。'))
      await flushPromises()
      expect(w.get('[data-test="state-panel"]').attributes('data-state')).toBe('error')
      expect(w.text()).toContain('素材服务暂时出错，请稍后重试。')
      await w.get('[data-test="material-retry"]').trigger('click')
      await flushPromises()
      expect(all$(w, 'material-item')).toHaveLength(7)
    })
  })

  describe('nothing counted or pickable before the library answers', () => {
    const allChip = (w: VueWrapper) => w.get('[data-test="material-folder"][data-value="*"]').text()
    const multi = (w: VueWrapper) => w.get('[data-test="material-multi"]')

    it('while loading and after a failed load: 全部 without a count, 多选 disabled; once listed: both', async () => {
      let fail!: (e: unknown) => void
      listMaterials.mockReturnValueOnce(new Promise((_, reject) => (fail = reject)))
      const w = await mountPanel()
      expect(allChip(w)).toBe('全部')
      expect(multi(w).attributes()).toHaveProperty('disabled')
      fail(new ApiFailure(503, 'VENDOR_UNAVAILABLE', '服务暂时出错（503），请稍后重试。'))
      await flushPromises()
      expect(w.get('[data-test="state-panel"]').attributes('data-state')).toBe('error')
      expect(allChip(w)).toBe('全部')
      expect(multi(w).attributes()).toHaveProperty('disabled')
      await w.get('[data-test="material-retry"]').trigger('click')
      await flushPromises()
      expect(allChip(w)).toBe('全部7')
      expect(multi(w).attributes()).not.toHaveProperty('disabled')
    })

    it('a search that fails leaves nothing to pick (the earlier list is gone), the counts known stay', async () => {
      const w = await mountPanel()
      listMaterials.mockRejectedValueOnce(new ApiFailure(503, 'VENDOR_UNAVAILABLE', '服务暂时出错（503），请稍后重试。'))
      await w.get('[data-test="material-search"]').setValue('报价')
      await sleep(350)
      await flushPromises()
      expect(w.get('[data-test="state-panel"]').attributes('data-state')).toBe('error')
      expect(all$(w, 'material-item')).toHaveLength(0)
      expect(multi(w).attributes()).toHaveProperty('disabled')
      expect(allChip(w)).toBe('全部7')
    })

    it('an empty library counts 0 and has nothing to pick', async () => {
      listMaterials.mockResolvedValue(makeList([], []))
      const w = await mountPanel()
      expect(allChip(w)).toBe('全部0')
      expect(multi(w).attributes()).toHaveProperty('disabled')
    })
  })

  describe('what each channel can carry', () => {
    const reasonOf = (w: VueWrapper, m: Material) => item(w, m).find('[data-test="material-reason"]')

    it('发到聊天: a group share is disabled with the reason, everything else can go', async () => {
      const w = await mountPanel()
      expect(w.get('[data-test="material-channel-chat"]').attributes('aria-checked')).toBe('true')
      expect(reasonOf(w, all.groupShare).text()).toBe('群共享只能通过定时群发')
      expect(item(w, all.groupShare).attributes('data-disabled')).toBe('true')
      for (const m of ITEMS.filter((x) => x !== all.groupShare)) expect(reasonOf(w, m).exists()).toBe(false)
    })

    it('定时群发: a mini program is disabled with the reason; switching channels is shared with the composer', async () => {
      const w = await mountPanel()
      await w.get('[data-test="material-channel-rpa"]').trigger('click')
      expect(useDraftsStore().draftFor('contact:wmCustomerA').channel).toBe('rpa')
      expect(reasonOf(w, all.miniprogram).text()).toBe('小程序只能发到聊天')
      expect(reasonOf(w, all.groupShare).exists()).toBe(false)
    })

    it('follows the channel chosen in the composer', async () => {
      useDraftsStore().draftFor('contact:wmCustomerA').channel = 'rpa'
      const w = await mountPanel()
      expect(w.get('[data-test="material-channel-rpa"]').attributes('aria-checked')).toBe('true')
      expect(reasonOf(w, all.miniprogram).text()).toBe('小程序只能发到聊天')
    })

    it('a host without the chat channel (企客聊): chat-only kinds say why', async () => {
      const w = await mountPanel({ canChat: false })
      expect(w.get('[data-test="material-channel-chat"]').attributes('disabled')).toBeDefined()
      expect(reasonOf(w, all.miniprogram).text()).toBe('小程序只能发到聊天')
      expect(reasonOf(w, all.groupShare).exists()).toBe(false)
    })

    it('neither channel: nothing can go', async () => {
      const w = await mountPanel({ canChat: false, youmi: null })
      for (const m of ITEMS) expect(reasonOf(w, m).text()).toBe('当前没有可用的发送方式')
    })
  })

  describe('preview and send', () => {
    it('tapping a row shows the preview of that kind; 发送 sends it on the chosen channel with its material id', async () => {
      createSend.mockResolvedValue(makeSend({ messages: [{ msgtype: 'image', image: { mediaid: 'MEDIA1' } }] }))
      const w = await mountPanel()
      await item(w, all.image).get('button').trigger('click')
      const preview = w.get('[data-test="material-preview"]')
      expect(previewShown(w)).toBe(true)
      expect(preview.attributes('data-kind')).toBe('image')
      expect(preview.get('img').attributes('src')).toContain('/files/')
      expect(preview.text()).toContain('展厅外观.png')
      expect(preview.text()).toContain('240 KB')
      await w.get('[data-test="material-send"]').trigger('click')
      await flushPromises()
      expect(createSend).toHaveBeenCalledTimes(1)
      const body = createSend.mock.calls[0]![0]
      expect(body).toEqual({
        idempotencyKey: expect.any(String),
        channel: 'chat',
        contact: { externalUserId: 'wmCustomerA' },
        content: [all.image.content],
        materialIds: [all.image.id],
      })
      expect(CreateSend.safeParse(body).success).toBe(true)
      expect(sendChatMessage).toHaveBeenCalledWith({ msgtype: 'image', image: { mediaid: 'MEDIA1' } })
      // The preview closes; the progress shows in the panel, described in words.
      expect(previewShown(w)).toBe(false)
      expect(w.get('[data-test="send-progress"]').attributes('data-phase')).toBe('sent')
      expect(w.get('[data-test="send-what"]').text()).toBe('图片 · 展厅外观.png')
    })

    it('Esc closes the preview (desktop WeCom has a keyboard); other keys leave it open', async () => {
      const w = await mountPanel()
      const press = async (key: string) => {
        document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
        await flushPromises()
      }
      await item(w, all.image).get('button').trigger('click')
      expect(previewShown(w)).toBe(true)
      await press('Enter')
      expect(previewShown(w)).toBe(true)
      await press('Escape')
      expect(previewShown(w)).toBe(false)
      // Open again: Esc still closes it.
      await item(w, all.text).get('button').trigger('click')
      expect(previewShown(w)).toBe(true)
      await press('Escape')
      expect(previewShown(w)).toBe(false)
    })

    it.each([
      ['video', (w: VueWrapper) => expect(w.get('[data-test="material-preview"] video').attributes()).toHaveProperty('controls')],
      [
        'file',
        (w: VueWrapper) => {
          const p = w.get('[data-test="material-preview"]')
          expect(p.text()).toContain('报价单.pdf')
          expect(p.text()).toContain('PDF')
          expect(p.get('[data-test="material-open"]').attributes('href')).toMatch(/^\/files\/.+\/%E6%8A%A5%E4%BB%B7%E5%8D%95\.pdf$/)
        },
      ],
      ['link', (w: VueWrapper) => expect(w.get('[data-test="material-preview"]').text()).toContain('https://example.com/x3')],
      ['miniprogram', (w: VueWrapper) => expect(w.get('[data-test="material-preview"]').text()).toContain('pages/index/index.html')],
      [
        'groupShare',
        (w: VueWrapper) => {
          // The group's name and what the customer gets; Youmi's room id, flag and operator account stay in the admin editor.
          const text = w.get('[data-test="material-preview"]').text()
          expect(text).toContain('「星禾老客户福利群」的入群邀请')
          for (const hidden of ['@chatroom', 'flag', '运营号']) expect(text).not.toContain(hidden)
        },
      ],
      [
        'text',
        (w: VueWrapper) =>
          expect(w.get('[data-test="material-preview"] .full-text').text()).toBe(
            '您好，我是星禾的客户经理。\n门店地址：杭州市西湖区文三路 1 号',
          ),
      ],
    ] as const)('previews a %s', async (kind, check) => {
      const w = await mountPanel()
      await item(w, all[kind]).get('button').trigger('click')
      expect(w.get('[data-test="material-preview"]').attributes('data-kind')).toBe(kind)
      check(w)
    })

    it('a kind the channel cannot carry previews with the reason and a disabled 发送', async () => {
      const w = await mountPanel()
      await item(w, all.groupShare).get('button').trigger('click')
      expect(w.get('[data-test="material-preview-reason"]').text()).toBe('群共享只能通过定时群发')
      expect(w.get('[data-test="material-send"]').attributes('disabled')).toBeDefined()
      await w.get('[data-test="material-send"]').trigger('click')
      await flushPromises()
      expect(createSend).not.toHaveBeenCalled()
    })

    it('a failed send shows the reason and retries the same key', async () => {
      createSend.mockRejectedValueOnce(new ApiFailure(502, 'UPSTREAM_ERROR', '企业微信暂时出错'))
      const w = await mountPanel()
      await item(w, all.text).get('button').trigger('click')
      await w.get('[data-test="material-send"]').trigger('click')
      await flushPromises()
      expect(w.get('[data-test="send-progress"]').attributes('data-phase')).toBe('failed')
      expect(w.get('[data-test="send-error"]').text()).toBe('企业微信暂时出错')
      createSend.mockResolvedValueOnce(makeSend({ messages: [{ msgtype: 'text', text: { content: 'x' } }] }))
      await w.get('[data-test="send-retry"]').trigger('click')
      await flushPromises()
      expect(createSend.mock.calls[1]![0].idempotencyKey).toBe(createSend.mock.calls[0]![0].idempotencyKey)
      expect(w.get('[data-test="send-progress"]').attributes('data-phase')).toBe('sent')
    })
  })

  describe('多选', () => {
    const check = (w: VueWrapper, m: Material) => item(w, m).get('[data-test="material-check"]')

    it('ticks in tap order (1, 2, 3), renumbers after an untick, sends in that order', async () => {
      createSend.mockResolvedValue(makeSend({ channel: 'rpa', status: 'submitted', taskId: 9 }))
      const w = await mountPanel()
      await w.get('[data-test="material-channel-rpa"]').trigger('click')
      expect(w.find('[data-test="material-check"]').exists()).toBe(false)
      await w.get('[data-test="material-multi"]').trigger('click')
      await check(w, all.file).trigger('click')
      await item(w, all.text).get('button').trigger('click') // in multi mode a tap on the row ticks too
      await check(w, all.image).trigger('click')
      await check(w, all.groupShare).trigger('click')
      expect(check(w, all.file).attributes('data-order')).toBe('1')
      expect(check(w, all.text).attributes('data-order')).toBe('2')
      expect(check(w, all.image).attributes('data-order')).toBe('3')
      expect(check(w, all.groupShare).attributes('data-order')).toBe('4')
      expect(w.find('[data-test="material-preview"]').exists()).toBe(false)

      await check(w, all.text).trigger('click')
      expect(check(w, all.text).attributes('data-order')).toBeUndefined()
      expect(check(w, all.image).attributes('data-order')).toBe('2')
      expect(check(w, all.groupShare).attributes('data-order')).toBe('3')
      // A mini program cannot go through 定时群发: it cannot be ticked.
      expect(check(w, all.miniprogram).attributes('disabled')).toBeDefined()

      const button = w.get('[data-test="material-send-selected"]')
      expect(button.text()).toBe('按顺序发送 3 条')
      await button.trigger('click')
      await flushPromises()
      expect(createSend).toHaveBeenCalledTimes(1)
      const body = createSend.mock.calls[0]![0]
      expect(body.channel).toBe('rpa')
      expect(body.content).toEqual([all.file.content, all.image.content, all.groupShare.content])
      expect(body.materialIds).toEqual([all.file.id, all.image.id, all.groupShare.id])
      expect(CreateSend.safeParse(body).success).toBe(true)
      // Done: the selection is gone and the list is back to taps that preview.
      expect(w.find('[data-test="material-check"]').exists()).toBe(false)
      // The progress names the first and how many went (SendProgress.vue).
      expect(w.get('[data-test="send-what"]').text()).toBe('文件 · 报价单.pdf 等 3 项')
    })

    it('switching to a channel that cannot carry a ticked material drops it from the selection', async () => {
      const w = await mountPanel()
      await w.get('[data-test="material-multi"]').trigger('click')
      await check(w, all.miniprogram).trigger('click')
      await check(w, all.link).trigger('click')
      await w.get('[data-test="material-channel-rpa"]').trigger('click')
      expect(check(w, all.miniprogram).attributes('data-order')).toBeUndefined()
      expect(check(w, all.link).attributes('data-order')).toBe('1')
      expect(w.get('[data-test="material-send-selected"]').text()).toBe('按顺序发送 1 条')
    })

    it('takes at most 9 and says so', async () => {
      const many = Array.from({ length: 10 }, (_, i) => makeMaterial({ type: 'text', text: `第 ${i + 1} 条` }))
      listMaterials.mockResolvedValue(makeList(many))
      const w = await mountPanel()
      await w.get('[data-test="material-multi"]').trigger('click')
      for (const m of many) await check(w, m).trigger('click')
      expect(check(w, many[8]!).attributes('data-order')).toBe('9')
      expect(check(w, many[9]!).attributes('data-order')).toBeUndefined()
      expect(toast).toHaveBeenCalledWith('一次最多发送 9 条素材')
      expect(w.get('[data-test="material-send-selected"]').text()).toBe('按顺序发送 9 条')
    })

    it('nothing ticked: the send button is disabled; 完成 leaves multi-select and forgets the ticks', async () => {
      const w = await mountPanel()
      await w.get('[data-test="material-multi"]').trigger('click')
      expect(w.get('[data-test="material-send-selected"]').attributes('disabled')).toBeDefined()
      await check(w, all.text).trigger('click')
      await w.get('[data-test="material-multi"]').trigger('click')
      expect(w.find('[data-test="material-send-selected"]').exists()).toBe(false)
      await w.get('[data-test="material-multi"]').trigger('click')
      expect(check(w, all.text).attributes('data-order')).toBeUndefined()
    })
  })
})
