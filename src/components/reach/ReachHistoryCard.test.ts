import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ReachHistory, ReachPoint } from '../../../contracts/reach.js'
import * as api from '../../api/campaigns.js'
import ReachHistoryCard from './ReachHistoryCard.vue'

vi.mock('../../api/campaigns.js', () => ({
  fetchReachHistory: vi.fn(),
  reachHistoryCsvUrl: (taskId: number) => `/api/admin/campaigns/${taskId}/reach/history.csv`,
}))
const fetchReachHistory = vi.mocked(api.fetchReachHistory)

const point = (minutes: number, delivery: number | null): ReachPoint => ({
  fetchedAt: new Date(Date.UTC(2026, 11, 1, 2, 0) + minutes * 60_000).toISOString(),
  delivery,
  staffCompletion: 0.5,
  targets: { planned: 100, delivered: Math.round((delivery ?? 0) * 100) },
  staff: { planned: 4, succeeded: 2 },
})
const history = (points: ReachPoint[]): ReachHistory => ({ taskId: 30101, measured: points.length, points })
const card = (admin = false, fetchedAt = point(0, 0).fetchedAt) =>
  mount(ReachHistoryCard, { props: { taskId: 30101, fetchedAt, admin }, global: { stubs: { VanButton: true } } })

beforeEach(() => fetchReachHistory.mockReset())

describe('ReachHistoryCard', () => {
  it('says there is nothing yet, then that one measurement is not a trend', async () => {
    fetchReachHistory.mockResolvedValueOnce(history([]))
    const empty = card()
    await flushPromises()
    expect(empty.find('[data-test="reach-history-empty"]').exists()).toBe(true)
    expect(empty.find('[data-test="reach-history-chart"]').exists()).toBe(false)

    fetchReachHistory.mockResolvedValueOnce(history([point(0, 0.2)]))
    const one = card()
    await flushPromises()
    expect(one.find('[data-test="reach-history-one"]').text()).toContain('只测量过一次')
    expect(one.find('[data-test="reach-history-chart"]').exists()).toBe(false)
  })

  it('draws two lines from two points, asks again when new figures arrive, and gives admins the CSV', async () => {
    fetchReachHistory.mockResolvedValueOnce(history([point(0, 0.2), point(30, 0.6)]))
    const wrapper = card(true)
    await flushPromises()
    const chart = wrapper.find('[data-test="reach-history-chart"]')
    expect(chart.attributes('data-points')).toBe('2')
    expect(chart.findAll('path.line')).toHaveLength(2)
    expect(chart.find('desc').text()).toMatch(/^送达率从 20.0% 变为 60.0%/)
    expect(wrapper.find('[data-test="reach-history-csv"]').attributes('href')).toBe('/api/admin/campaigns/30101/reach/history.csv')

    fetchReachHistory.mockResolvedValueOnce(history([point(0, 0.2), point(30, 0.6), point(45, 0.7)]))
    await wrapper.setProps({ fetchedAt: point(45, 0).fetchedAt })
    await flushPromises()
    expect(fetchReachHistory).toHaveBeenCalledTimes(2)
    expect(wrapper.find('[data-test="reach-history-chart"]').attributes('data-points')).toBe('3')
    expect(card(false).find('[data-test="reach-history-csv"]').exists()).toBe(false)
  })
})
