import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { h } from 'vue'
import AsyncState from './AsyncState.vue'

const content = { default: () => h('p', { 'data-test': 'content' }, 'rows') }
const stateOf = (w: ReturnType<typeof mount>) => w.find('[data-state]').attributes('data-state') ?? null

describe('AsyncState', () => {
  it('shows the content whenever there is some, even with a failure or a load on its way', () => {
    const w = mount(AsyncState, { props: { empty: false, loading: true, error: '网络断了' }, slots: content })
    expect(w.find('[data-test="content"]').exists()).toBe(true)
    expect(w.find('[data-state]').exists()).toBe(false)
  })

  it('with nothing to show: the failure first, with a retry, then loading, then empty', async () => {
    const w = mount(AsyncState, {
      props: { empty: true, loading: true, error: '网络断了', errorTitle: '没能读取', errorTest: 'list-failed', retryTest: 'list-retry' },
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
    const plain = mount(AsyncState, { props: { empty: true, error: 'x' } })
    expect(plain.find('[data-test="state-panel"]').exists()).toBe(true)

    const skeleton = mount(AsyncState, { props: { empty: true, loading: true }, slots: { loading: () => h('div', { class: 'skeleton' }) } })
    expect(skeleton.find('.skeleton').exists()).toBe(true)
    const custom = mount(AsyncState, { props: { empty: true }, slots: { empty: () => h('div', { class: 'none' }) } })
    expect(custom.find('.none').exists()).toBe(true)
  })
})
