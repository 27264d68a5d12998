import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import * as api from '../api/campaigns.js'
import { ApiFailure } from '../api/http.js'
import { makeReach } from '../reach/testing.js'
import ReachView from './ReachView.vue'

vi.mock('../api/campaigns.js', () => ({ listCampaigns: vi.fn(), addCampaign: vi.fn(), removeCampaign: vi.fn(), fetchReach: vi.fn() }))
const fetchReach = vi.mocked(api.fetchReach)

let pinia: Pinia
let router: Router
let wrapper: VueWrapper | undefined

async function open(taskId: string) {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/campaigns', name: 'campaigns', component: { template: '<div />' } },
      { path: '/campaigns/:taskId(\\d+)', name: 'reach', component: ReachView, props: true },
    ],
  })
  await router.push(`/campaigns/${taskId}`)
  wrapper = mount(ReachView, { props: { taskId }, global: { plugins: [pinia, router] } })
  await flushPromises()
  return wrapper
}

const text = (w: VueWrapper, test: string) => w.get(`[data-test="${test}"]`).text()

describe('ReachView', () => {
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    fetchReach.mockReset()
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    vi.useRealTimers()
  })

  it('shows a moments campaign with its likes and comments', async () => {
    fetchReach.mockResolvedValue(
      makeReach({
        taskId: 30104,
        name: '品牌故事：星禾十年匠心',
        type: 12,
        status: 3,
        targets: { planned: 5120, delivered: 4630, failed: 0, notSent: 490, excess: 0 },
        staff: { planned: 36, succeeded: 31, notSent: 5, failed: 0 },
        rates: { delivery: 0.9043, staffCompletion: 0.8611 },
      }),
    )
    const w = await open('30104')
    expect(fetchReach).toHaveBeenCalledWith(30104)
    expect(text(w, 'reach-name')).toBe('品牌故事：星禾十年匠心')
    expect(text(w, 'reach-type')).toBe('企业群发朋友圈')
    expect(text(w, 'reach-status')).toBe('已结束')
    expect(text(w, 'reach-delivery-rate')).toBe('90.4%')
    expect(text(w, 'reach-staff-rate')).toBe('86.1%')
    expect(text(w, 'reach-targets-planned')).toBe('5,120')
    expect(text(w, 'reach-targets-delivered')).toBe('4,630')
    expect(text(w, 'reach-targets-failed')).toBe('0')
    expect(text(w, 'reach-targets-not-sent')).toBe('490')
    expect(text(w, 'reach-targets-excess')).toBe('0')
    expect(text(w, 'reach-staff-planned')).toBe('36')
    expect(text(w, 'reach-staff-succeeded')).toBe('31')
    expect(text(w, 'reach-staff-not-sent')).toBe('5')
    expect(text(w, 'reach-staff-failed')).toBe('0')
    expect(text(w, 'reach-targets')).toContain('朋友圈触达客户')
    expect(text(w, 'reach-likes-staff')).toBe('22')
    expect(text(w, 'reach-likes-customers')).toBe('315')
    expect(text(w, 'reach-comments-staff')).toBe('6')
    expect(text(w, 'reach-comments-customers')).toBe('48')
    expect(text(w, 'reach-likes')).toContain('点赞')
    // Ended: no live indicator.
    expect(w.find('[data-test="reach-live"]').exists()).toBe(false)
  })

  it('shows a customer campaign without likes, its audience and materials', async () => {
    fetchReach.mockResolvedValue(makeReach({ type: 10, status: 2 }))
    const w = await open('30101')
    expect(text(w, 'reach-type')).toBe('企业群发客户')
    expect(text(w, 'reach-status')).toBe('进行中')
    expect(text(w, 'reach-delivery-rate')).toBe('89.3%')
    expect(text(w, 'reach-staff-rate')).toBe('91.7%')
    expect(text(w, 'reach-targets-planned')).toBe('2,480')
    expect(text(w, 'reach-targets-delivered')).toBe('2,215')
    expect(text(w, 'reach-targets-failed')).toBe('96')
    expect(text(w, 'reach-targets-not-sent')).toBe('169')
    expect(text(w, 'reach-targets-excess')).toBe('38')
    expect(text(w, 'reach-targets')).toContain('客户')
    expect(w.text()).toContain('2,215 / 2,480 位客户')
    expect(w.find('[data-test="reach-likes"]').exists()).toBe(false)
    expect(w.find('[data-test="reach-comments"]').exists()).toBe(false)
    expect(text(w, 'reach-audience')).toBe('企业群发客户 · 添加人：3 名员工 · 包含标签：A级 或 B级')
    const detail = w.get('[data-test="reach-audience-detail"]')
    const toggle = w.get('[data-test="reach-audience-toggle"]')
    expect([toggle.attributes('aria-expanded'), detail.attributes('style')]).toEqual(['false', 'display: none;'])
    await toggle.trigger('click')
    expect([toggle.attributes('aria-expanded'), detail.attributes('style') ?? '']).toEqual(['true', ''])
    expect(detail.text()).toContain('包含标签 · 满足任意一个')
    const materials = w.findAll('[data-test="reach-material"]')
    expect(materials.map((m) => m.attributes('data-state'))).toEqual(['ok', 'deleted'])
    expect(materials[1]!.text()).toContain('已删除')
    expect(text(w, 'reach-fetched-at')).toMatch(/^数据更新于 (刚刚|\d+ 秒前)$/)
    expect(w.find('[data-test="reach-live"]').exists()).toBe(true)
  })

  it('says the figures may be out of date when the proxy answered stale ones (WShoto down)', async () => {
    const since = new Date(Date.now() - 5 * 60_000).toISOString()
    fetchReach.mockResolvedValue(makeReach({ fetchedAt: since, stale: { since, reason: '微盛暂时无法连接，显示的是上次获取的数据' } }))
    const w = await open('30101')
    expect(text(w, 'reach-fetched-at')).toBe('数据可能已过期：5 分钟前获取 · 微盛暂时无法连接')
    expect(w.get('[data-test="reach-fetched-at"]').attributes('data-stale')).toBe('true')
    // The figures themselves are shown as usual.
    expect(text(w, 'reach-targets-delivered')).toBe('2,215')
  })

  it('shows a dash and the reason, never NaN, when nothing was planned', async () => {
    fetchReach.mockResolvedValue(
      makeReach({
        status: 0,
        targets: { planned: 0, delivered: 0, failed: 0, notSent: 0, excess: 0 },
        staff: { planned: 0, succeeded: 0, notSent: 0, failed: 0 },
        rates: { delivery: null, staffCompletion: null },
      }),
    )
    const w = await open('30107')
    expect(text(w, 'reach-delivery-rate')).toBe('—')
    expect(text(w, 'reach-staff-rate')).toBe('—')
    expect(w.text()).toContain('没有计划发送对象')
    expect(w.text()).not.toMatch(/NaN|Infinity/)
  })

  it('refreshes every 15 s while in progress, stops when it ends and when the view closes', async () => {
    vi.useFakeTimers()
    fetchReach.mockResolvedValueOnce(makeReach({ status: 2 }))
    const w = await open('30101')
    expect(fetchReach).toHaveBeenCalledTimes(1)
    fetchReach.mockResolvedValueOnce(
      makeReach({ status: 2, targets: { planned: 2480, delivered: 2300, failed: 96, notSent: 84, excess: 38 } }),
    )
    await vi.advanceTimersByTimeAsync(15_000)
    await flushPromises()
    expect(fetchReach).toHaveBeenCalledTimes(2)
    expect(text(w, 'reach-targets-delivered')).toBe('2,300')
    fetchReach.mockResolvedValueOnce(makeReach({ status: 3 }))
    await vi.advanceTimersByTimeAsync(15_000)
    await flushPromises()
    expect(fetchReach).toHaveBeenCalledTimes(3)
    expect(text(w, 'reach-status')).toBe('已结束')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fetchReach).toHaveBeenCalledTimes(3)
  })

  it('stops refreshing when it is closed', async () => {
    vi.useFakeTimers()
    fetchReach.mockResolvedValue(makeReach({ status: 1 }))
    const w = await open('30101')
    w.unmount()
    wrapper = undefined
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fetchReach).toHaveBeenCalledTimes(1)
  })

  it('keeps the figures when a refresh fails and shows the failure above them', async () => {
    vi.useFakeTimers()
    fetchReach.mockResolvedValueOnce(makeReach({ status: 2 }))
    const w = await open('30101')
    fetchReach.mockRejectedValueOnce(new ApiFailure(504, 'UPSTREAM_TIMEOUT', '微盛响应超时，请稍后重试。'))
    await vi.advanceTimersByTimeAsync(15_000)
    await flushPromises()
    expect(text(w, 'reach-error')).toContain('微盛响应超时')
    expect(text(w, 'reach-targets-planned')).toBe('2,480')
    fetchReach.mockResolvedValueOnce(makeReach({ status: 2 }))
    await w.get('[data-test="notice-retry"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-test="reach-error"]').exists()).toBe(false)
  })

  it('offers a retry when the first load fails', async () => {
    fetchReach.mockRejectedValueOnce(new ApiFailure(0, 'NETWORK', '网络连接不上服务，请检查网络后重试。'))
    const w = await open('30101')
    expect(text(w, 'reach-load-failed')).toContain('网络连接不上服务')
    fetchReach.mockResolvedValueOnce(makeReach())
    await w.get('[data-test="state-action"]').trigger('click')
    await flushPromises()
    expect(text(w, 'reach-name')).toBe('双十一全屋智能焕新季·预热通知')
  })

  it('offers no retry where retrying cannot help (WShoto knows no such task): it says what to do instead', async () => {
    fetchReach.mockRejectedValueOnce(new ApiFailure(404, 'CAMPAIGN_NOT_FOUND', '微盛没有这个任务：请确认任务编号。'))
    const w = await open('30101')
    expect(text(w, 'reach-load-failed')).toContain('微盛没有这个任务')
    expect(w.find('[data-test="state-action"]').exists()).toBe(false)
    // The advice comes with the error panel's own chunk (its first load can outlast vi.waitFor's default 1 s).
    await vi.waitFor(() => expect(text(w, 'reach-load-failed')).toContain('重试不会有不同结果'), { timeout: 5_000 })
  })

  it('a refresh refused for good keeps the figures and offers no retry above them', async () => {
    vi.useFakeTimers()
    fetchReach.mockResolvedValueOnce(makeReach({ status: 2 }))
    const w = await open('30101')
    fetchReach.mockRejectedValueOnce(new ApiFailure(403, 'WRONG_HOST', '这里只能在企业微信里使用。'))
    await vi.advanceTimersByTimeAsync(15_000)
    await flushPromises()
    expect(text(w, 'reach-error')).toContain('只能在企业微信里使用')
    expect(w.find('[data-test="notice-retry"]').exists()).toBe(false)
  })

  it('says clearly that a campaign is not tracked and leads back to the list', async () => {
    fetchReach.mockRejectedValueOnce(new ApiFailure(404, 'CAMPAIGN_NOT_TRACKED', '任务 999 不在跟踪列表中：请管理员先添加。'))
    const w = await open('999')
    expect(text(w, 'reach-not-tracked')).toContain('这个活动不在跟踪列表中')
    expect(text(w, 'reach-not-tracked')).toContain('请管理员先添加')
    await w.get('[data-test="state-action"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('campaigns')
  })

  it('shows a skeleton while the first answer is on its way', async () => {
    fetchReach.mockReturnValueOnce(new Promise(() => {}))
    const w = await open('30101')
    expect(w.find('[data-test="reach-loading"]').exists()).toBe(true)
  })
})
