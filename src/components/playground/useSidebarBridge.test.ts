import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, shallowRef } from 'vue'
import type { ChatMessage } from '../../../contracts/sends.js'
import { PLAYGROUND_CHANNEL, type HostContext } from '../../host/types.js'
import { useSidebarBridge } from './useSidebarBridge.js'

const origin = window.location.origin
const text: ChatMessage = { msgtype: 'text', text: { content: '你好' } }

/** An iframe whose window is a stand-in: happy-dom does not load iframe pages. */
function fakeFrame() {
  const win = { postMessage: vi.fn() }
  const frame = document.createElement('iframe')
  Object.defineProperty(frame, 'contentWindow', { value: win })
  return { frame, win }
}

function fromWindow(source: unknown, data: unknown, from = origin) {
  const event = new MessageEvent('message', { data, origin: from })
  Object.defineProperty(event, 'source', { value: source })
  window.dispatchEvent(event)
}

function setup(receive: (m: ChatMessage) => boolean = () => true) {
  const first = fakeFrame()
  const frame = shallowRef<HTMLIFrameElement | null>(first.frame)
  const context = shallowRef<HostContext | null>({ kind: 'contact', externalUserId: 'wmA' })
  const wrapper = mount(
    defineComponent({
      setup() {
        useSidebarBridge({ frame, context, receive })
        return () => h('div')
      },
    }),
  )
  return { wrapper, frame, context, first }
}

let unmount: (() => void) | null = null
afterEach(() => {
  unmount?.()
  unmount = null
})

describe('useSidebarBridge', () => {
  it('tells the sidebar nothing before it says it is ready', async () => {
    const { wrapper, context, first } = setup()
    unmount = () => wrapper.unmount()
    context.value = { kind: 'contact', externalUserId: 'wmB' }
    await nextTick()
    expect(first.win.postMessage).not.toHaveBeenCalled()
    fromWindow(first.win, { channel: PLAYGROUND_CHANNEL, type: 'ready' })
    expect(first.win.postMessage).toHaveBeenCalledWith(
      { channel: PLAYGROUND_CHANNEL, type: 'context', context: { kind: 'contact', externalUserId: 'wmB' } },
      origin,
    )
  })

  it('waits for a new iframe to say hello before telling it the chat', async () => {
    const { wrapper, frame, context, first } = setup()
    unmount = () => wrapper.unmount()
    fromWindow(first.win, { channel: PLAYGROUND_CHANNEL, type: 'ready' })
    const second = fakeFrame()
    frame.value = second.frame
    await nextTick()
    context.value = { kind: 'group', chatId: 'wrG' }
    await nextTick()
    expect(second.win.postMessage).not.toHaveBeenCalled()
    // The old iframe's window is no one now.
    fromWindow(first.win, { channel: PLAYGROUND_CHANNEL, type: 'ready' })
    expect(second.win.postMessage).not.toHaveBeenCalled()
    fromWindow(second.win, { channel: PLAYGROUND_CHANNEL, type: 'ready' })
    expect(second.win.postMessage).toHaveBeenCalledWith(
      { channel: PLAYGROUND_CHANNEL, type: 'context', context: { kind: 'group', chatId: 'wrG' } },
      origin,
    )
  })

  it('answers a send with a failure when no chat can take it', () => {
    const receive = vi.fn(() => false)
    const { wrapper, first } = setup(receive)
    unmount = () => wrapper.unmount()
    fromWindow(first.win, { channel: PLAYGROUND_CHANNEL, type: 'send', id: 'a', message: text })
    expect(receive).toHaveBeenCalledWith(text)
    expect(first.win.postMessage).toHaveBeenCalledWith(
      { channel: PLAYGROUND_CHANNEL, type: 'sendResult', id: 'a', ok: false, errMsg: 'sendChatMessage:fail no chat is open' },
      origin,
    )
  })

  it('stops listening when the page goes away', () => {
    const receive = vi.fn(() => true)
    const { wrapper, first } = setup(receive)
    wrapper.unmount()
    fromWindow(first.win, { channel: PLAYGROUND_CHANNEL, type: 'send', id: 'a', message: text })
    expect(receive).not.toHaveBeenCalled()
    expect(first.win.postMessage).not.toHaveBeenCalled()
  })
})
