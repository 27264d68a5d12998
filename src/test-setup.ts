import { afterAll, beforeAll } from 'vitest'
import { loadMessages } from './i18n/index.js'
import { zhCNLater } from './i18n/zh-CN/index.js'

// Components are mounted on their own here, not through the router or the composer's loader that fetch their words.
beforeAll(() => loadMessages(...(Object.keys(zhCNLater) as (keyof typeof zhCNLater)[])))

// Vant's fixed bars (NavBar, Tabbar) measure their placeholder on timers 100–300 ms after mount that unmounting
// does not clear. Let them fire while the DOM still exists: after teardown they throw "window is not defined".
afterAll(async () => {
  if (typeof window !== 'undefined') await new Promise((resolve) => setTimeout(resolve, 350))
})
