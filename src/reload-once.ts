const KEY = 'sidebar.reloaded'
let waiting: string | null = null

/**
 * A new release replaces the lazy chunks of an open sidebar: load the page again, once, where staff were going
 * (`before` keeps what they typed). Offline, a reload would leave the browser's own offline page with no way back: the
 * page stays as it is, and goes where they last tried to go once the network is back. True when it reloads now.
 */
export function reloadOnce(to: string, before: () => Promise<void>, win: Window = window): boolean {
  if (!win.navigator.onLine) {
    // One listener, however many tries: it goes where staff last tried, and listens again should the network drop anew.
    if (waiting === null)
      win.addEventListener(
        'online',
        () => {
          const last = waiting!
          waiting = null
          reloadOnce(last, before, win)
        },
        { once: true },
      )
    waiting = to
    return false
  }
  waiting = null
  if (win.sessionStorage.getItem(KEY) === to) return false
  win.sessionStorage.setItem(KEY, to)
  void before().finally(() => win.location.assign(to))
  return true
}

/** A navigation that worked: the next failed chunk may reload again. */
export const reloaded = (win: Window = window) => win.sessionStorage.removeItem(KEY)
