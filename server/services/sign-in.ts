import type { Session } from '../../contracts/session.js'
import { inWecomClient } from '../../contracts/user-agent.js'
import { AppError } from '../errors.js'
import type { WecomClient } from '../upstream/wecom/client.js'
import type { OAuthStateStore } from './oauth-states.js'
import type { SessionService, SessionUser } from './sessions.js'

/** What signing in needs from the deployment's config, and nothing more. */
export interface SignInSettings {
  publicUrl: string
  /** `ADMIN_USER_IDS`: WeCom userids. */
  adminUserIds: readonly string[]
  /** WeCom is the simulator: the sidebar offers the playground. */
  demo: boolean
}

/** Why a sign-in could not finish: the login page words each (server/routes/login-failed.ts). */
export type SignInRefusal = 'incomplete' | 'declined' | 'expired' | 'codeInvalid' | 'unavailable' | 'notMember'

/** A WeCom sign-in that could not finish, as the login page tells it (`message` in Chinese, a vendor's words included). */
export class SignInRefused extends Error {
  constructor(
    readonly status: number,
    readonly reason: SignInRefusal,
    readonly title: string,
    message: string,
    readonly code?: string,
  ) {
    super(message)
    this.name = 'SignInRefused'
  }
}

const UNSAFE_PATH = /[\u0000-\u001f\u007f\\]/

/**
 * Accepts only paths of our own origin. `//evil.com`, `/\evil.com`, absolute and `javascript:` URLs, control
 * characters (CR/LF) and backslashes all fall back to `/` — also percent-encoded (`/%2F%2Fevil.com`, `/%5Cevil.com`,
 * `%0d%0a`, encoded twice or three times), since a reverse proxy or the sidebar's router may decode what the browser
 * keeps encoded.
 */
export function safeReturnTo(returnTo: string | undefined, publicUrl: string): string {
  if (!returnTo || returnTo.length > 2048) return '/'
  let layer = returnTo
  for (let depth = 0; ; depth++) {
    if (!layer.startsWith('/') || layer.startsWith('//') || UNSAFE_PATH.test(layer)) return '/'
    let decoded: string
    try {
      decoded = decodeURIComponent(layer)
    } catch {
      return '/'
    }
    if (decoded === layer) break
    if (depth === 3) return '/'
    layer = decoded
  }
  try {
    const origin = new URL(publicUrl).origin
    const url = new URL(returnTo, origin)
    // Normalising can turn `/..//evil.com` into `//evil.com`: judge the result, not only the input.
    if (url.origin !== origin || url.pathname.startsWith('//')) return '/'
    return `${url.pathname}${url.search}${url.hash}`
  } catch {
    return '/'
  }
}

/**
 * Sign-in and the session's view of who is signed in: WeCom OAuth, the server-side sessions, admin rights and the demo
 * flag. The routes set and read the cookies; this service decides everything else.
 */
export class SignInService {
  /**
   * The session cookie: on https `__Host-sid` and `secure` (browsers then take it only with `Path=/` and no `Domain`,
   * so a sibling subdomain can neither set nor overwrite it); plain `sid` on http (a LAN demo), where browsers refuse
   * `__Host-` cookies. Kept as long as a session can live.
   */
  readonly cookie: { name: 'sid' | '__Host-sid'; secure: boolean; maxAgeS: number }
  /** True while WeCom is simulated (app-info and the session say so; the playground exists then). */
  readonly demo: boolean

  constructor(
    private readonly wecom: WecomClient,
    private readonly sessions: SessionService,
    private readonly settings: SignInSettings,
    private readonly states: OAuthStateStore,
  ) {
    const secure = settings.publicUrl.startsWith('https:')
    this.cookie = { name: secure ? '__Host-sid' : 'sid', secure, maxAgeS: Math.floor(sessions.lifetimes.ttlMs / 1000) }
    this.demo = settings.demo
  }

  /** A new OAuth `state`, good for one callback within 10 minutes (server/services/oauth-states.ts). */
  newState(): Promise<string> {
    return this.states.issue()
  }

  /** Uses up `state`: true the first time, for a state this proxy issued and that has not expired; false ever after. */
  consumeState(state: string): Promise<boolean> {
    return this.states.consume(state)
  }

  /**
   * WeCom's page that sends the browser back to our callback with a code and `state`: the OAuth page, silent in WeCom's
   * own browser; for an admin page opened in any other browser, where the OAuth page only says 「请在企业微信客户端打开
   * 链接」, 企业微信扫码登录 (a QR code scanned with WeCom's phone app). The sidebar's own pages stay on OAuth: outside
   * WeCom they show the set-up page and never ask, and the demo's playground signs in through the simulated OAuth page.
   */
  authorizeUrl(state: string, returnTo: string, userAgent: string): string {
    const callback = `${this.settings.publicUrl}/api/auth/callback`
    const qr = !inWecomClient(userAgent) && /^\/admin(?:[/?#]|$)/.test(returnTo)
    return qr ? this.wecom.webLoginUrl(callback, state) : this.wecom.authorizeUrl(callback, state)
  }

  /** Where to send the browser after sign-in: `returnTo` if it is a path of ours, else `/`. */
  returnPath(returnTo: string | undefined): string {
    return safeReturnTo(returnTo, this.settings.publicUrl)
  }

  /** The staff member a WeCom OAuth code names; refuses codes WeCom rejects and people outside the corp. */
  async wecomUser(code: string): Promise<SessionUser> {
    let userId: string | null
    try {
      userId = await this.wecom.userIdFromCode(code)
    } catch (err) {
      if (err instanceof AppError && err.status === 401) throw new SignInRefused(401, 'codeInvalid', '登录凭证无效', err.message, err.code)
      if (err instanceof AppError) throw new SignInRefused(err.status, 'unavailable', '暂时无法登录', err.message, err.code)
      throw err
    }
    if (!userId) throw new SignInRefused(403, 'notMember', '无法登录', '只有本企业的成员可以使用侧边栏。')
    return { userId, corpId: this.wecom.corpId, host: 'wecom' }
  }

  /** Starts a session for `user` and ends `previous` (the browser's earlier session, if any): none outlives its replacement. */
  async start(user: SessionUser, previous: string | undefined): Promise<string> {
    if (previous) await this.sessions.destroy(previous)
    return (await this.sessions.create(user)).token
  }

  find(token: string): Promise<SessionUser | null> {
    return this.sessions.find(token)
  }

  /** `find` answered from this process's memory, or undefined when only `find` can tell (server/services/sessions.ts). */
  cached(token: string): SessionUser | undefined {
    return this.sessions.cached(token)
  }

  end(token: string): Promise<void> {
    return this.sessions.destroy(token)
  }

  /** ADMIN_USER_IDS names WeCom userids: a 企客聊 user name that happens to read the same is another system's account. */
  isAdmin(user: SessionUser): boolean {
    return user.host !== 'qikeliao' && this.settings.adminUserIds.includes(user.userId)
  }

  /** The signed-in staff member as the sidebar sees them. */
  describe(user: SessionUser): Session {
    const host = user.host ?? 'wecom'
    return {
      userId: user.userId,
      corpId: user.corpId,
      // 企客聊 has no JS-SDK to configure. Admin rights are WeCom's only: a 企客聊 UserID that reads like a WeCom
      // userid is another host's identity (docs/security.md, section 8).
      agentId: host === 'qikeliao' ? '' : this.wecom.agentId,
      host,
      isAdmin: this.isAdmin(user),
      demo: this.demo,
    }
  }
}
