import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Friend } from '../../contracts/friends.js'
import type { Send } from '../../contracts/sends.js'
import * as friendsApi from '../api/friends.js'
import { ApiFailure } from '../api/http.js'
import * as sendsApi from '../api/sends.js'
import * as sessionApi from '../api/session.js'
import FriendCard from '../components/customer/FriendCard.vue'
import SendComposer from '../components/send/SendComposer.vue'
import { targetKey, targetOf, useContactStore } from '../stores/contact.js'
import { useHostStore } from '../stores/host.js'
import { useSendsStore } from '../stores/sends.js'
import { useSessionStore } from '../stores/session.js'
import { detectPlacement } from './detect.js'
import { createHost } from './index.js'
import { createQikeliaoHost } from './qikeliao.js'
import { forgetQikeliaoEntry, qikeliaoFriend } from './qikeliao-entry.js'
import { HostError, sameHostContext } from './types.js'

vi.mock('../api/friends.js', () => ({ fetchFriend: vi.fn() }))
vi.mock('../api/sends.js', () => ({
  createSend: vi.fn(),
  listSends: vi.fn(),
  reportSendResult: vi.fn(),
  cancelSend: vi.fn(),
  refreshSendMedia: vi.fn(),
}))
vi.mock('../api/session.js', () => ({
  fetchSession: vi.fn(),
  fetchAppInfo: vi.fn(),
  loginUrl: (p: string) => `/api/auth/login?returnTo=${p}`,
}))

const FRIEND_ID = '3f0e7a52-8c1d-4b6e-9f21-0a4d5c6b7e81'
const FRIEND: Friend = {
  id: FRIEND_ID,
  wechatId: 'wxid_k2p9x7c4m1q8z3',
  nickname: '晓雯🌸',
  phoneMasked: '138****2231',
  tenantId: '640462692',
  youmi: {
    adWechatId: 45292,
    machineKey: 'zvzv9223',
    machineName: 'P01',
    qvCompanyId: '',
    objectId: '2716475',
    objectNickname: '晓雯🌸',
    belongStaffCode: 'zhangwei',
  },
}

/** Opens the page at `search` (happy-dom's own window), as the entry's redirect would. */
function at(search: string): void {
  window.history.replaceState(null, '', `/${search}`)
}

beforeEach(() => {
  setActivePinia(createPinia())
  vi.resetAllMocks()
  window.sessionStorage.clear()
  at('')
})
afterEach(() => at(''))

describe('the 企客聊 entry marker and placement', () => {
  it('is read from ?host=qikeliao&friend= and kept for the tab, so a reload inside the app stays in 企客聊', () => {
    expect(detectPlacement(window)).toBe('browser')
    at(`?host=qikeliao&friend=${FRIEND_ID}`)
    expect(qikeliaoFriend()).toBe(FRIEND_ID)
    expect(detectPlacement(window)).toBe('qikeliao')
    at('')
    window.history.replaceState(null, '', '/campaigns')
    expect(detectPlacement(window)).toBe('qikeliao')
    forgetQikeliaoEntry()
    expect(detectPlacement(window)).toBe('browser')
  })

  it('ignores a friend that is not an id, and other hosts', () => {
    at('?host=qikeliao&friend=<script>')
    expect(qikeliaoFriend()).toBeNull()
    at(`?host=other&friend=${FRIEND_ID}`)
    expect(qikeliaoFriend()).toBeNull()
  })

  it('the adapter: the friend as context, no chat, and createHost builds it from the marker', async () => {
    const host = createQikeliaoHost({ friendId: FRIEND_ID })
    expect(host.kind).toBe('qikeliao')
    expect(host.canSendToChat).toBe(false)
    expect(await host.getContext()).toEqual({ kind: 'friend', friendId: FRIEND_ID })
    await expect(host.sendChatMessage({ msgtype: 'text', text: { content: 'x' } })).rejects.toBeInstanceOf(HostError)
    expect(sameHostContext({ kind: 'friend', friendId: 'a' }, { kind: 'friend', friendId: 'a' })).toBe(true)
    expect(sameHostContext({ kind: 'friend', friendId: 'a' }, { kind: 'friend', friendId: 'b' })).toBe(false)
    expect(sameHostContext({ kind: 'friend', friendId: 'a' }, { kind: 'contact', externalUserId: 'a' })).toBe(false)

    await expect(createHost('qikeliao', { corpId: '', agentId: '' })).rejects.toMatchObject({ reason: 'noContactContext' })
    at(`?host=qikeliao&friend=${FRIEND_ID}`)
    const made = await createHost('qikeliao', { corpId: '', agentId: '' })
    expect(await made.getContext()).toEqual({ kind: 'friend', friendId: FRIEND_ID })
  })
})

