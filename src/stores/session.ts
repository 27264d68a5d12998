import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppInfo, Session } from '../../contracts/session.js'
import { fetchAppInfo, fetchSession, loginUrl, logout } from '../api/session.js'
import { ApiFailure } from '../errors.js'
import { qikeliaoFriend } from '../host/qikeliao-entry.js'
import { t } from '../i18n/index.js'

/**
 * Who is signed in. Identity lives in the proxy's HttpOnly cookie only (Mac WeCom clears localStorage), so every
 * start asks the proxy; a 401 sends the browser through WeCom's OAuth and back to the same page.
 */
export const useSessionStore = defineStore('session', () => {
  const info = ref<AppInfo | null>(null)
  const session = ref<Session | null>(null)
  let redirecting = false

  async function loadInfo(): Promise<AppInfo> {
    info.value ??= await fetchAppInfo()
    return info.value
  }

  /** Resolves with the session, or starts the sign-in redirect and never resolves. */
  async function ensureSignedIn(): Promise<Session> {
    if (session.value) return session.value
    try {
      session.value = await fetchSession()
      return session.value
    } catch (err) {
      if (err instanceof ApiFailure && err.isSessionExpired) {
        // 企客聊 signs staff in by opening the page again; WeCom's OAuth does not exist there.
        if (qikeliaoFriend()) throw new ApiFailure(401, err.code, t('qikeliao.sessionExpired'))
        signInAgain()
        return new Promise<Session>(() => {})
      }
      throw err
    }
  }

  /** Leaves for the OAuth page once, however many calls found the session gone. */
  function signInAgain(): void {
    // In 企客聊 the views show the proxy's 「请重新打开侧边栏」 instead: only 企客聊 can sign the staff member in.
    if (redirecting || qikeliaoFriend()) return
    redirecting = true
    session.value = null
    const here = window.location.pathname + window.location.search
    window.location.assign(loginUrl(here))
  }

  /** Signs out and starts the sign-in again for this page (outside WeCom: a QR code another phone may scan). */
  async function switchAccount(): Promise<void> {
    // Signed out or not, the sign-in page comes next (a failed sign-out leaves a session the new sign-in replaces).
    await logout().catch(() => undefined)
    session.value = null
    window.location.assign(loginUrl(window.location.pathname + window.location.search))
  }

  return { info, session, loadInfo, ensureSignedIn, signInAgain, switchAccount }
})
