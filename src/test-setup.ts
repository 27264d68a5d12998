import { afterAll } from 'vitest'

// Vant's fixed bars (NavBar, Tabbar) measure their placeholder on timers 100–300 ms after mount that unmounting
// does not clear. Let them fire while the DOM still exists: after teardown they throw "window is not defined".
afterAll(async () => {
  if (typeof window !== 'undefined') await new Promise((resolve) => setTimeout(resolve, 350))
})
