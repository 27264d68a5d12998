import { mount } from '@vue/test-utils'
import { PullRefresh as VanPullRefresh } from 'vant/es/pull-refresh'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { t } from '../i18n/index.js'
import PullRefresh from './PullRefresh.vue'

// PullRefresh.vue is Vant's <van-pull-refresh> redrawn (the first chunk carries neither Vant's component nor its
// helpers). Both are driven here through the same touches, side by side: they must draw the same markup and tell
// the view the same things at every step.

/** A view around a pull: its v-model and the refreshes it was asked for. */
function view(kind: 'ours' | 'vant') {
  const refreshing = ref(false)
  const refreshes = ref(0)
  const Host = defineComponent(() => () => {
    const model = {
      modelValue: refreshing.value,
      'onUpdate:modelValue': (v: boolean) => (refreshing.value = v),
      onRefresh: () => refreshes.value++,
    }
    const content = { default: () => h('p', { class: 'card' }, '客户') }
    // A scrolling box around it (happy-dom's window says it has a scrollTop, which no browser's does).
    return h('div', { class: 'scroller', style: 'overflow-y: auto; height: 400px' }, [
      kind === 'ours'
        ? h(PullRefresh, { ...model, class: 'customer-view' }, content)
        : h(
            VanPullRefresh,
            {
              ...model,
              class: 'customer-view',
              pullingText: t('common.pullToRefresh'),
              loosingText: t('common.releaseToRefresh'),
              loadingText: t('common.refreshing'),
              successText: t('common.refreshed'),
            },
            content,
          ),
    ])
  })
  const wrapper = mount(Host, { attachTo: document.body })
  return { wrapper, refreshing, refreshes }
}
type View = ReturnType<typeof view>

/**
 * The markup, without what draws nothing: Vue's placeholder comments for a `v-if` (Vant's render function leaves
 * none) and an empty style attribute.
 */
const drawn = (v: View) =>
  v.wrapper
    .html()
    .replace(/<!--[^]*?-->/g, '')
    .replace(/ style=""/g, '')
    .replace(/>\s+</g, '><')

function touch(v: View, type: 'touchstart' | 'touchmove' | 'touchend' | 'touchcancel', x = 0, y = 0): boolean {
  const event = new Event(type, { bubbles: true, cancelable: true })
  Object.defineProperty(event, 'touches', { value: type === 'touchend' || type === 'touchcancel' ? [] : [{ clientX: x, clientY: y }] })
  v.wrapper.get('.van-pull-refresh__track').element.dispatchEvent(event)
  return event.defaultPrevented
}

/** Runs one step on both views; each must draw and tell the same as Vant's afterwards. */
async function both(ours: View, vant: View, step: (v: View) => unknown) {
  const told = (v: View) => [v.refreshing.value, v.refreshes.value]
  const results = [step(ours), told(ours), step(vant), told(vant)]
  expect(results.slice(0, 2)).toEqual(results.slice(2))
  await nextTick()
  await nextTick()
  expect(drawn(ours)).toBe(drawn(vant))
  expect(told(ours)).toEqual(told(vant))
}

