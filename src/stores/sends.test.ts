// @vitest-environment node
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { CreateSend, type ChatMessage, type Send, type SendList } from '../../contracts/sends.js'
import { ApiFailure } from '../api/http.js'
import * as api from '../api/sends.js'
import { HostError, type Host } from '../host/index.js'
import type { ChatTarget } from './contact.js'
import { useHostStore } from './host.js'
import { useSendsStore, type SendDraft } from './sends.js'

vi.mock('../api/sends.js', () => ({
  createSend: vi.fn(),
  reportSendResult: vi.fn(),
  cancelSend: vi.fn(),
  listSends: vi.fn(),
  refreshSendMedia: vi.fn(),
}))

const createSend = vi.mocked(api.createSend)
const reportSendResult = vi.mocked(api.reportSendResult)
const cancelSend = vi.mocked(api.cancelSend)
const listSends = vi.mocked(api.listSends)
const refreshSendMedia = vi.mocked(api.refreshSendMedia)

const deferred = <T>() => {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}
const flush = () => new Promise((r) => setTimeout(r, 0))
const never = <T>() => new Promise<T>(() => {})

const CONTACT: ChatTarget = { kind: 'contact', externalUserId: 'wmCustomerA' }
const GROUP: ChatTarget = { kind: 'group', chatId: 'wrGroup1' }
const T0 = '2025-11-20T10:00:00.000Z'

const text = (content: string): ChatMessage => ({ msgtype: 'text', text: { content } })
const M1 = text('第一条')
const M2: ChatMessage = { msgtype: 'news', news: { link: 'https://example.com/a', title: '新品', desc: '', imgUrl: '' } }

function makeSend(over: Partial<Send> = {}): Send {
  return {
    id: '7d1f0c6e-6a4b-4f43-9e0c-0f6f3c0d1a01',
    channel: 'rpa',
    status: 'submitted',
    taskId: 42,
    contact: { externalUserId: 'wmCustomerA' },
    group: null,
    content: [{ type: 'text', text: '你好' }],
    scheduleAt: null,
    createdAt: T0,
    updatedAt: T0,
    error: null,
    ...over,
  }
}
const chatSend = (over: Partial<Send> = {}) =>
  makeSend({
    id: 'c0ffee00-0000-4000-8000-000000000001',
    channel: 'chat',
    status: 'awaiting_client',
    taskId: null,
    messages: [M1, M2],
    ...over,
  })

const draft = (over: Partial<SendDraft> = {}): SendDraft => ({ channel: 'rpa', content: [{ type: 'text', text: '你好' }], ...over })

function fakeHost() {
  const sendChatMessage = vi.fn<(m: ChatMessage) => Promise<void>>(async () => {})
  const host: Host = {
    kind: 'playground',
    canSendToChat: true,
    getContext: async () => ({ kind: 'contact', externalUserId: 'wmCustomerA' }),
    onContextChange: () => () => {},
    sendChatMessage,
    dispose: () => {},
  }
  useHostStore().host = host
  return { host, sendChatMessage }
}

