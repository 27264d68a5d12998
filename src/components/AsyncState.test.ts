import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { h } from 'vue'
import type { Failure } from '../errors.js'
import AsyncState from './AsyncState.vue'

const content = { default: () => h('p', { 'data-test': 'content' }, 'rows') }
const NETWORK: Failure = { status: 0, code: 'NETWORK', message: '网络断了' }
const stateOf = (w: ReturnType<typeof mount>) => w.find('[data-state]').attributes('data-state') ?? null

describe('AsyncState', () => {
  it('shows the content whenever there is some, even with a failure or a load on its way', () => {
    const w = mount(AsyncState, { props: { empty: false, loading: true, error: NETWORK }, slots: content })
    expect(w.find('[data-test="content"]').exists()).toBe(true)
    expect(w.find('[data-state]').exists()).toBe(false)
  })

  it('with nothing to show: the failure first, with a retry, then loading, then empty', async () => {
    const w = mount(AsyncState, {
      props: { empty: true, loading: true, error: NETWORK, errorTitle: '没能读取', errorTest: 'list-failed', retryTest: 'list-retry' },
      slots: content,
    })
    expect(stateOf(w)).toBe('error')
    expect(w.get('[data-test="list-failed"]').text()).toContain('没能读取')
    expect(w.text()).toContain('网络断了')
    await w.get('[data-test="list-retry"]').trigger('click')
    expect(w.emitted('retry')).toHaveLength(1)

    await w.setProps({ error: null, loadingMessage: '正在读取…' })
    expect(stateOf(w)).toBe('loading')
    expect(w.text()).toContain('正在读取…')

    await w.setProps({ loading: false, emptyTitle: '还没有', emptyAction: '添加', emptyTest: 'list-empty' })
    expect(stateOf(w)).toBe('empty')
    expect(w.get('[data-test="list-empty"]').text()).toContain('还没有')
    await w.get('[data-test="state-action"]').trigger('click')
    expect(w.emitted('emptyAction')).toHaveLength(1)
    expect(w.find('[data-test="content"]').exists()).toBe(false)
  })

  it('keeps StatePanel’s own data-test unless told, and takes its own loading and empty looks from slots', () => {
    const plain = mount(AsyncState, { props: { empty: true, error: { ...NETWORK, message: 'x' } } })
    expect(plain.find('[data-test="state-panel"]').exists()).toBe(true)

    const skeleton = mount(AsyncState, { props: { empty: true, loading: true }, slots: { loading: () => h('div', { class: 'skeleton' }) } })
    expect(skeleton.find('.skeleton').exists()).toBe(true)
    const custom = mount(AsyncState, { props: { empty: true }, slots: { empty: () => h('div', { class: 'none' }) } })
    expect(custom.find('.none').exists()).toBe(true)
  })

  // One rule for every error panel (src/errors.ts canRetry): 重试 only where trying again can help.
  const failure = (status: number, code: string): Failure => ({ status, code, message: `${code} 的说明` })
  const retryShown = async (f: Failure) => {
    const w = mount(AsyncState, { props: { empty: true, error: f, retryTest: 'list-retry' } })
    // The picture, buttons and advice come in their own chunk, with their words: its first load (the module compiled)
    // can take longer than vi.waitFor's default 1 s on a busy machine.
    await vi.waitFor(() => expect(w.find('.van-empty').exists()).toBe(true), { timeout: 5_000 })
    return { retry: w.find('[data-test="list-retry"]').exists(), advice: w.find('[data-test="state-advice"]'), w }
  }

  it.each([
    [0, 'NETWORK'],
    [0, 'TIMEOUT'],
    [408, 'REQUEST_TIMEOUT'],
    [429, 'RATE_LIMITED'],
    [502, 'WSHOTO_HTTP_ERROR'],
    [503, 'VENDOR_UNAVAILABLE'],
    [504, 'WECOM_TIMEOUT'],
    [409, 'SEND_BUSY'],
  ])('offers 重试 for %i %s: trying again can help', async (status, code) => {
    const { retry, advice } = await retryShown(failure(status, code))
    expect(retry).toBe(true)
    expect(advice.exists()).toBe(false)
  })

  it.each([
    [400, 'INVALID_REQUEST', '请按上面的说明处理'],
    [403, 'NOT_YOUR_CONTACT', '复制错误信息'],
    [403, 'WRONG_HOST', '复制错误信息'],
    [404, 'MATERIAL_NOT_FOUND', '可能已被删除'],
    [404, 'CAMPAIGN_NOT_FOUND', '可能已被删除'],
    [413, 'FILE_TOO_LARGE', '请按上面的说明处理'],
  ])('offers no 重试 for %i %s, and says what to do instead', async (status, code, instead) => {
    const { retry, advice, w } = await retryShown(failure(status, code))
    expect(retry).toBe(false)
    expect(advice.text()).toContain('重试不会有不同结果')
    expect(advice.text()).toContain(instead)
    // The proxy's own words stay, and so does the report an admin needs.
    expect(w.text()).toContain(`${code} 的说明`)
    expect(w.find('[data-test="copy-error"]').exists()).toBe(true)
  })
})
