// @vitest-environment node
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Contact } from '../../contracts/contacts.js'
import type { Group } from '../../contracts/groups.js'
import * as api from '../api/contacts.js'
import { ApiFailure } from '../api/http.js'
import { targetKey, targetOf, useContactStore } from './contact.js'

vi.mock('../api/contacts.js', () => ({ fetchContact: vi.fn(), fetchGroup: vi.fn() }))

const fetchContact = vi.mocked(api.fetchContact)
const fetchGroup = vi.mocked(api.fetchGroup)

const deferred = <T>() => {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}
const flush = () => new Promise((r) => setTimeout(r, 0))

const makeContact = (externalUserId: string, over: Partial<Contact> = {}): Contact => ({
  externalUserId,
  name: `客户${externalUserId}`,
  avatar: '',
  kind: 'wechat',
  corpName: null,
  gender: 'unknown',
  remark: '',
  description: '',
  tags: [],
  addedAt: null,
  youmi: null,
  ...over,
})
const makeGroup = (chatId: string, over: Partial<Group> = {}): Group => ({
  chatId,
  name: '新品体验群',
  owner: 'zhangsan',
  ownerName: '张三',
  notice: '',
  createdAt: null,
  memberCount: 12,
  customerCount: 9,
  members: [],
  ...over,
})
const A = { kind: 'contact', externalUserId: 'wmA' } as const
const B = { kind: 'contact', externalUserId: 'wmB' } as const
const G = { kind: 'group', chatId: 'wrG' } as const

describe('targetOf / targetKey', () => {
  it('maps a host context to a chat target, and "none" or nothing to null', () => {
    expect(targetOf({ kind: 'contact', externalUserId: 'wmA' })).toEqual(A)
    expect(targetOf({ kind: 'group', chatId: 'wrG' })).toEqual(G)
    expect(targetOf({ kind: 'none', entry: 'normal' })).toBeNull()
    expect(targetOf(null)).toBeNull()
  })

  it('keys contacts and groups apart even with the same id', () => {
    expect(targetKey({ kind: 'contact', externalUserId: 'x1' })).toBe('contact:x1')
    expect(targetKey({ kind: 'group', chatId: 'x1' })).toBe('group:x1')
  })
})

