import { mount } from '@vue/test-utils'
import { Loading as VanLoading } from 'vant/es/loading'
import { describe, expect, it } from 'vitest'
import LoadingMark from './LoadingMark.vue'

// LoadingMark draws what <van-loading> draws (the first chunk carries neither Vant's component nor its helpers).
const drawn = (html: string) =>
  html
    .replace(/ style=""/g, '')
    .replace(/<!--[^]*?-->/g, '')
    .replace(/>\s+</g, '><')

describe('LoadingMark, beside Vant’s Loading', () => {
  it.each([
    ['a state panel’s: 24 px, the words below', { size: '24px', vertical: true }, { size: 24, vertical: true }, '正在登录…'],
    ['pull to refresh’s head: no size, the words beside', {}, {}, '正在刷新…'],
  ])('draws the same markup: %s', (_, ours, vants, words) => {
    const a = mount(LoadingMark, { props: ours, attrs: { class: 'extra' }, slots: { default: () => words } })
    const b = mount(VanLoading, { props: vants, attrs: { class: 'extra' }, slots: { default: () => words } })
    expect(drawn(a.html())).toContain(words)
    expect(drawn(a.html())).toBe(drawn(b.html()))
  })

  it('draws no words when given none', () => {
    expect(drawn(mount(LoadingMark).html())).toBe(drawn(mount(VanLoading).html()))
  })
})
