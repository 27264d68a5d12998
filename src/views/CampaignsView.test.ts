import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { CampaignListItem } from '../../contracts/campaigns.js'
import type { Reach } from '../../contracts/reach.js'
import * as api from '../api/campaigns.js'
import { ApiFailure } from '../api/http.js'
import { makeReach } from '../reach/testing.js'
import { useSessionStore } from '../stores/session.js'
import CampaignsView from './CampaignsView.vue'

vi.mock('../api/campaigns.js', () => ({ listCampaigns: vi.fn(), addCampaign: vi.fn(), removeCampaign: vi.fn(), fetchReach: vi.fn() }))
// Vant's function APIs bring their CSS as side-effect imports, which Node cannot load.
vi.mock('vant/es/dialog/style', () => ({}))
vi.mock('vant/es/toast/style', () => ({}))
const listCampaigns = vi.mocked(api.listCampaigns)
const fetchReach = vi.mocked(api.fetchReach)
const addCampaign = vi.mocked(api.addCampaign)

/** A list row as the proxy answers it: with the summary of `reach` (default: a running campaign), or `error`. */
function campaign(
  taskId: number,
  name: string,
  o: { reach?: Reach | null; error?: { code: string; message: string } } = {},
): CampaignListItem {
  const reach = o.reach === undefined ? makeReach({ taskId }) : o.reach
  return {
    taskId,
    name,
    addedBy: 'zhangwei',
    addedAt: '2025-11-20T10:00:00.000Z',
    summary: reach && {
      type: { code: reach.type.code, label: reach.type.label },
      status: reach.status,
      delivery: reach.rates.delivery,
      fetchedAt: reach.fetchedAt,
      stale: reach.stale,
    },
    error: o.error ?? null,
  }
}
let pinia: Pinia
let wrapper: VueWrapper | undefined

async function open(options: { admin?: boolean } = {}) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/campaigns', name: 'campaigns', component: CampaignsView },
      { path: '/campaigns/:taskId(\\d+)', name: 'reach', component: { template: '<div />' }, props: true },
    ],
  })
  await router.push('/campaigns')
  useSessionStore(pinia).session = { isAdmin: options.admin ?? false } as never
  wrapper = mount(CampaignsView, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { w: wrapper, router }
}

