import * as ww from '@wecom/jssdk'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ChatMessage } from '../../contracts/sends.js'
import type { Signatures } from '../../contracts/signatures.js'
import { fetchSignatures } from '../api/signatures.js'
import { HostError, type Host } from './types.js'
import { createWecomHost } from './wecom.js'

vi.mock('@wecom/jssdk', () => ({
  register: vi.fn(),
  getContext: vi.fn(),
  getCurExternalContact: vi.fn(),
  getCurExternalChat: vi.fn(),
  sendChatMessage: vi.fn(),
}))
vi.mock('../api/signatures.js', () => ({ fetchSignatures: vi.fn() }))

const register = vi.mocked(ww.register)
const getContext = vi.mocked(ww.getContext)
const getCurExternalContact = vi.mocked(ww.getCurExternalContact)
const getCurExternalChat = vi.mocked(ww.getCurExternalChat)
const sendChatMessage = vi.mocked(ww.sendChatMessage)

type Entry = Awaited<ReturnType<typeof ww.getContext>>['entry']
const ok = (api: string) => ({ errMsg: `${api}:ok`, errCode: 0 })
// `EntryType` is an enum in the SDK's types; the client answers plain strings.
const entryIs = (entry: string) => getContext.mockResolvedValue({ ...ok('getContext'), entry: entry as Entry })

const sig = (n: number) => ({ timestamp: 1_700_000_000 + n, nonceStr: `nonce${n}`, signature: String(n).repeat(40).slice(0, 40) })
const signaturesFor = (n: number): Signatures => ({ corpId: 'ww-corp', agentId: '1000002', corp: sig(n), agent: sig(n + 1) })

const text = (content: string): ChatMessage => ({ msgtype: 'text', text: { content } })

/** The options the adapter gave `ww.register`. */
const registered = () => {
  const options = register.mock.calls.at(-1)?.[0]
  if (!options) throw new Error('ww.register was not called')
  return options
}

let visibility: DocumentVisibilityState = 'visible'
const setVisibility = (state: DocumentVisibilityState) => {
  visibility = state
  document.dispatchEvent(new Event('visibilitychange'))
}

