/**
 * How the sidebar knows it was opened by 企客聊: the proxy's entry (`/api/qikeliao/enter`) signs the staff member in
 * and redirects to `/?host=qikeliao&friend=<id>`. The friend is kept in sessionStorage, so a reload or a page
 * reached inside the app (the query is gone by then) stays in 企客聊. Free of imports: detect.ts and the session
 * store read it before any adapter loads.
 */

const KEY = 'sidebar.qikeliao.friend'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The friend this page was opened for by 企客聊, or null when it was not opened through the entry. */
export function qikeliaoFriend(win: Window = window): string | null {
  const query = new URLSearchParams(win.location.search)
  const fromUrl = query.get('host') === 'qikeliao' ? query.get('friend') : null
  if (fromUrl && UUID.test(fromUrl)) {
    remember(win, fromUrl)
    return fromUrl
  }
  const kept = read(win)
  return kept && UUID.test(kept) ? kept : null
}

/** The playground's WeCom mode: this tab is no longer 企客聊's sidebar. */
export function forgetQikeliaoEntry(win: Window = window): void {
  try {
    win.sessionStorage.removeItem(KEY)
  } catch {
    // Storage refused (privacy mode): nothing was kept either.
  }
}

function remember(win: Window, friendId: string): void {
  try {
    win.sessionStorage.setItem(KEY, friendId)
  } catch {
    // Without storage a reload inside the app forgets 企客聊; the URL still carries it on the first load.
  }
}

function read(win: Window): string | null {
  try {
    return win.sessionStorage.getItem(KEY)
  } catch {
    return null
  }
}
