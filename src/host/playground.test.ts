import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ChatMessage } from '../../contracts/sends.js'
import { createPlaygroundHost, parsePlaygroundToSidebar, parseSidebarToPlayground } from './playground.js'
import { HostError, PLAYGROUND_CHANNEL, type Host, type HostContext, type SidebarToPlayground } from './types.js'

// happy-dom's window is its own parent; a stand-in parent lets a test tell the page apart from any other window.
const parent = { postMessage: vi.fn<(message: unknown, targetOrigin: string) => void>() }
const realParent = Object.getOwnPropertyDescriptor(window, 'parent')
const origin = window.location.origin
let host: Host | null = null

beforeEach(() => {
  parent.postMessage.mockReset()
  Object.defineProperty(window, 'parent', { value: parent, configurable: true })
})

afterEach(() => {
  host?.dispose()
  host = null
  vi.useRealTimers()
  if (realParent) Object.defineProperty(window, 'parent', realParent)
  else Reflect.deleteProperty(window, 'parent')
})

function fromPage(data: unknown, init: { origin?: string; source?: unknown } = {}) {
  const event = new MessageEvent('message', { data, origin: init.origin ?? origin })
  // happy-dom's MessageEvent keeps only real windows as `source`; the stand-in parent is set as the browser would.
  Object.defineProperty(event, 'source', { value: 'source' in init ? init.source : parent })
  window.dispatchEvent(event)
}

const context = (c: HostContext) => ({ channel: PLAYGROUND_CHANNEL, type: 'context', context: c })
const contact = (externalUserId: string): HostContext => ({ kind: 'contact', externalUserId })
const text: ChatMessage = { msgtype: 'text', text: { content: '您好' } }

/** What the sidebar posted to the page, in order. */
const posted = () => parent.postMessage.mock.calls.map(([message]) => message as SidebarToPlayground)

function start(options: Parameters<typeof createPlaygroundHost>[0] = {}): Host {
  host = createPlaygroundHost(options)
  return host
}

