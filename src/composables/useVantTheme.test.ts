import { describe, expect, it } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { useVantTheme } from './useVantTheme.js'

describe('useVantTheme', () => {
  it("puts Vant's theme class on the root at once and follows the system's mode", async () => {
    const root = document.createElement('html')
    const dark = ref(true)
    effectScope().run(() => useVantTheme(dark, root))
    expect([...root.classList]).toEqual(['van-theme-dark'])
    dark.value = false
    await nextTick()
    expect([...root.classList]).toEqual(['van-theme-light'])
    dark.value = true
    await nextTick()
    expect([...root.classList]).toEqual(['van-theme-dark'])
  })
})
