// Tiny on purpose: the sidebar's first chunk imports it (SidebarLayout), the playground's chunk reads the same key.

/** Where the sidebar in the playground's frame was (its path), for the browser session. */
export const SIDEBAR_PATH_KEY = 'playground.sidebarPath'

/** Called by the sidebar on each navigation; only a sidebar inside the playground's frame keeps its place. */
export function rememberSidebarPath(path: string): void {
  try {
    if (window.parent !== window && window.parent.location.pathname === '/playground') sessionStorage.setItem(SIDEBAR_PATH_KEY, path)
  } catch {
    // Another origin's frame, or no storage: a reload opens the first page.
  }
}
