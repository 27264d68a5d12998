import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { CampaignListItem } from '../../contracts/campaigns.js'
import * as api from '../api/campaigns.js'
import { ApiFailure } from '../api/http.js'
import { useCampaignsStore } from './campaigns.js'

vi.mock('../api/campaigns.js', () => ({ listCampaigns: vi.fn(), addCampaign: vi.fn(), removeCampaign: vi.fn(), fetchReach: vi.fn() }))

const campaign = (taskId: number, name = `活动 ${taskId}`): CampaignListItem => ({
  taskId,
  name,
  addedBy: 'zhangwei',
  addedAt: '2025-11-20T10:00:00.000Z',
  summary: null,
  error: null,
})
const deferred = <T>() => {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

describe('campaigns store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(api.listCampaigns).mockReset()
    vi.mocked(api.addCampaign).mockReset()
    vi.mocked(api.removeCampaign).mockReset()
  })

  it('loads the list and tells "not asked yet" from "none"', async () => {
    const store = useCampaignsStore()
    expect([store.loaded, store.items]).toEqual([false, []])
    vi.mocked(api.listCampaigns).mockResolvedValue({ items: [campaign(30101), campaign(30102)] })
    const loading = store.load()
    expect(store.loading).toBe(true)
    await loading
    expect(store.items.map((c) => c.taskId)).toEqual([30101, 30102])
    expect([store.loaded, store.loading, store.error]).toEqual([true, false, null])
  })

  it('a pull-to-refresh asks the proxy for fresh figures; a plain load does not', async () => {
    const store = useCampaignsStore()
    vi.mocked(api.listCampaigns).mockResolvedValue({ items: [campaign(30101)] })
    await store.load()
    await store.load({ refresh: true })
    expect(vi.mocked(api.listCampaigns).mock.calls).toEqual([[{}], [{ refresh: true }]])
  })

  it('keeps the list it had when a reload fails, with the reason in words', async () => {
    const store = useCampaignsStore()
    vi.mocked(api.listCampaigns).mockResolvedValueOnce({ items: [campaign(30101)] })
    await store.load()
    vi.mocked(api.listCampaigns).mockRejectedValueOnce(new ApiFailure(0, 'NETWORK', '网络连接不上服务，请检查网络后重试。'))
    await store.load()
    expect(store.items.map((c) => c.taskId)).toEqual([30101])
    expect(store.error?.message).toBe('网络连接不上服务，请检查网络后重试。')
    vi.mocked(api.listCampaigns).mockResolvedValueOnce({ items: [] })
    await store.load()
    expect([store.items, store.error]).toEqual([[], null])
  })

  it('ignores an older answer that arrives after a newer one', async () => {
    const store = useCampaignsStore()
    const first = deferred<{ items: CampaignListItem[] }>()
    const second = deferred<{ items: CampaignListItem[] }>()
    vi.mocked(api.listCampaigns).mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise)
    const a = store.load()
    const b = store.load()
    second.resolve({ items: [campaign(2)] })
    await b
    first.resolve({ items: [campaign(1)] })
    await a
    expect(store.items.map((c) => c.taskId)).toEqual([2])
    expect(store.loading).toBe(false)
  })

  it('adds a campaign (trimmed name, none when blank) and a list already on its way does not undo it', async () => {
    const store = useCampaignsStore()
    const list = deferred<{ items: CampaignListItem[] }>()
    vi.mocked(api.listCampaigns).mockReturnValueOnce(list.promise)
    const loading = store.load()
    vi.mocked(api.addCampaign).mockResolvedValueOnce(campaign(30105, '员工朋友圈'))
    await store.add({ taskId: 30105, name: '  ' })
    expect(api.addCampaign).toHaveBeenLastCalledWith({ taskId: 30105 })
    list.resolve({ items: [campaign(30101)] })
    await loading
    expect(store.items.map((c) => c.taskId)).toEqual([30105])
    vi.mocked(api.addCampaign).mockResolvedValueOnce(campaign(30106, '回访'))
    await store.add({ taskId: 30106, name: ' 回访 ' })
    expect(api.addCampaign).toHaveBeenLastCalledWith({ taskId: 30106, name: '回访' })
    expect(store.items.map((c) => c.taskId)).toEqual([30105, 30106])
  })

  it("passes the proxy's refusal to the form and changes nothing", async () => {
    const store = useCampaignsStore()
    const notFound = new ApiFailure(404, 'CAMPAIGN_NOT_FOUND', '微盛中没有这个群发任务：请检查任务 ID。')
    vi.mocked(api.addCampaign).mockRejectedValueOnce(notFound)
    await expect(store.add({ taskId: 99 })).rejects.toBe(notFound)
    expect(store.items).toEqual([])
  })

  it('removes a campaign; one already removed by someone else counts as removed', async () => {
    const store = useCampaignsStore()
    vi.mocked(api.listCampaigns).mockResolvedValueOnce({ items: [campaign(1), campaign(2), campaign(3)] })
    await store.load()
    vi.mocked(api.removeCampaign).mockResolvedValueOnce(undefined)
    await store.remove(2)
    vi.mocked(api.removeCampaign).mockRejectedValueOnce(new ApiFailure(404, 'CAMPAIGN_NOT_TRACKED', '不在跟踪列表中'))
    await store.remove(3)
    expect(store.items.map((c) => c.taskId)).toEqual([1])
  })

  it('keeps a campaign whose removal was refused', async () => {
    const store = useCampaignsStore()
    vi.mocked(api.listCampaigns).mockResolvedValueOnce({ items: [campaign(1)] })
    await store.load()
    vi.mocked(api.removeCampaign).mockRejectedValueOnce(new ApiFailure(403, 'ADMIN_ONLY', '只有管理员可以这样做'))
    await expect(store.remove(1)).rejects.toMatchObject({ code: 'ADMIN_ONLY' })
    expect(store.items.map((c) => c.taskId)).toEqual([1])
  })
})