describe('createWecomHost', () => {
  let host: Host | null = null
  const make = (options: Partial<Parameters<typeof createWecomHost>[0]> = {}) =>
    (host = createWecomHost({ corpId: 'ww-corp', agentId: '1000002', signatures: vi.fn(async () => signaturesFor(1)), ...options }))

  beforeEach(() => {
    vi.clearAllMocks()
    getContext.mockReset()
    getCurExternalContact.mockReset()
    getCurExternalChat.mockReset()
    sendChatMessage.mockReset()
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility })
  })
  afterEach(() => {
    host?.dispose()
    host = null
    visibility = 'visible'
    Reflect.deleteProperty(document, 'visibilityState')
    vi.useRealTimers()
  })

  describe('register', () => {
    it('registers the app identity, the four APIs and both signature callbacks', () => {
      make()
      expect(register).toHaveBeenCalledTimes(1)
      const options = registered()
      expect(options.corpId).toBe('ww-corp')
      expect(options.agentId).toBe('1000002')
      expect([...(options.jsApiList ?? [])].sort()).toEqual([
        'getContext',
        'getCurExternalChat',
        'getCurExternalContact',
        'sendChatMessage',
      ])
      expect(options.getConfigSignature).toBeTypeOf('function')
      expect(options.getAgentConfigSignature).toBeTypeOf('function')
    })

    it('answers the corp callback with the corp signature and the agent callback with the agent one', async () => {
      make()
      const { getConfigSignature, getAgentConfigSignature } = registered()
      await expect(getConfigSignature!('https://sidebar.example.com/?a=1')).resolves.toEqual(sig(1))
      await expect(getAgentConfigSignature!('https://sidebar.example.com/?a=1')).resolves.toEqual(sig(2))
    })

    it('asks the proxy once when both callbacks want the same URL', async () => {
      const signatures = vi.fn(async () => signaturesFor(1))
      make({ signatures })
      const { getConfigSignature, getAgentConfigSignature } = registered()
      const url = 'https://sidebar.example.com/?from=chat'
      await Promise.all([getConfigSignature!(url), getAgentConfigSignature!(url)])
      await getAgentConfigSignature!(url)
      expect(signatures).toHaveBeenCalledTimes(1)
      expect(signatures).toHaveBeenCalledWith(url)
    })

    it('asks again for another URL (history routing)', async () => {
      const signatures = vi.fn(async (url: string) => signaturesFor(url.endsWith('campaigns') ? 5 : 1))
      make({ signatures })
      const { getConfigSignature, getAgentConfigSignature } = registered()
      await getAgentConfigSignature!('https://sidebar.example.com/')
      await expect(getAgentConfigSignature!('https://sidebar.example.com/campaigns')).resolves.toEqual(sig(6))
      await getConfigSignature!('https://sidebar.example.com/campaigns')
      expect(signatures.mock.calls).toEqual([['https://sidebar.example.com/'], ['https://sidebar.example.com/campaigns']])
    })

    it('does not remember a failed signatures request', async () => {
      const signatures = vi.fn<(url: string) => Promise<Signatures>>()
      signatures.mockRejectedValueOnce(new Error('502')).mockResolvedValueOnce(signaturesFor(1))
      make({ signatures })
      const { getAgentConfigSignature } = registered()
      const url = 'https://sidebar.example.com/'
      await expect(getAgentConfigSignature!(url)).rejects.toThrow('502')
      await expect(getAgentConfigSignature!(url)).resolves.toEqual(sig(2))
      expect(signatures).toHaveBeenCalledTimes(2)
    })

    it('signs through the proxy when no signatures function is given', async () => {
      vi.mocked(fetchSignatures).mockResolvedValue(signaturesFor(3))
      host = createWecomHost({ corpId: 'ww-corp', agentId: '1000002' })
      await expect(registered().getAgentConfigSignature!('https://sidebar.example.com/')).resolves.toEqual(sig(4))
      expect(fetchSignatures).toHaveBeenCalledWith('https://sidebar.example.com/')
    })
  })

  describe('getContext', () => {
    it.each(['single_chat_tools', 'contact_profile', 'single_kf_tools'] as const)(
      '%s → the customer from getCurExternalContact',
      async (entry) => {
        entryIs(entry)
        getCurExternalContact.mockResolvedValue({ ...ok('getCurExternalContact'), userId: 'wmCustomerA' })
        // Only the profile page has no chat to send into.
        await expect(make().getContext()).resolves.toEqual({
          kind: 'contact',
          externalUserId: 'wmCustomerA',
          canChat: entry !== 'contact_profile',
        })
        expect(getCurExternalContact).toHaveBeenCalledTimes(1)
        expect(getCurExternalChat).not.toHaveBeenCalled()
      },
    )

    it('group_chat_tools → the group from getCurExternalChat', async () => {
      entryIs('group_chat_tools')
      getCurExternalChat.mockResolvedValue({ ...ok('getCurExternalChat'), chatId: 'wrGroup1' })
      await expect(make().getContext()).resolves.toEqual({ kind: 'group', chatId: 'wrGroup1' })
      expect(getCurExternalChat).toHaveBeenCalledTimes(1)
      expect(getCurExternalContact).not.toHaveBeenCalled()
    })

    it.each(['normal', 'chat_attachment', 'internal_group_chat_board'] as const)('%s → none, naming the entry', async (entry) => {
      entryIs(entry)
      await expect(make().getContext()).resolves.toEqual({ kind: 'none', entry })
      expect(getCurExternalContact).not.toHaveBeenCalled()
      expect(getCurExternalChat).not.toHaveBeenCalled()
    })

    it('turns a JS-SDK rejection into a HostError that says what to fix', async () => {
      entryIs('single_chat_tools')
      getCurExternalContact.mockRejectedValue({ errMsg: 'getCurExternalContact:fail no permission' })
      const err = await make()
        .getContext()
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(HostError)
      expect(err).toMatchObject({ reason: 'noPermission', detail: 'getCurExternalContact:fail no permission' })
    })

    it('turns a rejected config (bad signature) into badSignature', async () => {
      getContext.mockRejectedValue({ errMsg: 'agentConfig:fail', errCode: 40093 })
      await expect(make().getContext()).rejects.toMatchObject({ name: 'HostError', reason: 'badSignature' })
    })

    it('gives up with HostError(timeout) when WeCom never answers', async () => {
      vi.useFakeTimers()
      getContext.mockReturnValue(new Promise(() => {}))
      const settled = vi.fn()
      const answer = make({ timeoutMs: 3_000 }).getContext()
      answer.then(settled, settled)
      await vi.advanceTimersByTimeAsync(2_999)
      expect(settled).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(1)
      const err = settled.mock.calls[0]?.[0]
      expect(err).toBeInstanceOf(HostError)
      expect(err).toMatchObject({ reason: 'timeout' })
    })

    it('times out the second call too (getCurExternalContact never answers)', async () => {
      vi.useFakeTimers()
      entryIs('single_chat_tools')
      getCurExternalContact.mockReturnValue(new Promise(() => {}))
      const answer = make({ timeoutMs: 1_000 }).getContext()
      const check = expect(answer).rejects.toMatchObject({ reason: 'timeout' })
      await vi.advanceTimersByTimeAsync(1_000)
      await check
    })

    it('uses a 10 s timeout by default and leaves no timer behind after an answer', async () => {
      vi.useFakeTimers()
      entryIs('normal')
      await make().getContext()
      expect(vi.getTimerCount()).toBe(0)
      getContext.mockReturnValue(new Promise(() => {}))
      const settled = vi.fn()
      host!.getContext().then(settled, settled)
      await vi.advanceTimersByTimeAsync(9_999)
      expect(settled).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(1)
      expect(settled).toHaveBeenCalledWith(expect.objectContaining({ reason: 'timeout' }))
    })
  })

  describe('sendChatMessage', () => {
    it('passes the message to ww.sendChatMessage unchanged', async () => {
      entryIs('single_chat_tools')
      getCurExternalContact.mockResolvedValue({ ...ok('getCurExternalContact'), userId: 'wmA' })
      sendChatMessage.mockResolvedValue(ok('sendChatMessage'))
      const h = make()
      await h.getContext()
      const news: ChatMessage = {
        msgtype: 'news',
        news: { link: 'https://example.com/a', title: 'T', desc: 'D', imgUrl: 'https://example.com/i.png' },
      }
      await h.sendChatMessage(text('你好'))
      await h.sendChatMessage(news)
      expect(sendChatMessage.mock.calls.map((c) => c[0])).toEqual([text('你好'), news])
    })

    it('works from a group chat', async () => {
      entryIs('group_chat_tools')
      getCurExternalChat.mockResolvedValue({ ...ok('getCurExternalChat'), chatId: 'wrG' })
      sendChatMessage.mockResolvedValue(ok('sendChatMessage'))
      const h = make()
      await h.getContext()
      await expect(h.sendChatMessage(text('大家好'))).resolves.toBeUndefined()
      expect(sendChatMessage).toHaveBeenCalledTimes(1)
    })

    it('is refused with noContactContext when the sidebar was opened from the contact profile', async () => {
      entryIs('contact_profile')
      getCurExternalContact.mockResolvedValue({ ...ok('getCurExternalContact'), userId: 'wmA' })
      const h = make()
      await h.getContext()
      const err = await h.sendChatMessage(text('你好')).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(HostError)
      expect(err).toMatchObject({ reason: 'noContactContext' })
      expect(sendChatMessage).not.toHaveBeenCalled()
    })

    it('turns the staff member cancelling into HostError(cancelled)', async () => {
      sendChatMessage.mockRejectedValue({ errMsg: 'sendChatMessage:cancel' })
      await expect(make().sendChatMessage(text('x'))).rejects.toMatchObject({ reason: 'cancelled', detail: 'sendChatMessage:cancel' })
    })

    it('gives up in the end when the client never answers', async () => {
      vi.useFakeTimers()
      sendChatMessage.mockReturnValue(new Promise(() => {}))
      const answer = make({ timeoutMs: 500 }).sendChatMessage(text('x'))
      const check = expect(answer).rejects.toMatchObject({ reason: 'timeout' })
      await vi.advanceTimersByTimeAsync(30 * 60_000)
      await check
    })

    // BUG: WeCom asks the staff member to confirm a sendChatMessage (hence `sendChatMessage:cancel`; Host says "the host
    // may ask the staff member to confirm"). The 10 s answer timeout also runs while that dialog is open: a confirmation
    // after 10 s puts the message into the chat while the sidebar already said "企业微信没有响应，请重试", reported the
    // send as failed, and offers a retry that posts it a second time.
    it('waits for the staff member to confirm: a send confirmed after 30 s succeeds', async () => {
      vi.useFakeTimers()
      let confirm!: () => void
      sendChatMessage.mockReturnValue(new Promise((resolve) => (confirm = () => resolve(ok('sendChatMessage')))))
      const settled = vi.fn()
      make()
        .sendChatMessage(text('你好'))
        .then(
          () => settled('sent'),
          (err: unknown) => settled(err),
        )
      await vi.advanceTimersByTimeAsync(30_000)
      confirm()
      await vi.advanceTimersByTimeAsync(0)
      expect(settled).toHaveBeenCalledWith('sent')
    })
  })

  describe('context changes', () => {
    it('tells every listener when the page becomes visible again (the next chat)', () => {
      const h = make()
      const a = vi.fn()
      const b = vi.fn()
      h.onContextChange(a)
      h.onContextChange(b)
      setVisibility('hidden')
      expect(a).not.toHaveBeenCalled()
      setVisibility('visible')
      expect(a).toHaveBeenCalledTimes(1)
      expect(b).toHaveBeenCalledTimes(1)
    })

    it('stops telling a listener that unsubscribed', () => {
      const h = make()
      const a = vi.fn()
      const b = vi.fn()
      const stop = h.onContextChange(a)
      h.onContextChange(b)
      stop()
      setVisibility('visible')
      expect(a).not.toHaveBeenCalled()
      expect(b).toHaveBeenCalledTimes(1)
    })

    it('stops telling anyone after dispose', () => {
      const h = make()
      const a = vi.fn()
      h.onContextChange(a)
      h.dispose()
      setVisibility('visible')
      expect(a).not.toHaveBeenCalled()
    })

    it('says it can send to the chat and is the wecom host', () => {
      const h = make()
      expect(h.kind).toBe('wecom')
      expect(h.canSendToChat).toBe(true)
    })
  })
})