describe('CampaignsView', () => {
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    listCampaigns.mockReset()
    fetchReach.mockReset()
    addCampaign.mockReset()
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('lists the tracked campaigns with their task ids and status from one request', async () => {
    listCampaigns.mockResolvedValue({
      items: [
        campaign(30101, '双十一预热', { reach: makeReach({ taskId: 30101, status: 2 }) }),
        campaign(30104, '品牌故事', { reach: null, error: { code: 'WSHOTO_BAD_RESPONSE', message: '微盛返回的内容无法识别' } }),
      ],
    })
    const { w } = await open()
    const rows = w.findAll('[data-test="campaign-item"]')
    expect(rows.map((r) => r.attributes('data-task-id'))).toEqual(['30101', '30104'])
    expect(rows[0]!.text()).toContain('双十一预热')
    expect(rows[0]!.get('[data-test="campaign-label"]').text()).toBe('任务 30101 · 企业群发客户')
    expect(rows[0]!.get('[data-test="campaign-delivery"]').text()).toBe('送达 89.3%')
    expect(rows[0]!.get('[data-test="campaign-status"]').text()).toBe('进行中')
    expect(rows[1]!.find('[data-test="campaign-status"]').exists()).toBe(false)
    expect(rows[1]!.text()).toContain('未能读取')
    // The list is the one request: no reach per campaign.
    expect(listCampaigns).toHaveBeenCalledTimes(1)
    expect(fetchReach).not.toHaveBeenCalled()
    // Staff see no admin actions.
    expect(w.find('[data-test="add-campaign"]').exists()).toBe(false)
  })

  it('opens the reach of a tapped campaign', async () => {
    listCampaigns.mockResolvedValue({ items: [campaign(30101, '双十一预热')] })
    const { w, router } = await open()
    await w.get('[data-test="campaign-item"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/campaigns/30101')
  })

  it('explains an empty list: staff ask an admin, admins get the add action', async () => {
    listCampaigns.mockResolvedValue({ items: [] })
    const staff = await open()
    expect(staff.w.get('[data-test="campaigns-empty"]').text()).toContain('请管理员在这里添加微盛群发任务的任务 ID')
    staff.w.unmount()
    pinia = createPinia()
    setActivePinia(pinia)
    const admin = await open({ admin: true })
    expect(admin.w.get('[data-test="campaigns-empty"]').text()).toContain('点击「添加活动」')
    expect(admin.w.find('[data-test="add-campaign"]').exists()).toBe(true)
  })

  it('offers a retry when the list cannot be read', async () => {
    listCampaigns.mockRejectedValueOnce(new ApiFailure(0, 'NETWORK', '网络连接不上服务，请检查网络后重试。'))
    const { w } = await open()
    expect(w.text()).toContain('群发活动没能读取')
    listCampaigns.mockResolvedValueOnce({ items: [campaign(30101, '双十一预热')] })
    await w.get('[data-test="state-action"]').trigger('click')
    await flushPromises()
    expect(w.findAll('[data-test="campaign-item"]')).toHaveLength(1)
  })

  it("lets an admin add a campaign by task id and shows the proxy's refusal in words", async () => {
    listCampaigns.mockResolvedValue({ items: [] })
    const { w } = await open({ admin: true })
    await w.get('[data-test="add-campaign"]').trigger('click')
    await flushPromises()
    const popup = () => document.body.querySelector('[data-test="add-campaign-popup"]')!
    const input = popup().querySelector<HTMLInputElement>('[data-test="add-campaign-task-id"] input')!
    const submit = () => popup().querySelector<HTMLButtonElement>('[data-test="add-campaign-submit"]')!.click()

    submit()
    await flushPromises()
    expect(popup().textContent).toContain('请填写任务 ID')
    expect(addCampaign).not.toHaveBeenCalled()

    input.value = '404'
    input.dispatchEvent(new Event('input'))
    addCampaign.mockRejectedValueOnce(new ApiFailure(404, 'CAMPAIGN_NOT_FOUND', '微盛中没有这个群发任务：请检查任务 ID。'))
    submit()
    await flushPromises()
    expect(addCampaign).toHaveBeenLastCalledWith({ taskId: 404 })
    expect(popup().querySelector('[data-test="add-campaign-error"]')!.textContent).toContain('微盛中没有这个群发任务')

    input.value = '30105'
    input.dispatchEvent(new Event('input'))
    addCampaign.mockResolvedValueOnce(campaign(30105, '员工朋友圈', { reach: makeReach({ taskId: 30105, type: 15, status: 2 }) }))
    submit()
    await flushPromises()
    expect(addCampaign).toHaveBeenLastCalledWith({ taskId: 30105 })
    expect(w.findAll('[data-test="campaign-item"]').map((r) => r.attributes('data-task-id'))).toEqual(['30105'])
    // The new row is complete from the add's own answer.
    expect(w.get('[data-test="campaign-status"]').text()).toBe('进行中')
    expect(fetchReach).not.toHaveBeenCalled()
  })

  it('lets an admin remove a campaign after confirming', async () => {
    listCampaigns.mockResolvedValue({ items: [campaign(30101, '双十一预热'), campaign(30102, '以旧换新')] })
    vi.mocked(api.removeCampaign).mockResolvedValueOnce(undefined)
    const { w } = await open({ admin: true })
    await w.get('[data-test="edit-campaigns"]').trigger('click')
    await w.findAll('[data-test="remove-campaign"]')[1]!.trigger('click')
    await flushPromises()
    const dialog = document.body.querySelector('.van-dialog')!
    expect(dialog.textContent).toContain('不再跟踪「以旧换新」')
    dialog.querySelector<HTMLButtonElement>('.van-dialog__confirm')!.click()
    await flushPromises()
    expect(api.removeCampaign).toHaveBeenCalledWith(30102)
    expect(w.findAll('[data-test="campaign-item"]').map((r) => r.attributes('data-task-id'))).toEqual(['30101'])
  })
})
