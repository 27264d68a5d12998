import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { YoumiIdentity } from '../../../contracts/contacts.js'
import type { Send } from '../../../contracts/sends.js'
import * as materialsApi from '../../api/materials.js'
import * as sendsApi from '../../api/sends.js'
import type { ChatTarget } from '../../stores/contact.js'
import { everyKind, makeList } from '../materials/testing.js'
import SendPanel from './SendPanel.vue'
import { TEST_YOUMI } from './testing.js'

vi.mock('../../api/materials.js', () => ({ listMaterials: vi.fn(), getMaterial: vi.fn() }))
vi.mock('../../api/sends.js', () => ({
  createSend: vi.fn(),
  reportSendResult: vi.fn(),
  cancelSend: vi.fn(),
  listSends: vi.fn(),
  refreshSendMedia: vi.fn(),
}))

const listMaterials = vi.mocked(materialsApi.listMaterials)
const listSends = vi.mocked(sendsApi.listSends)
const CONTACT: ChatTarget = { kind: 'contact', externalUserId: 'wmCustomerA' }
const GROUP: ChatTarget = { kind: 'group', chatId: 'wrGroupA' }
const FRIEND: ChatTarget = { kind: 'friend', friendId: 'f-1' }
const YOUMI = TEST_YOUMI
const FILE_ID = '6f1c2a4e-8a7b-4c1d-9e2f-0a1b2c3d4e5f'
const T0 = '2025-11-20T10:00:00.000Z'
const send = (id: string, content: Send['content'], over: Partial<Send> = {}): Send => ({
  id,
  channel: 'chat',
  status: 'sent',
  taskId: null,
  contact: { externalUserId: 'wmCustomerA' },
  group: null,
  content,
  scheduleAt: null,
  createdAt: T0,
  updatedAt: T0,
  error: null,
  ...over,
})

let pinia: Pinia
let wrapper: VueWrapper | null = null

async function mountPanel(props: { target?: ChatTarget; canChat?: boolean; youmi?: YoumiIdentity | null } = {}) {
  wrapper = mount(SendPanel, {
    props: { target: props.target ?? CONTACT, canChat: props.canChat ?? true, youmi: props.youmi ?? null },
    global: { plugins: [pinia], stubs: { teleport: true } },
  })
  await flushPromises()
  return wrapper
}
/** The 素材 tab is its own chunk: let the dynamic import and its first list arrive. */
async function settle() {
  for (let i = 0; i < 5; i++) {
    await vi.dynamicImportSettled()
    await flushPromises()
  }
}
const hidden = (w: VueWrapper, test: string) => /display: none/.test(w.get(`[data-test="${test}"]`).attributes('style') ?? '')