describe('a 企客聊 friend in the stores', () => {
  it('is a chat target of its own, fetched from /api/friends/:id', async () => {
    const target = targetOf({ kind: 'friend', friendId: FRIEND_ID })!
    expect(target).toEqual({ kind: 'friend', friendId: FRIEND_ID })
    expect(targetKey(target)).toBe(`friend:${FRIEND_ID}`)
    vi.mocked(friendsApi.fetchFriend).mockResolvedValue(FRIEND)
    const people = useContactStore()
    await people.show(target)
    expect(friendsApi.fetchFriend).toHaveBeenCalledWith(FRIEND_ID)
    expect(people.friends.get(FRIEND_ID)).toEqual(FRIEND)
  })

  it('sends to it by id through Youmi, and lists its sends by friend', async () => {
    const send = {
      id: 'e1',
      channel: 'rpa',
      status: 'submitted',
      taskId: 881,
      contact: null,
      group: null,
      friend: { id: FRIEND_ID },
    } as unknown as Send
    vi.mocked(sendsApi.createSend).mockResolvedValue(send)
    vi.mocked(sendsApi.listSends).mockResolvedValue({ items: [send], nextCursor: null })
    const sends = useSendsStore()
    const target = { kind: 'friend', friendId: FRIEND_ID } as const
    const attempt = await sends.submit(target, { channel: 'rpa', content: [{ type: 'text', text: '你好' }] })
    expect(attempt?.phase).toBe('submitted')
    expect(vi.mocked(sendsApi.createSend).mock.calls[0]![0]).toMatchObject({ channel: 'rpa', friend: { id: FRIEND_ID } })
    expect(vi.mocked(sendsApi.createSend).mock.calls[0]![0]).not.toHaveProperty('contact')
    await flushPromises()
    expect(sendsApi.listSends).toHaveBeenCalledWith({ friend: FRIEND_ID, limit: 10 })
  })

  it('an expired session in 企客聊 says to reopen from 企客聊 instead of leaving for WeCom OAuth', async () => {
    at(`?host=qikeliao&friend=${FRIEND_ID}`)
    vi.mocked(sessionApi.fetchSession).mockRejectedValue(new ApiFailure(401, 'NO_SESSION', '登录已过期'))
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => undefined)
    const session = useSessionStore()
    await expect(session.ensureSignedIn()).rejects.toThrow(/回到企客聊/)
    session.signInAgain()
    expect(assign).not.toHaveBeenCalled()
    assign.mockRestore()
  })
})

describe('the customer view parts', () => {
  it('FriendCard shows the WeChat id, nickname, masked phone, the 企客聊 badge and the Youmi account', () => {
    const w = mount(FriendCard, { props: { friend: FRIEND } })
    expect(w.get('[data-test="friend-name"]').text()).toBe('晓雯🌸')
    expect(w.get('[data-test="friend-wechat-id"]').text()).toBe('wxid_k2p9x7c4m1q8z3')
    expect(w.get('[data-test="friend-phone"]').text()).toBe('138****2231')
    expect(w.get('[data-test="friend-badge"]').text()).toBe('企客聊')
    expect(w.get('[data-test="friend-operator"]').text()).toContain('P01')
    expect(w.get('[data-test="friend-operator"]').text()).toContain('45292')
    const bare = mount(FriendCard, {
      props: { friend: { ...FRIEND, nickname: '', phoneMasked: '', youmi: { ...FRIEND.youmi, objectNickname: '' } } },
    })
    expect(bare.get('[data-test="friend-name"]').text()).toBe('wxid_k2p9x7c4m1q8z3')
    expect(bare.get('[data-test="friend-phone"]').text()).toBe('未提供')
  })

  it('the composer offers 定时群发 only: 发到聊天 is not there at all', async () => {
    vi.mocked(sendsApi.listSends).mockReturnValue(new Promise(() => {}))
    useHostStore().host = createQikeliaoHost({ friendId: FRIEND_ID })
    const w = mount(SendComposer, { props: { target: { kind: 'friend', friendId: FRIEND_ID }, canChat: false, youmi: FRIEND.youmi } })
    await flushPromises()
    expect(w.find('[data-test="channel-chat"]').exists()).toBe(false)
    expect(w.get('[data-test="channel-rpa"]').attributes('aria-checked')).toBe('true')
    expect(w.get('[data-test="channel-rpa"]').attributes('disabled')).toBeUndefined()
    expect(w.find('[data-test="composer-schedule"]').exists()).toBe(true)
    w.unmount()
  })
})

describe('booting in 企客聊', () => {
  it('a plain browser opened through the entry is the sidebar, not the setup guide, even on a real deployment', async () => {
    const { createMemoryHistory } = await import('vue-router')
    const { createAppRouter } = await import('../router/index.js')
    const { useBoot } = await import('../composables/useBoot.js')
    at(`?host=qikeliao&friend=${FRIEND_ID}`)
    vi.mocked(sessionApi.fetchAppInfo).mockResolvedValue({ demo: false })
    vi.mocked(sessionApi.fetchSession).mockResolvedValue({
      userId: 'zhangwei',
      corpId: '640462692',
      agentId: '',
      host: 'qikeliao',
      isAdmin: false,
      demo: false,
    })
    const router = createAppRouter(createMemoryHistory())
    await router.push(`/?host=qikeliao&friend=${FRIEND_ID}`)
    const start = vi.spyOn(useHostStore(), 'start').mockResolvedValue(undefined)
    const boot = useBoot({ router })
    await boot.run()
    expect(boot.state.value).toBe('ready')
    expect(router.currentRoute.value.path).toBe('/')
    // The host starts beside the session check and is handed the session as it arrives.
    expect(start).toHaveBeenCalledWith('qikeliao', expect.any(Promise))
    await expect(start.mock.calls[0]![1]).resolves.toMatchObject({ userId: 'zhangwei' })
    expect(sessionApi.fetchAppInfo).not.toHaveBeenCalled()
  })
})
