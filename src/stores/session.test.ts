import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import type { Session } from '../../contracts/session.js'
import { ApiFailure } from '../api/http.js'
import * as api from '../api/session.js'
import { useSessionStore } from './session.js'

vi.mock('../api/session.js', async (importActual) => {
  const actual = await importActual<typeof import('../api/session.js')>()
  return { ...actual, fetchAppInfo: vi.fn(), fetchSession: vi.fn(), logout: vi.fn() }
})

const fetchSession = vi.mocked(api.fetchSession)
const fetchAppInfo = vi.mocked(api.fetchAppInfo)
const flush = () => new Promise((r) => setTimeout(r, 0))

const SESSION: Session = { userId: 'zhangsan', corpId: 'ww-corp', agentId: '1000002', isAdmin: false, demo: false }
const expired = () => new ApiFailure(401, 'NO_SESSION', '登录已过期，正在重新登录…')

describe('session store', () => {
  let assign: MockInstance<(url: string | URL) => void>

  beforeEach(() => {
    setActivePinia(createPinia())
    fetchSession.mockReset()
    fetchAppInfo.mockReset()
    window.history.replaceState({}, '', '/campaigns/30101?tab=reach&from=chat#top')
    assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {})
  })
  afterEach(() => {
    assign.mockRestore()
    window.history.replaceState({}, '', '/')
  })

  it('ensureSignedIn answers the session and asks the proxy only once', async () => {
    fetchSession.mockResolvedValue(SESSION)
    const store = useSessionStore()
    await expect(store.ensureSignedIn()).resolves.toEqual(SESSION)
    await expect(store.ensureSignedIn()).resolves.toEqual(SESSION)
    expect(fetchSession).toHaveBeenCalledTimes(1)
    expect(store.session).toEqual(SESSION)
    expect(assign).not.toHaveBeenCalled()
  })

  it('on 401 sends the browser to sign in and back to this page, once, and never resolves', async () => {
    fetchSession.mockRejectedValue(expired())
    const store = useSessionStore()
    const settled = vi.fn()
    store.ensureSignedIn().then(settled, settled)
    store.ensureSignedIn().then(settled, settled)
    await flush()
    await flush()
    expect(fetchSession).toHaveBeenCalled()
    expect(assign).toHaveBeenCalledTimes(1)
    // Path and query, encoded once; the fragment never reaches the server.
    expect(assign).toHaveBeenCalledWith('/api/auth/login?returnTo=%2Fcampaigns%2F30101%3Ftab%3Dreach%26from%3Dchat')
    expect(settled).not.toHaveBeenCalled()
    expect(store.session).toBeNull()
  })

  it('a later 401 (after one already redirected) does not redirect again', async () => {
    fetchSession.mockRejectedValue(expired())
    const store = useSessionStore()
    void store.ensureSignedIn()
    await flush()
    void store.ensureSignedIn()
    await flush()
    expect(fetchSession).toHaveBeenCalledTimes(2)
    expect(assign).toHaveBeenCalledTimes(1)
  })

  it('passes any other failure to the caller without redirecting, and asks again next time', async () => {
    const down = new ApiFailure(503, 'UPSTREAM_UNAVAILABLE', '企业微信暂时不可用')
    fetchSession.mockRejectedValueOnce(down).mockResolvedValueOnce(SESSION)
    const store = useSessionStore()
    await expect(store.ensureSignedIn()).rejects.toBe(down)
    expect(assign).not.toHaveBeenCalled()
    await expect(store.ensureSignedIn()).resolves.toEqual(SESSION)
  })

  it('does not take a plain Error for an expired session', async () => {
    fetchSession.mockRejectedValue(new Error('401'))
    const store = useSessionStore()
    await expect(store.ensureSignedIn()).rejects.toThrow('401')
    expect(assign).not.toHaveBeenCalled()
  })

  it('loadInfo asks the proxy once and serves the answer from memory afterwards', async () => {
    fetchAppInfo.mockResolvedValue({ demo: true })
    const store = useSessionStore()
    await expect(store.loadInfo()).resolves.toEqual({ demo: true })
    await expect(store.loadInfo()).resolves.toEqual({ demo: true })
    expect(fetchAppInfo).toHaveBeenCalledTimes(1)
    expect(store.info).toEqual({ demo: true })
  })

  it('loadInfo asks again after a failure', async () => {
    fetchAppInfo.mockRejectedValueOnce(new ApiFailure(0, 'NETWORK', '网络')).mockResolvedValueOnce({ demo: false })
    const store = useSessionStore()
    await expect(store.loadInfo()).rejects.toBeInstanceOf(ApiFailure)
    await expect(store.loadInfo()).resolves.toEqual({ demo: false })
    expect(fetchAppInfo).toHaveBeenCalledTimes(2)
  })
})