describe('PullRefresh, beside Vant’s', () => {
  let ours: View
  let vant: View
  beforeEach(() => {
    vi.useFakeTimers()
    ours = view('ours')
    vant = view('vant')
  })
  afterEach(() => {
    ours.wrapper.unmount()
    vant.wrapper.unmount()
    vi.useRealTimers()
  })

  it('draws the same at rest', () => {
    expect(drawn(ours)).toContain('van-pull-refresh__track')
    expect(drawn(ours)).toBe(drawn(vant))
  })

  it('pulls, lets go, refreshes and says so, as Vant does', async () => {
    await both(ours, vant, (v) => touch(v, 'touchstart', 100, 100))
    for (const y of [103, 108, 130, 160, 190, 260]) await both(ours, vant, (v) => touch(v, 'touchmove', 102, y))
    expect(drawn(ours)).toContain(t('common.releaseToRefresh'))
    await both(ours, vant, (v) => touch(v, 'touchend'))
    expect([ours.refreshing.value, ours.refreshes.value]).toEqual([true, 1])
    expect(drawn(ours)).toContain(t('common.refreshing'))
    // A pull while it refreshes does nothing.
    await both(ours, vant, (v) => touch(v, 'touchstart', 100, 100))
    await both(ours, vant, (v) => touch(v, 'touchmove', 100, 200))
    await both(ours, vant, (v) => (v.refreshing.value = false))
    expect(drawn(ours)).toContain(t('common.refreshed'))
    // Time passes once for both (a step runs once per view).
    let first = true
    const passes = (ms: number) => () => void (first && vi.advanceTimersByTime(ms), (first = !first))
    await both(ours, vant, passes(499))
    expect(drawn(ours)).toContain(t('common.refreshed'))
    await both(ours, vant, passes(1))
    expect(drawn(ours)).not.toContain(t('common.refreshed'))
  })

  it('a short pull springs back without a refresh; a sideways or upward move is not a pull', async () => {
    await both(ours, vant, (v) => touch(v, 'touchstart', 100, 100))
    await both(ours, vant, (v) => touch(v, 'touchmove', 100, 130))
    expect(drawn(ours)).toContain(t('common.pullToRefresh'))
    await both(ours, vant, (v) => touch(v, 'touchcancel'))
    expect(ours.refreshes.value).toBe(0)

    // The direction is settled once the finger is 10 px away: sideways first, then down, stays sideways.
    await both(ours, vant, (v) => touch(v, 'touchstart', 100, 100))
    await both(ours, vant, (v) => touch(v, 'touchmove', 105, 103))
    await both(ours, vant, (v) => touch(v, 'touchmove', 108, 118))
    await both(ours, vant, (v) => touch(v, 'touchmove', 109, 170))
    await both(ours, vant, (v) => touch(v, 'touchend'))
    await both(ours, vant, (v) => touch(v, 'touchstart', 100, 100))
    await both(ours, vant, (v) => touch(v, 'touchmove', 160, 110))
    await both(ours, vant, (v) => touch(v, 'touchmove', 200, 180))
    await both(ours, vant, (v) => touch(v, 'touchend'))
    await both(ours, vant, (v) => touch(v, 'touchstart', 100, 100))
    await both(ours, vant, (v) => touch(v, 'touchmove', 100, 40))
    await both(ours, vant, (v) => touch(v, 'touchend'))
    expect(ours.refreshes.value).toBe(0)
  })

  it('does not start a pull when what scrolls is not at its top', async () => {
    for (const v of [ours, vant]) v.wrapper.get('.scroller').element.scrollTop = 300
    await both(ours, vant, (v) => touch(v, 'touchstart', 100, 100))
    await both(ours, vant, (v) => touch(v, 'touchmove', 100, 200))
    await both(ours, vant, (v) => touch(v, 'touchend'))
    expect(ours.refreshes.value).toBe(0)
    expect(drawn(ours)).not.toContain(t('common.pullToRefresh'))
  })
})

describe('PullRefresh, where it differs from Vant’s', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  /** Ours, just after a refresh ended: 已刷新 shows, and the head's closing is due. */
  async function justRefreshed(): Promise<View> {
    const ours = view('ours')
    ours.refreshing.value = true
    await nextTick()
    ours.refreshing.value = false
    await nextTick()
    return ours
  }

  it('a refresh started while 已刷新 shows stays open until it ends', async () => {
    const ours = await justRefreshed()
    expect(drawn(ours)).toContain(t('common.refreshed'))
    vi.advanceTimersByTime(200)
    // Pulled again (or asked again by the view) before the head closed.
    ours.refreshing.value = true
    await nextTick()
    vi.advanceTimersByTime(400)
    await nextTick()
    expect(drawn(ours)).toContain(t('common.refreshing'))
    expect(drawn(ours)).toContain('translate3d(0,50px, 0)')
    ours.wrapper.unmount()
  })

  it('leaves no timer behind when the view goes', async () => {
    const ours = await justRefreshed()
    ours.wrapper.unmount()
    expect(vi.getTimerCount()).toBe(0)
  })
})
