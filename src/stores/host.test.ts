// @vitest-environment node
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, watch } from 'vue'
import { HostError, type Host, type HostContext, type HostKind } from '../host/index.js'
import { useHostStore } from './host.js'

const deferred = <T>() => {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}
const flush = () => new Promise((r) => setTimeout(r, 0))

const contactA: HostContext = { kind: 'contact', externalUserId: 'wmA' }
const contactB: HostContext = { kind: 'contact', externalUserId: 'wmB' }
const APP = { corpId: 'ww-corp', agentId: '1000002' }

/** A host whose answers the test decides, and which can say "the chat changed". */
function fakeHost(kind: HostKind = 'wecom') {
  const listeners = new Set<() => void>()
  const host = {
    kind,
    canSendToChat: true,
    getContext: vi.fn<() => Promise<HostContext>>(async () => contactA),
    onContextChange: vi.fn((l: () => void) => {
      listeners.add(l)
      return () => void listeners.delete(l)
    }),
    sendChatMessage: vi.fn(async () => {}),
    dispose: vi.fn(),
  } satisfies Host
  return { host, changeChat: () => listeners.forEach((l) => l()), listeners }
}

describe('host store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('starts the host it is given and reads the chat beside it', async () => {
    const { host } = fakeHost()
    const make = vi.fn(async () => host)
    const store = useHostStore()
    expect(store.state).toBe('starting')
    await store.start('wecom', APP, make)
    expect(make).toHaveBeenCalledWith('wecom', APP)
    expect(store.host).toBe(host)
    expect(store.context).toEqual(contactA)
    expect(store.state).toBe('ready')
    expect(store.error).toBeNull()
    expect(host.onContextChange).toHaveBeenCalledTimes(1)
  })

  it('does not start a second host once one is up', async () => {
    const { host } = fakeHost()
    const make = vi.fn(async () => host)
    const store = useHostStore()
    await store.start('wecom', APP, make)
    await store.start('playground', APP, make)
    expect(make).toHaveBeenCalledTimes(1)
    expect(store.host!.kind).toBe('wecom')
  })

  it('fails with the HostError the host gave', async () => {
    const { host } = fakeHost()
    const err = new HostError('noPermission', 'getCurExternalContact:fail no permission')
    host.getContext.mockRejectedValue(err)
    const store = useHostStore()
    await store.start('wecom', APP, async () => host)
    expect(store.state).toBe('failed')
    expect(store.error).toBe(err)
    expect(store.context).toBeNull()
  })

  it('wraps anything else into HostError(unknown) keeping its words', async () => {
    const { host } = fakeHost()
    host.getContext.mockRejectedValue(new Error('bridge gone'))
    const store = useHostStore()
    await store.start('wecom', APP, async () => host)
    expect(store.error).toBeInstanceOf(HostError)
    expect(store.error).toMatchObject({ reason: 'unknown', detail: 'bridge gone' })
  })

  it('retry() after a failed creation creates the host again', async () => {
    const { host } = fakeHost()
    const make = vi.fn<(kind: HostKind, app: typeof APP | Promise<typeof APP>) => Promise<Host>>()
    make.mockRejectedValueOnce(new HostError('playgroundLost', 'no answer')).mockResolvedValueOnce(host)
    const store = useHostStore()
    await store.start('playground', APP, make)
    expect(store.state).toBe('failed')
    expect(store.error?.reason).toBe('playgroundLost')
    expect(store.host).toBeNull()

    await store.retry()
    expect(make).toHaveBeenCalledTimes(2)
    expect(make).toHaveBeenLastCalledWith('playground', APP)
    expect(store.host).toBe(host)
    expect(store.state).toBe('ready')
    expect(store.error).toBeNull()
    expect(store.context).toEqual(contactA)
  })

  it('retry() with a host up asks for the context again instead of making a new host', async () => {
    const { host } = fakeHost()
    host.getContext.mockRejectedValueOnce(new HostError('timeout', 'no answer in 10000 ms'))
    const make = vi.fn(async () => host)
    const store = useHostStore()
    await store.start('wecom', APP, make)
    expect(store.state).toBe('failed')
    await store.retry()
    expect(make).toHaveBeenCalledTimes(1)
    expect(host.getContext).toHaveBeenCalledTimes(2)
    expect(store.state).toBe('ready')
    expect(store.error).toBeNull()
  })

  it('retry() before any start does nothing', async () => {
    const store = useHostStore()
    await expect(store.retry()).resolves.toBeUndefined()
    expect(store.state).toBe('starting')
  })

  it('ignores an answer to an older question that arrives last', async () => {
    const { host } = fakeHost()
    const store = useHostStore()
    await store.start('wecom', APP, async () => host)
    const first = deferred<HostContext>()
    const second = deferred<HostContext>()
    host.getContext.mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise)
    const a = store.readContext()
    const b = store.readContext()
    second.resolve(contactB)
    await b
    expect(store.context).toEqual(contactB)
    first.resolve(contactA)
    await a
    expect(store.context).toEqual(contactB)
    expect(store.state).toBe('ready')
  })

  it('ignores a failure of an older question that arrives last', async () => {
    const { host } = fakeHost()
    const store = useHostStore()
    await store.start('wecom', APP, async () => host)
    const first = deferred<HostContext>()
    host.getContext.mockReturnValueOnce(first.promise).mockResolvedValueOnce(contactB)
    const a = store.readContext()
    await store.readContext()
    first.reject(new HostError('aborted', 'SDK Error: Aborted'))
    await a
    expect(store.state).toBe('ready')
    expect(store.error).toBeNull()
    expect(store.context).toEqual(contactB)
  })

  it('reads the context again when the host says the chat changed (contact A → contact B)', async () => {
    const { host, changeChat } = fakeHost()
    const store = useHostStore()
    await store.start('wecom', APP, async () => host)
    expect(store.context).toEqual(contactA)
    const next = deferred<HostContext>()
    host.getContext.mockReturnValueOnce(next.promise)
    changeChat()
    expect(host.getContext).toHaveBeenCalledTimes(2)
    // While asking, the sidebar keeps showing the chat it has rather than flashing "starting".
    expect(store.state).toBe('ready')
    next.resolve(contactB)
    await flush()
    expect(store.context).toEqual(contactB)
  })

  it('moves from a contact to a group and to "none"', async () => {
    const { host, changeChat } = fakeHost()
    const store = useHostStore()
    await store.start('wecom', APP, async () => host)
    host.getContext.mockResolvedValueOnce({ kind: 'group', chatId: 'wrG' })
    changeChat()
    await flush()
    expect(store.context).toEqual({ kind: 'group', chatId: 'wrG' })
    host.getContext.mockResolvedValueOnce({ kind: 'none', entry: 'normal' })
    changeChat()
    await flush()
    expect(store.context).toEqual({ kind: 'none', entry: 'normal' })
  })

  it('keeps the same context object when the chat did not change (no needless reloads)', async () => {
    const { host, changeChat } = fakeHost()
    const store = useHostStore()
    await store.start('wecom', APP, async () => host)
    const before = store.context
    const changes = vi.fn()
    watch(() => store.context, changes)
    host.getContext.mockResolvedValueOnce({ kind: 'contact', externalUserId: 'wmA' })
    changeChat()
    await flush()
    await nextTick()
    expect(store.context).toBe(before)
    expect(changes).not.toHaveBeenCalled()
  })

  it('says "starting" again while re-asking after a failure, and recovers', async () => {
    const { host } = fakeHost()
    host.getContext.mockRejectedValueOnce(new HostError('timeout', 'x'))
    const store = useHostStore()
    await store.start('wecom', APP, async () => host)
    expect(store.state).toBe('failed')
    const next = deferred<HostContext>()
    host.getContext.mockReturnValueOnce(next.promise)
    const reading = store.readContext()
    expect(store.state).toBe('starting')
    next.resolve(contactB)
    await reading
    expect(store.state).toBe('ready')
    expect(store.context).toEqual(contactB)
  })
})
