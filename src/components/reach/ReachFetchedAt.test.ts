import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ReachFetchedAt from './ReachFetchedAt.vue'

const NOW = Date.parse('2025-11-20T10:30:00.000Z')

describe('ReachFetchedAt', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(NOW)
  })
  afterEach(() => vi.useRealTimers())

  it('fresh figures: when this browser received them, in the normal colour', () => {
    const w = mount(ReachFetchedAt, { props: { receivedAt: NOW - 12_000, fetchedAt: '2025-11-20T10:29:48.000Z', live: true, stale: null } })
    const line = w.get('[data-test="reach-fetched-at"]')
    expect(line.text()).toBe('数据更新于 12 秒前')
    expect(line.attributes('data-stale')).toBeUndefined()
    expect(w.get('.fetched').classes()).not.toContain('stale')
    expect(w.find('[data-test="reach-live"]').exists()).toBe(true)
  })

  it('stale figures: how old they are and that WShoto cannot be reached, in the warning colour', async () => {
    const since = '2025-11-20T10:23:00.000Z'
    const w = mount(ReachFetchedAt, {
      props: { receivedAt: NOW, fetchedAt: since, live: false, stale: { since, reason: '微盛暂时无法连接，显示的是上次获取的数据' } },
    })
    const line = w.get('[data-test="reach-fetched-at"]')
    // The age is that of the figures, not of the answer that just arrived.
    expect(line.text()).toBe('数据可能已过期：7 分钟前获取 · 微盛暂时无法连接')
    expect(line.attributes('data-stale')).toBe('true')
    expect(line.attributes('title')).toBe('微盛暂时无法连接，显示的是上次获取的数据')
    expect(w.get('.fetched').classes()).toContain('stale')
    expect(w.get('.fetched').attributes('role')).toBe('status')
    vi.advanceTimersByTime(60_000)
    await w.vm.$nextTick()
    expect(line.text()).toBe('数据可能已过期：8 分钟前获取 · 微盛暂时无法连接')
  })
})