describe('SendPanel', () => {
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    vi.resetAllMocks()
    listSends.mockResolvedValue({ items: [], nextCursor: null })
    listMaterials.mockResolvedValue(makeList(Object.values(everyKind())))
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
  })

  it('opens on 编辑; 素材 loads the library the first time it is opened, and each tab keeps its state', async () => {
    const w = await mountPanel()
    expect(w.get('[data-test="tab-compose"]').attributes('aria-selected')).toBe('true')
    expect(w.find('[data-test="composer"]').exists()).toBe(true)
    expect(w.find('[data-test="materials-panel"]').exists()).toBe(false)
    expect(listMaterials).not.toHaveBeenCalled()

    await w.get('[data-test="tab-materials"]').trigger('click')
    await settle()
    expect(w.get('[data-test="tab-materials"]').attributes('aria-selected')).toBe('true')
    expect(hidden(w, 'composer')).toBe(true)
    expect(hidden(w, 'materials-panel')).toBe(false)
    expect(w.findAll('[data-test="material-item"]')).toHaveLength(7)

    await w.get('[data-test="material-search"]').setValue('报价')
    await w.get('[data-test="tab-compose"]').trigger('click')
    expect(hidden(w, 'composer')).toBe(false)
    expect(hidden(w, 'materials-panel')).toBe(true)
    await w.get('[data-test="tab-materials"]').trigger('click')
    expect((w.get('[data-test="material-search"]').element as HTMLInputElement).value).toBe('报价')
    // The recent sends stay below both tabs.
    expect(w.find('[data-test="recent-sends"]').exists()).toBe(true)
  })

  it('素材 stays chosen from customer to customer (the panel is mounted again for each), a fresh open starts at 编辑', async () => {
    let w = await mountPanel({ youmi: YOUMI })
    await w.get('[data-test="tab-materials"]').trigger('click')
    await settle()
    // CustomerView drops the panel while a customer not seen yet loads, then mounts it again for them.
    const next: { target: ChatTarget; canChat: boolean; youmi: YoumiIdentity | null }[] = [
      { target: GROUP, canChat: true, youmi: null },
      { target: { kind: 'contact', externalUserId: 'wmNoYoumi' }, canChat: true, youmi: null },
      { target: FRIEND, canChat: false, youmi: YOUMI },
    ]
    for (const props of next) {
      w.unmount()
      w = await mountPanel(props)
      await settle()
      expect(w.get('[data-test="tab-materials"]').attributes('aria-selected')).toBe('true')
      expect(hidden(w, 'composer')).toBe(true)
      expect(hidden(w, 'materials-panel')).toBe(false)
      expect(w.findAll('[data-test="material-item"]')).toHaveLength(7)
      // A channel that works here is chosen: chat for a group or a customer without Youmi, 定时群发 for a 企客聊 friend.
      const on = w.find('[data-test^="material-channel-"][aria-checked="true"]')
      expect(on.exists(), 'a channel is chosen').toBe(true)
      expect(on.attributes('data-test')).toBe(props.canChat ? 'material-channel-chat' : 'material-channel-rpa')
    }

    // 编辑 chosen again is kept the same way.
    await w.get('[data-test="tab-compose"]').trigger('click')
    w.unmount()
    w = await mountPanel()
    expect(w.get('[data-test="tab-compose"]').attributes('aria-selected')).toBe('true')
    expect(w.find('[data-test="materials-panel"]').exists()).toBe(false)

    // A fresh open of the sidebar (a new page, a new store) starts at 编辑.
    await w.get('[data-test="tab-materials"]').trigger('click')
    w.unmount()
    pinia = createPinia()
    setActivePinia(pinia)
    w = await mountPanel()
    expect(w.get('[data-test="tab-compose"]').attributes('aria-selected')).toBe('true')
  })

  it('refresh (pull to refresh) reloads the recent sends, and the library once its tab was opened', async () => {
    const w = await mountPanel()
    const panel = w.vm as unknown as { refresh(): Promise<void> }
    listSends.mockClear()
    await panel.refresh()
    expect(listSends).toHaveBeenCalledTimes(1)
    expect(listMaterials).not.toHaveBeenCalled()
    await w.get('[data-test="tab-materials"]').trigger('click')
    await settle()
    listMaterials.mockClear()
    await panel.refresh()
    expect(listMaterials).toHaveBeenCalledTimes(1)
  })

  it("coming back to 素材 fetches the library again, so an admin's edit reaches a sidebar open all day", async () => {
    const w = await mountPanel()
    await w.get('[data-test="tab-materials"]').trigger('click')
    await settle()
    await w.get('[data-test="tab-compose"]').trigger('click')
    listMaterials.mockClear()
    await w.get('[data-test="tab-materials"]').trigger('click')
    await settle()
    expect(listMaterials).toHaveBeenCalledTimes(1)
    // Clicking the tab it is already on is not a return.
    await w.get('[data-test="tab-materials"]').trigger('click')
    await settle()
    expect(listMaterials).toHaveBeenCalledTimes(1)
  })

  it('recent sends describe every kind', async () => {
    listSends.mockResolvedValue({
      items: [
        send('00000000-0000-4000-8000-0000000000a1', [
          { type: 'image', file: { fileId: FILE_ID, name: '展厅外观.png' } },
          { type: 'video', file: { fileId: FILE_ID, name: '新品预告.mp4' } },
        ]),
        send('00000000-0000-4000-8000-0000000000a2', [{ type: 'file', file: { fileId: FILE_ID, name: '报价单.pdf' } }], {
          channel: 'rpa',
          status: 'submitted',
          taskId: 3,
        }),
        send('00000000-0000-4000-8000-0000000000a3', [
          {
            type: 'miniprogram',
            appId: 'wx8bd80126147dfa6e',
            title: '星禾商城',
            page: 'pages/index/index.html',
            thumbUrl: 'https://example.com/a.png',
          },
          { type: 'link', url: 'https://example.com', title: 'X3 Pro 开孔图' },
        ]),
        send(
          '00000000-0000-4000-8000-0000000000a4',
          [
            {
              type: 'groupShare',
              roomId: '46218981780@chatroom',
              roomName: '星禾老客户福利群',
              flag: 'f',
              msgType: '6',
              wechatId: 1,
              wechatLei: 0,
            },
            { type: 'text', text: '欢迎\n进群' },
          ],
          { channel: 'rpa', status: 'submitted', taskId: 4 },
        ),
      ],
      nextCursor: null,
    })
    const w = await mountPanel()
    const lines = w.findAll('[data-test="send-item"] .text').map((x) => x.text())
    expect(lines).toEqual([
      '图片 · 展厅外观.png；视频 · 新品预告.mp4',
      '文件 · 报价单.pdf',
      '小程序 · 星禾商城；链接 · X3 Pro 开孔图',
      '群共享 · 星禾老客户福利群；欢迎 进群',
    ])
  })
})