describe('createPlaygroundHost', () => {
  it('says it is ready to the page, only to our own origin', () => {
    const h = start()
    expect(h.kind).toBe('playground')
    expect(h.canSendToChat).toBe(true)
    expect(parent.postMessage).toHaveBeenCalledWith({ channel: PLAYGROUND_CHANNEL, type: 'ready' }, origin)
  })

  it('resolves the context the page sends, and keeps the latest', async () => {
    const h = start()
    const asked = h.getContext()
    fromPage(context(contact('wmA')))
    await expect(asked).resolves.toEqual(contact('wmA'))
    fromPage(context({ kind: 'group', chatId: 'wrB' }))
    await expect(h.getContext()).resolves.toEqual({ kind: 'group', chatId: 'wrB' })
  })

  it('tells listeners when the page switches to another chat, not when it repeats the same one', async () => {
    const h = start()
    const listener = vi.fn()
    h.onContextChange(listener)
    const asked = h.getContext()
    fromPage(context(contact('wmA')))
    await asked
    expect(listener).not.toHaveBeenCalled()

    fromPage(context(contact('wmA')))
    expect(listener).not.toHaveBeenCalled()
    fromPage(context(contact('wmB')))
    expect(listener).toHaveBeenCalledTimes(1)
    await expect(h.getContext()).resolves.toEqual(contact('wmB'))
  })

  it('stops telling a listener once it unsubscribed', () => {
    const h = start()
    const listener = vi.fn()
    const off = h.onContextChange(listener)
    fromPage(context(contact('wmA')))
    expect(listener).toHaveBeenCalledTimes(1)
    off()
    fromPage(context(contact('wmB')))
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it('ignores a context from another origin or from another window', async () => {
    vi.useFakeTimers()
    const h = start()
    const listener = vi.fn()
    h.onContextChange(listener)
    const asked = h.getContext()
    const outcome = asked.catch((err: unknown) => err)
    fromPage(context(contact('wmEvil')), { origin: 'https://evil.example' })
    fromPage(context(contact('wmEvil')), { source: window })
    fromPage(context(contact('wmEvil')), { source: null })
    await vi.advanceTimersByTimeAsync(5_000)
    const err = await outcome
    expect(err).toBeInstanceOf(HostError)
    expect((err as HostError).reason).toBe('playgroundLost')
    expect(listener).not.toHaveBeenCalled()
  })

  it('ignores malformed messages silently', async () => {
    vi.useFakeTimers()
    const h = start()
    const outcome = h.getContext().catch((err: unknown) => err)
    for (const data of [
      null,
      'context',
      { type: 'context', context: contact('wmA') },
      { channel: 'other', type: 'context', context: contact('wmA') },
      { channel: PLAYGROUND_CHANNEL, type: 'context' },
      { channel: PLAYGROUND_CHANNEL, type: 'context', context: { kind: 'contact' } },
      { channel: PLAYGROUND_CHANNEL, type: 'context', context: { kind: 'contact', externalUserId: '' } },
      { channel: PLAYGROUND_CHANNEL, type: 'context', context: { kind: 'stranger', id: 'x' } },
      { channel: PLAYGROUND_CHANNEL, type: 'sendResult', id: 42, ok: true },
      { channel: PLAYGROUND_CHANNEL, type: 'launch' },
    ]) {
      expect(() => fromPage(data)).not.toThrow()
    }
    await vi.advanceTimersByTimeAsync(5_000)
    expect(await outcome).toMatchObject({ reason: 'playgroundLost' })
    // A well-formed context still gets through afterwards.
    fromPage(context(contact('wmA')))
    await expect(h.getContext()).resolves.toEqual(contact('wmA'))
  })

  it('fails with playgroundLost when no context comes within 5 s, and asks again on the next try', async () => {
    vi.useFakeTimers()
    const h = start()
    const listener = vi.fn()
    h.onContextChange(listener)
    const first = h.getContext().catch((err: unknown) => err)
    await vi.advanceTimersByTimeAsync(4_999)
    // The sidebar's own kind of message is no answer.
    fromPage({ channel: PLAYGROUND_CHANNEL, type: 'ready' })
    await vi.advanceTimersByTimeAsync(1)
    expect(await first).toMatchObject({ name: 'HostError', reason: 'playgroundLost' })

    parent.postMessage.mockClear()
    const second = h.getContext()
    expect(posted()).toEqual([{ channel: PLAYGROUND_CHANNEL, type: 'ready' }])
    fromPage(context(contact('wmA')))
    await expect(second).resolves.toEqual(contact('wmA'))
    // Someone was waiting for it: that answer is enough, no extra change to report.
    expect(listener).not.toHaveBeenCalled()
  })

  it('lets listeners recover when the first context arrives after every asker gave up', async () => {
    vi.useFakeTimers()
    const h = start()
    const listener = vi.fn()
    h.onContextChange(listener)
    const asked = h.getContext().catch((err: unknown) => err)
    await vi.advanceTimersByTimeAsync(5_000)
    await asked
    fromPage(context(contact('wmLate')))
    expect(listener).toHaveBeenCalledTimes(1)
  })

  describe('sendChatMessage', () => {
    function lastSend(): Extract<SidebarToPlayground, { type: 'send' }> {
      const send = posted()
        .filter((m) => m.type === 'send')
        .at(-1)
      if (!send || send.type !== 'send') throw new Error('nothing was sent')
      return send
    }

    it('posts the message to the page and resolves when the page says it is in the chat', async () => {
      const h = start()
      const sent = h.sendChatMessage(text)
      const send = lastSend()
      expect(send).toEqual({ channel: PLAYGROUND_CHANNEL, type: 'send', id: expect.any(String), message: text })
      expect(parent.postMessage).toHaveBeenLastCalledWith(send, origin)
      fromPage({ channel: PLAYGROUND_CHANNEL, type: 'sendResult', id: send.id, ok: true })
      await expect(sent).resolves.toBeUndefined()
    })

    it('matches each answer to its own send', async () => {
      const h = start()
      const first = h.sendChatMessage(text)
      const firstId = lastSend().id
      const second = h.sendChatMessage({ msgtype: 'news', news: { link: 'https://x.example', title: 'T', desc: '', imgUrl: '' } })
      const secondId = lastSend().id
      expect(secondId).not.toBe(firstId)
      fromPage({ channel: PLAYGROUND_CHANNEL, type: 'sendResult', id: secondId, ok: false, errMsg: 'sendChatMessage:fail' })
      fromPage({ channel: PLAYGROUND_CHANNEL, type: 'sendResult', id: firstId, ok: true })
      await expect(first).resolves.toBeUndefined()
      await expect(second).rejects.toMatchObject({ reason: 'unknown', detail: 'sendChatMessage:fail' })
    })

    it('rejects with cancelled when the page says the staff member cancelled', async () => {
      const h = start()
      const sent = h.sendChatMessage(text)
      fromPage({ channel: PLAYGROUND_CHANNEL, type: 'sendResult', id: lastSend().id, ok: false, errMsg: 'sendChatMessage:cancel' })
      const err = await sent.catch((e: unknown) => e)
      expect(err).toBeInstanceOf(HostError)
      expect(err).toMatchObject({ reason: 'cancelled', detail: 'sendChatMessage:cancel' })
    })

    it('rejects with unknown and the page’s words for any other failure', async () => {
      const h = start()
      const sent = h.sendChatMessage(text)
      fromPage({
        channel: PLAYGROUND_CHANNEL,
        type: 'sendResult',
        id: lastSend().id,
        ok: false,
        errMsg: 'sendChatMessage:fail chat closed',
      })
      await expect(sent).rejects.toMatchObject({ reason: 'unknown', detail: 'sendChatMessage:fail chat closed' })
    })

    it('ignores an answer from another origin or window, then times out with playgroundLost after 10 s', async () => {
      vi.useFakeTimers()
      const h = start()
      const outcome = h.sendChatMessage(text).then(
        () => 'resolved',
        (err: unknown) => err,
      )
      const id = lastSend().id
      fromPage({ channel: PLAYGROUND_CHANNEL, type: 'sendResult', id, ok: true }, { origin: 'https://evil.example' })
      fromPage({ channel: PLAYGROUND_CHANNEL, type: 'sendResult', id, ok: true }, { source: window })
      fromPage({ channel: PLAYGROUND_CHANNEL, type: 'sendResult', id: 'someone-else', ok: true })
      await vi.advanceTimersByTimeAsync(9_999)
      fromPage({ channel: PLAYGROUND_CHANNEL, type: 'sendResult', id, ok: 'yes' })
      await vi.advanceTimersByTimeAsync(1)
      const err = await outcome
      expect(err).toBeInstanceOf(HostError)
      expect(err).toMatchObject({ reason: 'playgroundLost' })
      // A late answer for a send that already timed out changes nothing.
      expect(() => fromPage({ channel: PLAYGROUND_CHANNEL, type: 'sendResult', id, ok: true })).not.toThrow()
    })

    it('posts a plain copy, so a reactive message from a store can cross postMessage', async () => {
      const { reactive } = await import('vue')
      const h = start()
      const message = reactive<ChatMessage>({ msgtype: 'text', text: { content: '来自 store' } })
      void h.sendChatMessage(message).catch(() => {})
      const sent = lastSend().message
      expect(sent).toEqual({ msgtype: 'text', text: { content: '来自 store' } })
      expect(sent).not.toBe(message)
      expect(() => structuredClone(sent)).not.toThrow()
    })
  })

  it('dispose stops listening and settles what was pending', async () => {
    const h = start()
    const listener = vi.fn()
    h.onContextChange(listener)
    const asked = h.getContext().catch((err: unknown) => err)
    const sent = h.sendChatMessage(text).catch((err: unknown) => err)
    h.dispose()
    host = null
    expect(await asked).toMatchObject({ reason: 'playgroundLost' })
    expect(await sent).toMatchObject({ reason: 'playgroundLost' })
    fromPage(context(contact('wmA')))
    expect(listener).not.toHaveBeenCalled()
    await expect(h.getContext()).rejects.toMatchObject({ reason: 'playgroundLost' })
  })
})

describe('the protocol parsers', () => {
  it('accept the page’s and the sidebar’s messages and drop extra keys', () => {
    expect(parsePlaygroundToSidebar({ ...context(contact('wmA')), extra: 1 })).toEqual(context(contact('wmA')))
    expect(parseSidebarToPlayground({ channel: PLAYGROUND_CHANNEL, type: 'send', id: 'a', message: text })).toEqual({
      channel: PLAYGROUND_CHANNEL,
      type: 'send',
      id: 'a',
      message: text,
    })
  })

  it('carry every chat message kind the proxy hands out (pictures, videos and files by media id, mini programs)', () => {
    const kinds: SidebarToPlayground[] = [
      { channel: PLAYGROUND_CHANNEL, type: 'send', id: 'i', message: { msgtype: 'image', image: { mediaid: 'M1' } } },
      { channel: PLAYGROUND_CHANNEL, type: 'send', id: 'v', message: { msgtype: 'video', video: { mediaid: 'M2' } } },
      { channel: PLAYGROUND_CHANNEL, type: 'send', id: 'f', message: { msgtype: 'file', file: { mediaid: 'M3' } } },
      {
        channel: PLAYGROUND_CHANNEL,
        type: 'send',
        id: 'p',
        message: {
          msgtype: 'miniprogram',
          miniprogram: { appid: 'wx8bd80126147dfa6e', title: '商城', imgUrl: 'https://example.com/a.png', page: 'pages/index/index.html' },
        },
      },
    ]
    for (const m of kinds) expect(parseSidebarToPlayground(m)).toEqual(m)
    // A media message without its id, or a mini program without its page, is not one.
    expect(
      parseSidebarToPlayground({ channel: PLAYGROUND_CHANNEL, type: 'send', id: 'x', message: { msgtype: 'video', video: {} } }),
    ).toBeNull()
    expect(
      parseSidebarToPlayground({ channel: PLAYGROUND_CHANNEL, type: 'send', id: 'x', message: { msgtype: 'file', file: { mediaid: 42 } } }),
    ).toBeNull()
    expect(
      parseSidebarToPlayground({
        channel: PLAYGROUND_CHANNEL,
        type: 'send',
        id: 'x',
        message: { msgtype: 'miniprogram', miniprogram: { appid: 'wx1', title: 't', imgUrl: '' } },
      }),
    ).toBeNull()
  })

  it('refuse anything else', () => {
    expect(parseSidebarToPlayground({ channel: PLAYGROUND_CHANNEL, type: 'send', id: 'a', message: { msgtype: 'image' } })).toBeNull()
    expect(parseSidebarToPlayground(context(contact('wmA')))).toBeNull()
    expect(parsePlaygroundToSidebar({ channel: PLAYGROUND_CHANNEL, type: 'ready' })).toBeNull()
    expect(parsePlaygroundToSidebar(undefined)).toBeNull()
  })
})
