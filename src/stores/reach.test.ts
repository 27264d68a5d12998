import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Reach } from '../../contracts/reach.js'
import * as api from '../api/campaigns.js'
import { ApiFailure } from '../api/http.js'
import { makeReach } from '../reach/testing.js'
import { useReachStore } from './reach.js'

vi.mock('../api/campaigns.js', () => ({ listCampaigns: vi.fn(), addCampaign: vi.fn(), removeCampaign: vi.fn(), fetchReach: vi.fn() }))

const deferred = <T>() => {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}
const fetchReach = vi.mocked(api.fetchReach)

describe('reach store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    fetchReach.mockReset()
    vi.useFakeTimers({ now: new Date('2025-11-20T10:00:05Z'), toFake: ['Date'] })
  })
  afterEach(() => vi.useRealTimers())

  it('keeps the last reach of each campaign and when this browser received it', async () => {
    const store = useReachStore()
    fetchReach.mockImplementation(async (taskId) => makeReach({ taskId }))
    const loading = store.load(30101)
    expect(store.entries[30101]).toMatchObject({ loading: true, reach: null })
    await loading
    expect(store.entries[30101]).toMatchObject({ loading: false, error: null, receivedAt: Date.parse('2025-11-20T10:00:05Z') })
    expect(store.entries[30101]!.reach!.taskId).toBe(30101)
    expect(fetchReach).toHaveBeenCalledWith(30101)
  })

  it('joins a load already under way instead of asking twice', async () => {
    const store = useReachStore()
    const answer = deferred<Reach>()
    fetchReach.mockReturnValueOnce(answer.promise)
    const a = store.load(30101)
    const b = store.load(30101)
    expect(fetchReach).toHaveBeenCalledTimes(1)
    answer.resolve(makeReach())
    await Promise.all([a, b])
    fetchReach.mockResolvedValueOnce(makeReach({ status: 3 }))
    await store.load(30101)
    expect(fetchReach).toHaveBeenCalledTimes(2)
    expect(store.entries[30101]!.reach!.status.code).toBe(3)
  })

  it('keeps the figures it had when a refresh fails, with the failure beside them', async () => {
    const store = useReachStore()
    fetchReach.mockResolvedValueOnce(makeReach())
    await store.load(30101)
    fetchReach.mockRejectedValueOnce(new ApiFailure(504, 'UPSTREAM_TIMEOUT', '微盛响应超时'))
    await store.load(30101)
    expect(store.entries[30101]!.reach).not.toBeNull()
    expect(store.entries[30101]!.error).toEqual({ status: 504, code: 'UPSTREAM_TIMEOUT', message: '微盛响应超时' })
    fetchReach.mockResolvedValueOnce(makeReach())
    await store.load(30101)
    expect(store.entries[30101]!.error).toBeNull()
  })

  it('drops the figures of a campaign that is no longer tracked', async () => {
    const store = useReachStore()
    fetchReach.mockResolvedValueOnce(makeReach())
    await store.load(30101)
    fetchReach.mockRejectedValueOnce(new ApiFailure(404, 'CAMPAIGN_NOT_TRACKED', '任务 30101 不在跟踪列表中'))
    await store.load(30101)
    expect(store.entries[30101]).toMatchObject({ reach: null, receivedAt: null, error: { code: 'CAMPAIGN_NOT_TRACKED' } })
  })

  it('ignores an answer for a campaign forgotten while it was on its way', async () => {
    const store = useReachStore()
    const answer = deferred<Reach>()
    fetchReach.mockReturnValueOnce(answer.promise)
    const loading = store.load(30101)
    store.forget(30101)
    answer.resolve(makeReach())
    await loading
    expect(store.entries[30101]).toBeUndefined()
  })
})
