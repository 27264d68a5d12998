import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Playground } from '../../contracts/demo.js'
import { fetchPlayground } from '../api/demo.js'
import { ApiFailure } from '../api/http.js'
import { checkSimMedia } from '../api/sim-media.js'
import { PLAYGROUND_CHANNEL } from '../host/types.js'
import { useSessionStore } from '../stores/session.js'
import PlaygroundView from './PlaygroundView.vue'

vi.mock('../api/demo.js', () => ({ fetchPlayground: vi.fn() }))
vi.mock('../api/sim-media.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/sim-media.js')>()),
  checkSimMedia: vi.fn(),
}))

const playground: Playground = {
  contacts: [
    {
      externalUserId: 'wmAlice',
      name: '陈晓雯',
      avatar: '/sim/sim-assets/avatar/wmAlice.svg',
      preview: '顺便问下灯带怎么收费',
      messages: [
        { from: 'customer', text: '你好，想先把门锁定下来' },
        { from: 'staff', text: '建议选 X3 Pro' },
        { from: 'customer', text: '顺便问下灯带怎么收费' },
      ],
    },
    {
      externalUserId: 'wmBob',
      name: '赵建国',
      avatar: '',
      preview: '方案这周能出吗？',
      messages: [{ from: 'customer', text: '方案这周能出吗？' }],
    },
  ],
  groups: [
    {
      chatId: 'wrVip',
      name: '门锁VIP客户群',
      memberCount: 5,
      preview: '孙丽：几点开始？',
      messages: [
        { from: 'customer', text: '几点开始？', name: '孙丽' },
        { from: 'staff', text: '下午两点', name: '王芳' },
      ],
    },
  ],
}

const origin = window.location.origin
let wrapper: VueWrapper | null = null
/** Stands in for the iframe's window: happy-dom does not load iframe pages. */
let sidebar: { postMessage: ReturnType<typeof vi.fn> }

