import * as z from 'zod/mini'
import { AppInfo, Session } from '../../contracts/session.js'
import { call } from './http.js'

export const fetchAppInfo = () => call(AppInfo, { url: '/app-info' })

export const fetchSession = () => call(Session, { url: '/session' })

export const logout = () => call(z.undefined(), { url: '/auth/logout', method: 'POST' })

/** Where to send the browser to sign in through WeCom's OAuth, coming back to `returnTo` (a path of this origin). */
export function loginUrl(returnTo: string): string {
  return `/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`
}