describe('sends store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
    // The recent list answers only when a test says so: otherwise it would overwrite what the store remembered.
    listSends.mockImplementation(() => never<SendList>())
    reportSendResult.mockImplementation(async (id, result) => chatSend({ id, status: result.ok ? 'sent' : 'failed' }))
  })

  it('names the chats whose send a sign-in cut off: on its way, or refused with 401 before anything was created', async () => {
    const store = useSendsStore()
    createSend.mockImplementationOnce(() => never<Send>())
    void store.submit(CONTACT, draft())
    expect(store.cutOffBySignIn()).toEqual(['contact:wmCustomerA'])

    setActivePinia(createPinia())
    const other = useSendsStore()
    createSend.mockRejectedValueOnce(new ApiFailure(401, 'SESSION_EXPIRED', '登录已过期'))
    await other.submit(CONTACT, draft())
    expect(other.cutOffBySignIn()).toEqual(['contact:wmCustomerA'])
    // A send the proxy recorded, or one refused for another reason, is not.
    createSend.mockResolvedValueOnce(makeSend())
    await other.submit(CONTACT, draft())
    createSend.mockRejectedValueOnce(new ApiFailure(400, 'VALIDATION_FAILED', '内容不对'))
    await other.submit({ kind: 'contact', externalUserId: 'wmOther' }, draft())
    expect(other.cutOffBySignIn()).toEqual([])
  })

  describe('定时群发 (rpa)', () => {
    it('submits now: the created send, phase submitted, a valid request', async () => {
      const created = makeSend()
      createSend.mockResolvedValue(created)
      const store = useSendsStore()
      const attempt = await store.submit(CONTACT, draft())
      expect(attempt).not.toBeNull()
      expect(attempt!.phase).toBe('submitted')
      expect(attempt!.send).toEqual(created)
      expect(attempt!.error).toBeNull()
      expect(store.attempts.get('contact:wmCustomerA')).toBe(attempt)

      expect(createSend).toHaveBeenCalledTimes(1)
      const body = createSend.mock.calls[0]![0]
      expect(body).toEqual({
        idempotencyKey: expect.any(String),
        channel: 'rpa',
        contact: { externalUserId: 'wmCustomerA' },
        content: [{ type: 'text', text: '你好' }],
      })
      expect(body).not.toHaveProperty('group')
      expect(body).not.toHaveProperty('scheduleAt')
      // What the proxy will accept (contracts/sends.ts), key included.
      expect(CreateSend.safeParse(body).success).toBe(true)
    })

    it('submits a scheduled send: phase scheduled, scheduleAt passed on', async () => {
      const at = '2025-11-21T01:00:00.000Z'
      createSend.mockResolvedValue(makeSend({ status: 'scheduled', scheduleAt: at }))
      const store = useSendsStore()
      const attempt = await store.submit(CONTACT, draft({ scheduleAt: at }))
      expect(attempt!.phase).toBe('scheduled')
      expect(createSend.mock.calls[0]![0].scheduleAt).toBe(at)
      expect(CreateSend.safeParse(createSend.mock.calls[0]![0]).success).toBe(true)
    })

    it('never calls the chat client for an rpa send', async () => {
      const { sendChatMessage } = fakeHost()
      createSend.mockResolvedValue(makeSend({ messages: [M1] }))
      await useSendsStore().submit(CONTACT, draft())
      expect(sendChatMessage).not.toHaveBeenCalled()
      expect(reportSendResult).not.toHaveBeenCalled()
    })

    it('chooses a new idempotency key for each new send', async () => {
      createSend.mockResolvedValue(makeSend())
      const store = useSendsStore()
      await store.submit(CONTACT, draft())
      await store.submit(CONTACT, draft())
      const [a, b] = createSend.mock.calls.map((c) => c[0].idempotencyKey)
      expect(a).not.toBe(b)
    })
  })

  describe('发到聊天 (chat)', () => {
    it('puts each message into the chat in order, reports success, ends sent', async () => {
      const { sendChatMessage } = fakeHost()
      const created = chatSend()
      createSend.mockResolvedValue(created)
      const order: string[] = []
      sendChatMessage.mockImplementation(async (m) => void order.push(`chat:${m.msgtype}`))
      reportSendResult.mockImplementation(async (id, r) => {
        order.push(`report:${String(r.ok)}`)
        return chatSend({ id, status: 'sent' })
      })
      const store = useSendsStore()
      const attempt = await store.submit(CONTACT, draft({ channel: 'chat' }))
      expect(createSend.mock.calls[0]![0].channel).toBe('chat')
      expect(sendChatMessage.mock.calls.map((c) => c[0])).toEqual([M1, M2])
      expect(order).toEqual(['chat:text', 'chat:news', 'report:true'])
      expect(reportSendResult).toHaveBeenCalledWith(created.id, { ok: true })
      expect(attempt!.phase).toBe('sent')
      expect(attempt!.delivered).toBe(2)
      expect(attempt!.error).toBeNull()
      // The recent list shows the send as the proxy now has it.
      expect(store.recentOf(CONTACT).items.map((s) => [s.id, s.status])).toEqual([[created.id, 'sent']])
    })

    it('is "sending" (and busy) while the chat client works', async () => {
      const { sendChatMessage } = fakeHost()
      createSend.mockResolvedValue(chatSend({ messages: [M1] }))
      const inChat = deferred<void>()
      sendChatMessage.mockReturnValueOnce(inChat.promise)
      const store = useSendsStore()
      const done = store.submit(CONTACT, draft({ channel: 'chat' }))
      expect(store.attempts.get('contact:wmCustomerA')!.phase).toBe('preparing')
      expect(store.isBusy(CONTACT)).toBe(true)
      await flush()
      expect(store.attempts.get('contact:wmCustomerA')!.phase).toBe('sending')
      expect(store.isBusy(CONTACT)).toBe(true)
      inChat.resolve()
      await done
      expect(store.attempts.get('contact:wmCustomerA')!.phase).toBe('sent')
      expect(store.isBusy(CONTACT)).toBe(false)
    })

    it('does not post again when the proxy says the send is already sent (a replay)', async () => {
      const { sendChatMessage } = fakeHost()
      createSend.mockResolvedValue(chatSend({ status: 'sent' }))
      const attempt = await useSendsStore().submit(CONTACT, draft({ channel: 'chat' }))
      expect(attempt!.phase).toBe('sent')
      expect(sendChatMessage).not.toHaveBeenCalled()
      expect(reportSendResult).not.toHaveBeenCalled()
    })

    it('still says sent when the success report is lost (the chat already has the messages)', async () => {
      fakeHost()
      createSend.mockResolvedValue(chatSend())
      reportSendResult.mockRejectedValue(new ApiFailure(0, 'NETWORK', '网络'))
      const attempt = await useSendsStore().submit(CONTACT, draft({ channel: 'chat' }))
      expect(attempt!.phase).toBe('sent')
      expect(attempt!.error).toBeNull()
    })

    it('staff cancelled in WeCom’s confirm: cancelled, not failed, no error and no retry; reported as cancelled', async () => {
      const { sendChatMessage } = fakeHost()
      const created = chatSend({ messages: [M1] })
      createSend.mockResolvedValue(created)
      sendChatMessage.mockRejectedValue(new HostError('cancelled', 'sendChatMessage:cancel'))
      reportSendResult.mockResolvedValue({ ...created, status: 'cancelled' })
      const store = useSendsStore()
      const attempt = await store.submit(CONTACT, draft({ channel: 'chat' }))
      expect(attempt!.phase).toBe('cancelled')
      expect(attempt!.error).toBeNull()
      expect(attempt!.delivered).toBe(0)
      expect(store.isBusy(CONTACT)).toBe(false)
      expect(reportSendResult).toHaveBeenCalledTimes(1)
      expect(reportSendResult).toHaveBeenCalledWith(created.id, { ok: false, cancelled: true, errMsg: 'sendChatMessage:cancel' })
      expect(store.recentOf(CONTACT).items[0]!.status).toBe('cancelled')
      // Nothing failed, so there is nothing to retry: 发送 sends the words again as a new send.
      await store.retry(CONTACT)
      expect(createSend).toHaveBeenCalledTimes(1)
    })

    it('a cancel after the first of 2 messages went out is a failure: the retry sends the rest', async () => {
      const { sendChatMessage } = fakeHost()
      createSend.mockResolvedValue(chatSend())
      sendChatMessage.mockResolvedValueOnce(undefined).mockRejectedValueOnce(new HostError('cancelled', 'sendChatMessage:cancel'))
      const attempt = await useSendsStore().submit(CONTACT, draft({ channel: 'chat' }))
      expect(attempt!.phase).toBe('failed')
      expect(attempt!.delivered).toBe(1)
      expect(reportSendResult).toHaveBeenCalledWith(expect.any(String), { ok: false, errMsg: '已取消。' })
    })

    it('a host error says what to fix', async () => {
      const { sendChatMessage } = fakeHost()
      createSend.mockResolvedValue(chatSend({ messages: [M1] }))
      sendChatMessage.mockRejectedValue(new HostError('noContactContext', 'sendChatMessage from contact_profile'))
      const attempt = await useSendsStore().submit(CONTACT, draft({ channel: 'chat' }))
      expect(attempt!.phase).toBe('failed')
      expect(attempt!.error).toBe('当前页面不在客户聊天中。请关闭侧边栏，从与客户的单聊或客户群的工具栏重新打开。')
      expect(reportSendResult).toHaveBeenCalledWith(expect.any(String), { ok: false, errMsg: attempt!.error })
    })

    it('an unknown host error shows the host’s own words, and a long errMsg is cut to what the proxy accepts', async () => {
      const { sendChatMessage } = fakeHost()
      createSend.mockResolvedValue(chatSend({ messages: [M1] }))
      const long = `sendChatMessage:fail ${'x'.repeat(600)}`
      sendChatMessage.mockRejectedValue(new HostError('unknown', long))
      const attempt = await useSendsStore().submit(CONTACT, draft({ channel: 'chat' }))
      expect(attempt!.error).toBe(`企业微信返回了错误：${long}`)
      const reported = reportSendResult.mock.calls[0]![1]
      expect(reported).toEqual({ ok: false, errMsg: `企业微信返回了错误：${long}`.slice(0, 500) })
    })

    it('without a host the send fails and is reported, instead of hanging', async () => {
      createSend.mockResolvedValue(chatSend())
      const attempt = await useSendsStore().submit(CONTACT, draft({ channel: 'chat' }))
      expect(attempt!.phase).toBe('failed')
      expect(attempt!.error).toContain('no host')
      expect(reportSendResult).toHaveBeenCalledWith(expect.any(String), { ok: false, errMsg: attempt!.error })
    })

    // BUG: the phase turns 'failed' (retry offered) before the proxy has recorded the failure. A retry clicked while
    // the report is on its way reaches the proxy first and gets the send back as awaiting_client; the late
    // { ok:false } then marks it failed, the retry's { ok:true } is refused (409 SEND_RESULT_ALREADY_RECORDED, swallowed),
    // and the chat has the message while the proxy and the recent list say 失败.
    it('offers retry only after the proxy has recorded the failure', async () => {
      const { sendChatMessage } = fakeHost()
      createSend.mockResolvedValue(chatSend({ messages: [M1] }))
      sendChatMessage.mockRejectedValueOnce(new HostError('noContactContext', 'sendChatMessage:fail'))
      const reported = deferred<Send>()
      reportSendResult.mockReturnValueOnce(reported.promise)
      const store = useSendsStore()
      const sending = store.submit(CONTACT, draft({ channel: 'chat' }))
      await flush()
      expect(reportSendResult).toHaveBeenCalledTimes(1)
      expect(store.isBusy(CONTACT)).toBe(true)
      await store.retry(CONTACT)
      expect(createSend).toHaveBeenCalledTimes(1)
      reported.resolve(chatSend({ status: 'failed' }))
      const attempt = await sending
      expect(attempt!.phase).toBe('failed')
      expect(store.isBusy(CONTACT)).toBe(false)
    })

    it('after the 2nd of 2 messages failed, retry posts only the 2nd again', async () => {
      const { sendChatMessage } = fakeHost()
      const created = chatSend()
      createSend.mockResolvedValue(created)
      sendChatMessage.mockResolvedValueOnce(undefined).mockRejectedValueOnce(new HostError('noContactContext', 'sendChatMessage:fail'))
      const store = useSendsStore()
      const attempt = await store.submit(CONTACT, draft({ channel: 'chat' }))
      expect(attempt!.phase).toBe('failed')
      expect(attempt!.delivered).toBe(1)
      expect(attempt!.error).toBe('当前页面不在客户聊天中。请关闭侧边栏，从与客户的单聊或客户群的工具栏重新打开。')

      await store.retry(CONTACT)
      expect(createSend).toHaveBeenCalledTimes(2)
      expect(createSend.mock.calls[1]![0]).toEqual(createSend.mock.calls[0]![0])
      expect(sendChatMessage.mock.calls.map((c) => c[0])).toEqual([M1, M2, M2])
      expect(attempt!.delivered).toBe(2)
      expect(attempt!.phase).toBe('sent')
      expect(attempt!.error).toBeNull()
      expect(reportSendResult).toHaveBeenLastCalledWith(created.id, { ok: true })
    })
  })

  describe('media ids WeCom no longer knows (40007)', () => {
    const FILE_ID = '6f1c2a4e-8a7b-4c1d-9e2f-0a1b2c3d4e5f'
    const image = (mediaid: string): ChatMessage => ({ msgtype: 'image', image: { mediaid } })
    const file = (mediaid: string): ChatMessage => ({ msgtype: 'file', file: { mediaid } })
    const mediaDraft = draft({
      channel: 'chat',
      content: [
        { type: 'text', text: '您好' },
        { type: 'image', file: { fileId: FILE_ID, name: '展厅外观.png' } },
        { type: 'file', file: { fileId: FILE_ID, name: '报价单.pdf' } },
      ],
      materialIds: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'],
    })
    const invalid = () => new HostError('unknown', 'sendChatMessage:fail 40007 invalid media_id')

    it('asks the proxy for fresh ids once and sends what is not in the chat yet with them', async () => {
      const { sendChatMessage } = fakeHost()
      const created = chatSend({ messages: [M1, image('OLD-IMG'), file('OLD-FILE')] })
      createSend.mockResolvedValue(created)
      refreshSendMedia.mockResolvedValue(chatSend({ messages: [M1, image('NEW-IMG'), file('NEW-FILE')] }))
      sendChatMessage.mockResolvedValueOnce(undefined).mockRejectedValueOnce(invalid())
      const attempt = await useSendsStore().submit(CONTACT, mediaDraft)

      expect(refreshSendMedia).toHaveBeenCalledTimes(1)
      expect(refreshSendMedia).toHaveBeenCalledWith(created.id)
      expect(sendChatMessage.mock.calls.map(([m]) => m)).toEqual([M1, image('OLD-IMG'), image('NEW-IMG'), file('NEW-FILE')])
      expect(attempt!.phase).toBe('sent')
      expect(attempt!.delivered).toBe(3)
      expect(attempt!.send!.messages).toEqual([M1, image('NEW-IMG'), file('NEW-FILE')])
      expect(reportSendResult).toHaveBeenCalledTimes(1)
      expect(reportSendResult).toHaveBeenCalledWith(created.id, { ok: true })
    })

    it('recognises the JS-SDK’s words too ("invalid media")', async () => {
      const { sendChatMessage } = fakeHost()
      createSend.mockResolvedValue(chatSend({ messages: [image('OLD')] }))
      refreshSendMedia.mockResolvedValue(chatSend({ messages: [image('NEW')] }))
      sendChatMessage.mockRejectedValueOnce(new HostError('unknown', 'sendChatMessage:fail invalid media id'))
      const attempt = await useSendsStore().submit(CONTACT, mediaDraft)
      expect(attempt!.phase).toBe('sent')
      expect(sendChatMessage).toHaveBeenLastCalledWith(image('NEW'))
    })

    it('is 准备 (preparing) while the proxy uploads again, then sending', async () => {
      const { sendChatMessage } = fakeHost()
      createSend.mockResolvedValue(chatSend({ messages: [image('OLD')] }))
      const fresh = deferred<Send>()
      refreshSendMedia.mockReturnValue(fresh.promise)
      sendChatMessage.mockRejectedValueOnce(invalid())
      const store = useSendsStore()
      const sending = store.submit(CONTACT, mediaDraft)
      await flush()
      const attempt = store.attempts.get('contact:wmCustomerA')!
      expect(attempt.phase).toBe('preparing')
      expect(store.isBusy(CONTACT)).toBe(true)
      fresh.resolve(chatSend({ messages: [image('NEW')] }))
      await sending
      expect(attempt.phase).toBe('sent')
    })

    it('a second refusal after the refresh is an ordinary failure, reported; a retry may refresh once more', async () => {
      const { sendChatMessage } = fakeHost()
      const created = chatSend({ messages: [image('OLD')] })
      createSend.mockResolvedValue(created)
      refreshSendMedia.mockResolvedValue(chatSend({ messages: [image('NEW')] }))
      sendChatMessage.mockRejectedValue(invalid())
      const store = useSendsStore()
      const attempt = await store.submit(CONTACT, mediaDraft)
      expect(refreshSendMedia).toHaveBeenCalledTimes(1)
      expect(sendChatMessage).toHaveBeenCalledTimes(2)
      expect(attempt!.phase).toBe('failed')
      expect(attempt!.error).toBe('企业微信说文件已失效（40007），重新上传后仍然没有发出：sendChatMessage:fail 40007 invalid media_id')
      expect(reportSendResult).toHaveBeenCalledWith(created.id, { ok: false, errMsg: attempt!.error })

      // A retry is a new attempt at the proxy (its media may be renewed once more): one more refresh, never a loop.
      createSend.mockResolvedValue(chatSend({ messages: [image('NEWER')] }))
      await store.retry(CONTACT)
      expect(refreshSendMedia).toHaveBeenCalledTimes(2)
      expect(attempt!.phase).toBe('failed')
    })

    it('a refused refresh (409 MEDIA_REFRESH_USED) fails the send with the media problem', async () => {
      const { sendChatMessage } = fakeHost()
      createSend.mockResolvedValue(chatSend({ messages: [image('OLD')] }))
      refreshSendMedia.mockRejectedValue(new ApiFailure(409, 'MEDIA_REFRESH_USED', '这条发送已经重新上传过一次文件。'))
      sendChatMessage.mockRejectedValue(invalid())
      const attempt = await useSendsStore().submit(CONTACT, mediaDraft)
      expect(sendChatMessage).toHaveBeenCalledTimes(1)
      expect(attempt!.phase).toBe('failed')
      expect(attempt!.error).toContain('40007')
    })

    it('other failures never ask for fresh ids', async () => {
      const { sendChatMessage } = fakeHost()
      createSend.mockResolvedValue(chatSend({ messages: [image('OLD')] }))
      sendChatMessage.mockRejectedValue(new HostError('noContactContext', 'sendChatMessage:fail'))
      const attempt = await useSendsStore().submit(CONTACT, mediaDraft)
      expect(refreshSendMedia).not.toHaveBeenCalled()
      expect(attempt!.phase).toBe('failed')
    })

    it('passes the materials the content came from to the proxy', async () => {
      fakeHost()
      createSend.mockResolvedValue(chatSend({ messages: [M1] }))
      await useSendsStore().submit(CONTACT, mediaDraft)
      const body = createSend.mock.calls[0]![0]
      expect(body.materialIds).toEqual(mediaDraft.materialIds)
      expect(body.content).toEqual(mediaDraft.content)
      expect(CreateSend.safeParse(body).success).toBe(true)
    })
  })

  describe('the chat beside the sidebar', () => {
    it('refuses to post into another chat: staff switched chats while the proxy recorded the send', async () => {
      const { host, sendChatMessage } = fakeHost()
      host.getContext = async () => ({ kind: 'contact', externalUserId: 'wmSomeoneElse' })
      const created = chatSend({ messages: [M1] })
      createSend.mockResolvedValue(created)
      const attempt = await useSendsStore().submit(CONTACT, draft({ channel: 'chat' }))
      expect(sendChatMessage).not.toHaveBeenCalled()
      expect(attempt!.phase).toBe('failed')
      expect(attempt!.error).toContain('聊天已经切换')
      expect(reportSendResult).toHaveBeenCalledWith(created.id, { ok: false, errMsg: attempt!.error })
    })

    it('WeCom never answering a send is an unknown outcome: no failure reported, no retry offered', async () => {
      const { sendChatMessage } = fakeHost()
      createSend.mockResolvedValue(chatSend({ messages: [M1] }))
      sendChatMessage.mockRejectedValue(new HostError('timeout', 'no answer in 300000 ms'))
      const store = useSendsStore()
      const attempt = await store.submit(CONTACT, draft({ channel: 'chat' }))
      expect(attempt!.phase).toBe('unknown')
      expect(attempt!.error).toContain('可能已经发出')
      expect(reportSendResult).not.toHaveBeenCalled()
      await store.retry(CONTACT)
      expect(createSend).toHaveBeenCalledTimes(1)
    })

    it('a lost success report is tried once more', async () => {
      fakeHost()
      const created = chatSend({ messages: [M1] })
      createSend.mockResolvedValue(created)
      reportSendResult.mockRejectedValueOnce(new ApiFailure(0, 'NETWORK', 'x')).mockResolvedValueOnce({ ...created, status: 'sent' })
      const store = useSendsStore()
      const attempt = await store.submit(CONTACT, draft({ channel: 'chat' }))
      expect(attempt!.phase).toBe('sent')
      expect(reportSendResult).toHaveBeenCalledTimes(2)
      expect(store.recentOf(CONTACT).items[0]!.status).toBe('sent')
    })
  })

  describe('double submission', () => {
    it('ignores a second submit while the first is in flight', async () => {
      const answer = deferred<Send>()
      createSend.mockReturnValueOnce(answer.promise)
      const store = useSendsStore()
      const first = store.submit(CONTACT, draft())
      await expect(store.submit(CONTACT, draft({ content: [{ type: 'text', text: '另一条' }] }))).resolves.toBeNull()
      expect(createSend).toHaveBeenCalledTimes(1)
      answer.resolve(makeSend())
      expect((await first)!.phase).toBe('submitted')
      expect(createSend).toHaveBeenCalledTimes(1)
    })

    it('keeps sends to different chats apart', async () => {
      createSend.mockReturnValue(never())
      const store = useSendsStore()
      void store.submit(CONTACT, draft())
      void store.submit(GROUP, draft({ channel: 'chat' }))
      expect(createSend).toHaveBeenCalledTimes(2)
      expect(store.isBusy(CONTACT)).toBe(true)
      expect(store.isBusy(GROUP)).toBe(true)
      expect(store.isBusy({ kind: 'contact', externalUserId: 'wmOther' })).toBe(false)
    })
  })

  describe('failures and retry', () => {
    it('an upstream failure ends failed with its message; retry sends the same key and body', async () => {
      createSend
        .mockRejectedValueOnce(new ApiFailure(502, 'UPSTREAM_UNAVAILABLE', '友米暂时不可用，请稍后重试。'))
        .mockResolvedValueOnce(makeSend({ status: 'submitted' }))
      const store = useSendsStore()
      const attempt = await store.submit(CONTACT, draft())
      expect(attempt!.phase).toBe('failed')
      expect(attempt!.error).toBe('友米暂时不可用，请稍后重试。')
      expect(attempt!.send).toBeNull()

      await store.retry(CONTACT)
      expect(createSend).toHaveBeenCalledTimes(2)
      const [first, second] = createSend.mock.calls.map((c) => c[0])
      expect(second!.idempotencyKey).toBe(first!.idempotencyKey)
      expect(second).toEqual(first)
      expect(attempt!.phase).toBe('submitted')
      expect(attempt!.error).toBeNull()
      expect(store.attempts.get('contact:wmCustomerA')).toBe(attempt)
    })

    it('is "preparing" (busy) again during the retry', async () => {
      createSend.mockRejectedValueOnce(new ApiFailure(504, 'UPSTREAM_TIMEOUT', '超时'))
      const store = useSendsStore()
      const attempt = await store.submit(CONTACT, draft())
      const again = deferred<Send>()
      createSend.mockReturnValueOnce(again.promise)
      const retrying = store.retry(CONTACT)
      expect(attempt!.phase).toBe('preparing')
      expect(attempt!.error).toBeNull()
      expect(store.isBusy(CONTACT)).toBe(true)
      again.resolve(makeSend({ status: 'scheduled' }))
      await retrying
      expect(attempt!.phase).toBe('scheduled')
    })

    it('SEND_OUTCOME_UNKNOWN → unknown, and retry does not send again', async () => {
      createSend.mockRejectedValue(new ApiFailure(504, 'SEND_OUTCOME_UNKNOWN', '结果未知：请在友米后台确认。'))
      const store = useSendsStore()
      const attempt = await store.submit(CONTACT, draft())
      expect(attempt!.phase).toBe('unknown')
      expect(attempt!.error).toBe('结果未知：请在友米后台确认。')
      await store.retry(CONTACT)
      expect(createSend).toHaveBeenCalledTimes(1)
      expect(attempt!.phase).toBe('unknown')
    })

    it('retry does nothing after success or without an attempt', async () => {
      createSend.mockResolvedValue(makeSend())
      const store = useSendsStore()
      await store.retry(CONTACT)
      expect(createSend).not.toHaveBeenCalled()
      await store.submit(CONTACT, draft())
      await store.retry(CONTACT)
      expect(createSend).toHaveBeenCalledTimes(1)
    })

    it('a non-API failure gets a readable message too', async () => {
      createSend.mockRejectedValue(new TypeError('Failed to fetch'))
      const attempt = await useSendsStore().submit(CONTACT, draft())
      expect(attempt!.phase).toBe('failed')
      expect(attempt!.error).toBe('Failed to fetch')
    })
  })

  describe('groups', () => {
    it('builds { group: { chatId } } and no contact, and lists the group’s sends', async () => {
      const { host } = fakeHost()
      host.getContext = async () => ({ kind: 'group', chatId: 'wrGroup1' })
      createSend.mockResolvedValue(chatSend({ contact: null, group: { chatId: 'wrGroup1' }, messages: [M1] }))
      const store = useSendsStore()
      const attempt = await store.submit(GROUP, draft({ channel: 'chat' }))
      const body = createSend.mock.calls[0]![0]
      expect(body.group).toEqual({ chatId: 'wrGroup1' })
      expect(body).not.toHaveProperty('contact')
      expect(CreateSend.safeParse(body).success).toBe(true)
      expect(attempt!.phase).toBe('sent')
      expect(store.attempts.has('group:wrGroup1')).toBe(true)
      expect(listSends).toHaveBeenCalledWith({ group: 'wrGroup1', limit: 10 })
    })
  })

  describe('dismiss', () => {
    it('forgets a finished attempt but never one under way', async () => {
      const answer = deferred<Send>()
      createSend.mockReturnValueOnce(answer.promise)
      const store = useSendsStore()
      const sending = store.submit(CONTACT, draft())
      store.dismiss(CONTACT)
      expect(store.attempts.has('contact:wmCustomerA')).toBe(true)
      answer.resolve(makeSend())
      await sending
      store.dismiss(CONTACT)
      expect(store.attempts.has('contact:wmCustomerA')).toBe(false)
    })
  })

  describe('recent sends', () => {
    it('loads the latest ten for the contact', async () => {
      const items = [makeSend({ id: 'b' }), makeSend({ id: 'a' })]
      listSends.mockResolvedValue({ items, nextCursor: 'next' })
      const store = useSendsStore()
      const loading = store.loadRecent(CONTACT)
      expect(store.recentOf(CONTACT).loading).toBe(true)
      await loading
      expect(listSends).toHaveBeenCalledWith({ contact: 'wmCustomerA', limit: 10 })
      expect(store.recentOf(CONTACT)).toEqual({ items, loading: false, error: null })
    })

    it('keeps the error of a failed load, and the items it had', async () => {
      listSends.mockResolvedValueOnce({ items: [makeSend({ id: 'a' })], nextCursor: null })
      listSends.mockRejectedValueOnce(new ApiFailure(503, 'DB_UNAVAILABLE', '数据库暂时不可用'))
      const store = useSendsStore()
      await store.loadRecent(CONTACT)
      await store.loadRecent(CONTACT)
      const list = store.recent.get('contact:wmCustomerA')!
      expect(list.error?.message).toBe('数据库暂时不可用')
      expect(list.loading).toBe(false)
      expect(list.items.map((s) => s.id)).toEqual(['a'])
      listSends.mockResolvedValueOnce({ items: [], nextCursor: null })
      await store.loadRecent(CONTACT)
      expect(list.error).toBeNull()
    })

    it('shows a new send first, above the ones already listed', async () => {
      listSends.mockResolvedValueOnce({ items: [makeSend({ id: 'older-2' }), makeSend({ id: 'older-1' })], nextCursor: null })
      const store = useSendsStore()
      await store.loadRecent(CONTACT)
      createSend.mockResolvedValue(makeSend({ id: 'newest' }))
      await store.submit(CONTACT, draft())
      expect(store.recentOf(CONTACT).items.map((s) => s.id)).toEqual(['newest', 'older-2', 'older-1'])
    })

    it('reloads the list after a send, from the proxy', async () => {
      createSend.mockResolvedValue(makeSend({ id: 'n' }))
      const store = useSendsStore()
      listSends.mockResolvedValueOnce({ items: [makeSend({ id: 'n', status: 'scheduled' }), makeSend({ id: 'o' })], nextCursor: null })
      await store.submit(CONTACT, draft())
      await flush()
      expect(listSends).toHaveBeenCalledWith({ contact: 'wmCustomerA', limit: 10 })
      expect(store.recentOf(CONTACT).items.map((s) => `${s.id}:${s.status}`)).toEqual(['n:scheduled', 'o:submitted'])
    })
  })

  describe('cancel', () => {
    const scheduled = makeSend({ id: 's1', status: 'scheduled', scheduleAt: '2025-11-21T01:00:00.000Z' })

    it('updates the listed send and clears the composer’s attempt for it', async () => {
      createSend.mockResolvedValue(scheduled)
      cancelSend.mockResolvedValue({ ...scheduled, status: 'cancelled' })
      const store = useSendsStore()
      await store.submit(CONTACT, draft({ scheduleAt: scheduled.scheduleAt! }))
      listSends.mockResolvedValueOnce({ items: [makeSend({ id: 'other' }), scheduled], nextCursor: null })
      await store.loadRecent(CONTACT)
      expect(store.attempts.get('contact:wmCustomerA')!.phase).toBe('scheduled')

      await expect(store.cancel(CONTACT, 's1')).resolves.toBeNull()
      expect(cancelSend).toHaveBeenCalledWith('s1')
      expect(store.recentOf(CONTACT).items.map((s) => `${s.id}:${s.status}`)).toEqual(['other:submitted', 's1:cancelled'])
      expect(store.attempts.has('contact:wmCustomerA')).toBe(false)
      expect(store.cancelling.has('s1')).toBe(false)
    })

    it('keeps the composer’s attempt when another send was cancelled', async () => {
      createSend.mockResolvedValue(makeSend({ id: 'latest', status: 'scheduled' }))
      cancelSend.mockResolvedValue({ ...scheduled, status: 'cancelled' })
      const store = useSendsStore()
      await store.submit(CONTACT, draft())
      await store.cancel(CONTACT, 's1')
      expect(store.attempts.get('contact:wmCustomerA')!.send!.id).toBe('latest')
    })

    it('asks once while a cancel is under way', async () => {
      const answer = deferred<Send>()
      cancelSend.mockReturnValueOnce(answer.promise)
      const store = useSendsStore()
      const first = store.cancel(CONTACT, 's1')
      expect(store.cancelling.has('s1')).toBe(true)
      await expect(store.cancel(CONTACT, 's1')).resolves.toBeNull()
      expect(cancelSend).toHaveBeenCalledTimes(1)
      answer.resolve({ ...scheduled, status: 'cancelled' })
      await first
      expect(store.cancelling.has('s1')).toBe(false)
    })

    it('answers the refusal’s message and reloads the list', async () => {
      cancelSend.mockRejectedValue(new ApiFailure(409, 'SEND_NOT_CANCELLABLE', '发送时间已到，群发已开始，无法取消。'))
      const store = useSendsStore()
      await expect(store.cancel(CONTACT, 's1')).resolves.toBe('发送时间已到，群发已开始，无法取消。')
      expect(listSends).toHaveBeenCalledWith({ contact: 'wmCustomerA', limit: 10 })
      expect(store.cancelling.has('s1')).toBe(false)
    })
  })
})