beforeEach(() => {
  // The open chat and its bubbles are kept for the browser session: each test starts a new one.
  sessionStorage.clear()
  setActivePinia(createPinia())
  vi.mocked(fetchPlayground).mockReset().mockResolvedValue(structuredClone(playground))
  vi.mocked(checkSimMedia).mockReset()
  sidebar = { postMessage: vi.fn() }
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

// Mounted outside the document: happy-dom does not load iframe pages (and complains when asked to).
async function open(): Promise<VueWrapper> {
  wrapper = mount(PlaygroundView)
  await flushPromises()
  const iframe = wrapper.find('[data-test="playground-sidebar"]')
  if (iframe.exists()) Object.defineProperty(iframe.element, 'contentWindow', { value: sidebar, configurable: true })
  return wrapper
}

function fromFrame(data: unknown, init: { origin?: string; source?: unknown } = {}): void {
  const event = new MessageEvent('message', { data, origin: init.origin ?? origin })
  Object.defineProperty(event, 'source', { value: 'source' in init ? init.source : sidebar })
  window.dispatchEvent(event)
}

const ready = () => fromFrame({ channel: PLAYGROUND_CHANNEL, type: 'ready' })
const sent = () => sidebar.postMessage.mock.calls.map(([message, target]) => ({ message, target }))

const bubbles = (w: VueWrapper) => w.findAll('[data-test="playground-message"]')
const title = (w: VueWrapper) => w.get('[data-test="playground-chat-title"]').text()

function item(w: VueWrapper, attr: 'data-contact-id' | 'data-chat-id', id: string) {
  return w.get(`[data-test="playground-chat-item"][${attr}="${id}"]`)
}

describe('PlaygroundView', () => {
  it.each([
    [true, ['/admin/materials']],
    [false, []],
  ])('links the admin pages from the banner for an admin (%s), in a tab of their own', async (isAdmin, links) => {
    useSessionStore().session = {
      userId: 'zhangwei',
      name: '张伟',
      corpId: 'ww1',
      agentId: '1000002',
      host: 'wecom',
      isAdmin,
      demo: true,
    }
    const w = await open()
    const link = w.findAll('[data-test="playground-admin-link"]')
    expect(link.map((a) => a.attributes('href'))).toEqual(links)
    if (isAdmin) expect(link[0]!.attributes()).toMatchObject({ target: '_blank', rel: 'noopener' })
  })

  it('shows the demo banner, every demo customer and group, and opens the first chat', async () => {
    const w = await open()
    expect(w.find('[data-test="playground"]').exists()).toBe(true)
    expect(w.get('[data-test="playground-banner"]').text()).toContain('演示模式：左侧是模拟的企业微信聊天')

    const items = w.findAll('[data-test="playground-chat-item"]')
    expect(items.map((i) => i.attributes('data-contact-id') ?? `group:${i.attributes('data-chat-id')}`)).toEqual([
      'wmAlice',
      'wmBob',
      'group:wrVip',
    ])
    expect(items[0]!.text()).toContain('顺便问下灯带怎么收费')
    expect(items[0]!.attributes('aria-current')).toBe('true')

    expect(title(w)).toBe('陈晓雯')
    expect(bubbles(w).map((b) => b.attributes('data-from'))).toEqual(['customer', 'staff', 'customer'])
    expect(w.get('[data-test="playground-sidebar"]').attributes('src')).toBe('/')
  })

  it('tells the sidebar the open chat when it is ready, and the new one on every switch', async () => {
    const w = await open()
    expect(sidebar.postMessage).not.toHaveBeenCalled()

    ready()
    expect(sent()).toEqual([
      {
        message: { channel: PLAYGROUND_CHANNEL, type: 'context', context: { kind: 'contact', externalUserId: 'wmAlice' } },
        target: origin,
      },
    ])

    await item(w, 'data-chat-id', 'wrVip').trigger('click')
    expect(sent().at(-1)).toEqual({
      message: { channel: PLAYGROUND_CHANNEL, type: 'context', context: { kind: 'group', chatId: 'wrVip' } },
      target: origin,
    })
    expect(title(w)).toBe('门锁VIP客户群')
    expect(w.get('.chat-window header').text()).toBe('门锁VIP客户群（5）')
    // A group line names its speaker; a colleague's line sits on the left like a customer's, with the name.
    expect(bubbles(w)[0]!.text()).toContain('孙丽')
    expect(bubbles(w)[1]!.text()).toContain('王芳')
    expect(bubbles(w)[1]!.attributes('data-from')).toBe('staff')
    expect(bubbles(w)[1]!.classes()).toContain('theirs')

    await item(w, 'data-contact-id', 'wmBob').trigger('click')
    expect(sent().at(-1)?.message).toEqual({
      channel: PLAYGROUND_CHANNEL,
      type: 'context',
      context: { kind: 'contact', externalUserId: 'wmBob' },
    })
    // Clicking the open chat again tells nothing new.
    const count = sent().length
    await item(w, 'data-contact-id', 'wmBob').trigger('click')
    expect(sent()).toHaveLength(count)

    // A reloaded sidebar says hello again and is told the chat that is open now.
    ready()
    expect(sent().at(-1)?.message).toMatchObject({ type: 'context', context: { externalUserId: 'wmBob' } })
  })

  it('puts what the sidebar sends into the open chat and answers it', async () => {
    const w = await open()
    ready()
    fromFrame({ channel: PLAYGROUND_CHANNEL, type: 'send', id: 'send-1', message: { msgtype: 'text', text: { content: '开孔图发您了' } } })
    await flushPromises()
    expect(bubbles(w)).toHaveLength(4)
    expect(bubbles(w).at(-1)!.attributes('data-from')).toBe('staff')
    expect(bubbles(w).at(-1)!.text()).toContain('开孔图发您了')
    expect(sent().at(-1)).toEqual({ message: { channel: PLAYGROUND_CHANNEL, type: 'sendResult', id: 'send-1', ok: true }, target: origin })

    fromFrame({
      channel: PLAYGROUND_CHANNEL,
      type: 'send',
      id: 'send-2',
      message: {
        msgtype: 'news',
        news: { link: 'https://example.com/lock', title: 'X3 Pro 开孔图', desc: '装修师傅按图开孔', imgUrl: 'https://example.com/x3.png' },
      },
    })
    await flushPromises()
    const card = w.get('[data-test="playground-link-card"]')
    expect(card.attributes('href')).toBe('https://example.com/lock')
    expect(card.text()).toContain('X3 Pro 开孔图')
    expect(card.text()).toContain('装修师傅按图开孔')
    expect(card.get('img').attributes('src')).toBe('https://example.com/x3.png')
    expect(sent().at(-1)?.message).toEqual({ channel: PLAYGROUND_CHANNEL, type: 'sendResult', id: 'send-2', ok: true })
    // The chat list shows the latest line, as a chat client does.
    expect(item(w, 'data-contact-id', 'wmAlice').text()).toContain('[链接] X3 Pro 开孔图')
  })

  describe('pictures, videos, files and mini programs', () => {
    const MEDIA = 'a1B2c3D4e5F6'
    const sendMedia = (id: string, message: unknown) => fromFrame({ channel: PLAYGROUND_CHANNEL, type: 'send', id, message })
    const valid = (type: 'image' | 'video' | 'file', filename: string, size: number) =>
      ({
        valid: true,
        errcode: 0,
        errmsg: 'ok',
        type,
        filename,
        size,
        contentUrl: `http://127.0.0.1:9/wecom/media/${MEDIA}/content`,
      }) as const

    it('checks a media id with the simulator and shows the picture from our own origin', async () => {
      vi.mocked(checkSimMedia).mockResolvedValue(valid('image', '展厅外观.png', 245_760))
      const w = await open()
      ready()
      sendMedia('m1', { msgtype: 'image', image: { mediaid: MEDIA } })
      await flushPromises()
      expect(checkSimMedia).toHaveBeenCalledWith(MEDIA)
      const img = w.get('[data-test="playground-image"]')
      // Whatever host the simulator names, the page loads the bytes through the proxy's /sim pass-through.
      expect(img.attributes('src')).toBe(`/sim/wecom/media/${MEDIA}/content`)
      expect(img.attributes('alt')).toBe('展厅外观.png')
      expect(sent().at(-1)?.message).toEqual({ channel: PLAYGROUND_CHANNEL, type: 'sendResult', id: 'm1', ok: true })
      expect(item(w, 'data-contact-id', 'wmAlice').text()).toContain('[图片]')
    })

    it('a video plays in the chat', async () => {
      vi.mocked(checkSimMedia).mockResolvedValue(valid('video', '新品预告.mp4', 3_300_000))
      const w = await open()
      sendMedia('m2', { msgtype: 'video', video: { mediaid: MEDIA } })
      await flushPromises()
      const video = w.get('[data-test="playground-video"]')
      expect(video.attributes('src')).toBe(`/sim/wecom/media/${MEDIA}/content`)
      expect(video.attributes()).toHaveProperty('controls')
      expect(item(w, 'data-contact-id', 'wmAlice').text()).toContain('[视频]')
    })

    it('a file is a card with its name, size and format, downloadable', async () => {
      vi.mocked(checkSimMedia).mockResolvedValue(valid('file', '报价单.pdf', 120_000))
      const w = await open()
      sendMedia('m3', { msgtype: 'file', file: { mediaid: MEDIA } })
      await flushPromises()
      const card = w.get('[data-test="playground-file"]')
      expect(card.text()).toContain('报价单.pdf')
      expect(card.text()).toContain('117 KB')
      expect(card.text()).toContain('PDF')
      expect(card.attributes('href')).toBe(`/sim/wecom/media/${MEDIA}/content`)
      expect(item(w, 'data-contact-id', 'wmAlice').text()).toContain('[文件] 报价单.pdf')
    })

    it('an id WeCom would refuse fails the send like WeCom (40007), and nothing shows in the chat', async () => {
      vi.mocked(checkSimMedia).mockResolvedValue({ valid: false, errcode: 40007, errmsg: 'invalid media_id' })
      const w = await open()
      sendMedia('m4', { msgtype: 'image', image: { mediaid: MEDIA } })
      await flushPromises()
      expect(bubbles(w)).toHaveLength(3)
      expect(sent().at(-1)?.message).toEqual({
        channel: PLAYGROUND_CHANNEL,
        type: 'sendResult',
        id: 'm4',
        ok: false,
        errMsg: 'sendChatMessage:fail 40007 invalid media_id',
      })
    })

    it('an id that is not one is refused without asking (it never shapes a path)', async () => {
      const w = await open()
      sendMedia('m5', { msgtype: 'file', file: { mediaid: '../../__sim/counts' } })
      await flushPromises()
      expect(checkSimMedia).not.toHaveBeenCalled()
      expect(sent().at(-1)?.message).toMatchObject({ id: 'm5', ok: false, errMsg: 'sendChatMessage:fail 40007 invalid media_id' })
      expect(bubbles(w)).toHaveLength(3)
    })

    it('the simulator not answering fails the send with the reason', async () => {
      vi.mocked(checkSimMedia).mockRejectedValue(new ApiFailure(502, 'SIMULATOR_UNREACHABLE', '演示用的模拟器没有响应，请重启服务。'))
      await open()
      sendMedia('m6', { msgtype: 'image', image: { mediaid: MEDIA } })
      await flushPromises()
      expect(sent().at(-1)?.message).toMatchObject({
        id: 'm6',
        ok: false,
        errMsg: 'sendChatMessage:fail 演示用的模拟器没有响应，请重启服务。',
      })
    })

    it('the message goes into the chat that was open when it arrived', async () => {
      let answer!: (v: ReturnType<typeof valid>) => void
      vi.mocked(checkSimMedia).mockReturnValue(new Promise((resolve) => (answer = resolve)))
      const w = await open()
      sendMedia('m7', { msgtype: 'image', image: { mediaid: MEDIA } })
      await item(w, 'data-contact-id', 'wmBob').trigger('click')
      answer(valid('image', 'a.png', 100))
      await flushPromises()
      expect(w.find('[data-test="playground-image"]').exists()).toBe(false)
      await item(w, 'data-contact-id', 'wmAlice').trigger('click')
      expect(w.find('[data-test="playground-image"]').exists()).toBe(true)
    })

    it('a mini program arrives as its card', async () => {
      const w = await open()
      sendMedia('m8', {
        msgtype: 'miniprogram',
        miniprogram: {
          appid: 'wx8bd80126147dfa6e',
          title: '星禾商城',
          imgUrl: 'https://example.com/mall.png',
          page: 'pages/index/index.html',
        },
      })
      await flushPromises()
      const card = w.get('[data-test="playground-miniprogram"]')
      expect(card.text()).toContain('星禾商城')
      expect(card.text()).toContain('小程序')
      expect(card.get('img').attributes('src')).toBe('https://example.com/mall.png')
      expect(item(w, 'data-contact-id', 'wmAlice').text()).toContain('[小程序] 星禾商城')
      expect(sent().at(-1)?.message).toMatchObject({ id: 'm8', ok: true })
    })
  })

  it('keeps what was sent into a chat when switching away and back', async () => {
    const w = await open()
    ready()
    fromFrame({ channel: PLAYGROUND_CHANNEL, type: 'send', id: 's', message: { msgtype: 'text', text: { content: '留在这里' } } })
    await item(w, 'data-contact-id', 'wmBob').trigger('click')
    expect(w.get('[data-test="playground-messages"]').text()).not.toContain('留在这里')
    await item(w, 'data-contact-id', 'wmAlice').trigger('click')
    expect(bubbles(w).at(-1)!.text()).toContain('留在这里')
  })

  it('keeps the open chat and what was sent into it across a reload in the same browser session', async () => {
    const w = await open()
    ready()
    await item(w, 'data-contact-id', 'wmBob').trigger('click')
    fromFrame({ channel: PLAYGROUND_CHANNEL, type: 'send', id: 's', message: { msgtype: 'text', text: { content: '刷新也在' } } })
    await flushPromises()
    w.unmount()
    wrapper = null
    // A reload: a new page (a new store), the same tab's sessionStorage.
    setActivePinia(createPinia())
    const again = await open()
    expect(item(again, 'data-contact-id', 'wmBob').attributes('aria-current')).toBe('true')
    expect(bubbles(again).at(-1)!.text()).toContain('刷新也在')
  })

  it('ignores messages from another origin, another window, or in another shape', async () => {
    const w = await open()
    const send = { channel: PLAYGROUND_CHANNEL, type: 'send', id: 'evil', message: { msgtype: 'text', text: { content: '不该出现' } } }
    fromFrame({ channel: PLAYGROUND_CHANNEL, type: 'ready' }, { origin: 'https://evil.example' })
    fromFrame(send, { origin: 'https://evil.example' })
    fromFrame(send, { source: window })
    fromFrame({ ...send, message: { msgtype: 'image', image: {} } })
    fromFrame({ ...send, message: { msgtype: 'voice', voice: { mediaid: 'x' } } })
    fromFrame({ ...send, message: { msgtype: 'miniprogram', miniprogram: { appid: 'wx1', title: '缺页面', imgUrl: '' } } })
    fromFrame({ channel: 'other', type: 'ready' })
    await flushPromises()
    expect(w.text()).not.toContain('不该出现')
    expect(bubbles(w)).toHaveLength(3)
    expect(sidebar.postMessage).not.toHaveBeenCalled()
    expect(checkSimMedia).not.toHaveBeenCalled()
  })

  it('does not make a link the sidebar sent clickable unless it is a web link', async () => {
    const w = await open()
    fromFrame({
      channel: PLAYGROUND_CHANNEL,
      type: 'send',
      id: 'x',
      message: { msgtype: 'news', news: { link: 'javascript:alert(1)', title: '坏链接', desc: '', imgUrl: 'javascript:alert(2)' } },
    })
    await flushPromises()
    const card = w.get('[data-test="playground-link-card"]')
    expect(card.attributes('href')).toBeUndefined()
    expect(card.find('img').exists()).toBe(false)
  })

  it('lets the visitor type as the staff member, only on this page', async () => {
    const w = await open()
    ready()
    const before = sent().length
    await w.get('[data-test="playground-input"]').setValue('  我自己打的字  ')
    await w.get('[data-test="playground-input"]').trigger('keydown', { key: 'Enter' })
    expect(bubbles(w).at(-1)!.attributes('data-from')).toBe('staff')
    expect(bubbles(w).at(-1)!.text()).toContain('我自己打的字')
    expect((w.get('[data-test="playground-input"]').element as HTMLTextAreaElement).value).toBe('')
    expect(sent()).toHaveLength(before)
  })

  it('shows the error with a retry, then the chats', async () => {
    vi.mocked(fetchPlayground).mockRejectedValueOnce(new ApiFailure(502, 'UPSTREAM', '模拟器没有响应'))
    const w = await open()
    expect(w.get('[data-test="state-panel"]').attributes('data-state')).toBe('error')
    expect(w.text()).toContain('模拟器没有响应')
    // The sidebar's frame does not wait for the page's data: it is there, loading, whatever the chats do.
    expect(w.find('[data-test="playground-sidebar"]').exists()).toBe(true)
    await w.get('[data-test="state-action"]').trigger('click')
    await flushPromises()
    expect(w.findAll('[data-test="playground-chat-item"]')).toHaveLength(3)
  })

  it('shows loading first, and an empty state when the staff member has no demo chats', async () => {
    let answer!: (p: Playground) => void
    vi.mocked(fetchPlayground).mockReturnValueOnce(new Promise((resolve) => (answer = resolve)))
    wrapper = mount(PlaygroundView)
    await flushPromises()
    expect(wrapper.get('[data-test="state-panel"]').attributes('data-state')).toBe('loading')
    // The frame starts at once, in parallel with the page's own data.
    expect(wrapper.get('[data-test="playground-sidebar"]').attributes('src')).toBe('/')
    answer({ contacts: [], groups: [] })
    await flushPromises()
    expect(wrapper.get('[data-test="state-panel"]').attributes('data-state')).toBe('empty')
    expect(wrapper.text()).toContain('没有可演示的聊天')
  })
})