describe('contact store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
  })

  it('loads a contact the first time, with loading on meanwhile', async () => {
    const answer = deferred<Contact>()
    fetchContact.mockReturnValueOnce(answer.promise)
    const store = useContactStore()
    const showing = store.show(A)
    expect(store.target).toEqual(A)
    expect(store.loading).toBe(true)
    answer.resolve(makeContact('wmA'))
    await showing
    expect(fetchContact).toHaveBeenCalledWith('wmA')
    expect(store.loading).toBe(false)
    expect(store.error).toBeNull()
    expect(store.contacts.get('wmA')!.name).toBe('客户wmA')
  })

  it('shows a contact seen before from memory at once, refreshing it quietly', async () => {
    fetchContact.mockResolvedValueOnce(makeContact('wmA', { remark: '旧备注' }))
    const store = useContactStore()
    await store.show(A)
    const fresh = deferred<Contact>()
    fetchContact.mockReturnValueOnce(fresh.promise)
    await store.show(A)
    // Resolved without waiting for the proxy, no spinner, the old copy still there.
    expect(store.loading).toBe(false)
    expect(store.contacts.get('wmA')!.remark).toBe('旧备注')
    expect(fetchContact).toHaveBeenCalledTimes(2)
    fresh.resolve(makeContact('wmA', { remark: '新备注' }))
    await flush()
    expect(store.contacts.get('wmA')!.remark).toBe('新备注')
    expect(store.loading).toBe(false)
  })

  it('a failed quiet refresh keeps the copy and shows no error', async () => {
    fetchContact.mockResolvedValueOnce(makeContact('wmA'))
    const store = useContactStore()
    await store.show(A)
    fetchContact.mockRejectedValueOnce(new ApiFailure(502, 'UPSTREAM_UNAVAILABLE', '企业微信暂时不可用'))
    await store.show(A)
    await flush()
    expect(store.error).toBeNull()
    expect(store.contacts.get('wmA')).toBeDefined()
  })

  it('sets the error of a failed load for the current target', async () => {
    fetchContact.mockRejectedValueOnce(new ApiFailure(403, 'NOT_YOUR_CUSTOMER', '你没有添加这位客户'))
    const store = useContactStore()
    await store.show(A)
    expect(store.error?.message).toBe('你没有添加这位客户')
    expect(store.loading).toBe(false)
  })

  it('ignores a stale failing answer for the previous target', async () => {
    const slowA = deferred<Contact>()
    fetchContact.mockReturnValueOnce(slowA.promise).mockResolvedValueOnce(makeContact('wmB'))
    const store = useContactStore()
    const showingA = store.show(A)
    await store.show(B)
    expect(store.target).toEqual(B)
    expect(store.loading).toBe(false)
    slowA.reject(new ApiFailure(504, 'UPSTREAM_TIMEOUT', '企业微信响应超时'))
    await showingA
    expect(store.error).toBeNull()
    expect(store.loading).toBe(false)
    expect(store.contacts.get('wmB')).toBeDefined()
  })

  it('keeps loading on while the current target is still loading, whatever an older answer does', async () => {
    const slowA = deferred<Contact>()
    const slowB = deferred<Contact>()
    fetchContact.mockReturnValueOnce(slowA.promise).mockReturnValueOnce(slowB.promise)
    const store = useContactStore()
    const showingA = store.show(A)
    const showingB = store.show(B)
    slowA.resolve(makeContact('wmA'))
    await showingA
    expect(store.loading).toBe(true)
    slowB.resolve(makeContact('wmB'))
    await showingB
    expect(store.loading).toBe(false)
  })

  it('clears the error when moving to another target', async () => {
    fetchContact.mockRejectedValueOnce(new ApiFailure(502, 'X', '失败')).mockResolvedValueOnce(makeContact('wmB'))
    const store = useContactStore()
    await store.show(A)
    expect(store.error?.message).toBe('失败')
    await store.show(B)
    expect(store.error).toBeNull()
  })

  it('loads a group with fetchGroup and keeps it apart from contacts', async () => {
    fetchGroup.mockResolvedValue(makeGroup('wrG'))
    const store = useContactStore()
    await store.show(G)
    expect(fetchGroup).toHaveBeenCalledWith('wrG')
    expect(fetchContact).not.toHaveBeenCalled()
    expect(store.groups.get('wrG')!.name).toBe('新品体验群')
    expect(store.contacts.size).toBe(0)
  })

  it('a failed group load sets the error', async () => {
    fetchGroup.mockRejectedValue(new ApiFailure(403, 'NOT_IN_GROUP', '你不在这个客户群中'))
    const store = useContactStore()
    await store.show(G)
    expect(store.error?.message).toBe('你不在这个客户群中')
  })

  it('reload asks again with a spinner and shows the error, even for a cached target', async () => {
    fetchContact.mockResolvedValueOnce(makeContact('wmA'))
    const store = useContactStore()
    await store.show(A)
    const again = deferred<Contact>()
    fetchContact.mockReturnValueOnce(again.promise)
    const reloading = store.reload()
    expect(store.loading).toBe(true)
    again.reject(new ApiFailure(502, 'X', '又失败了'))
    await reloading
    expect(store.error?.message).toBe('又失败了')
    expect(store.loading).toBe(false)
  })

  it('showing no target clears it and asks nothing', async () => {
    const store = useContactStore()
    await store.show(null)
    expect(store.target).toBeNull()
    expect(fetchContact).not.toHaveBeenCalled()
    expect(fetchGroup).not.toHaveBeenCalled()
  })
})
