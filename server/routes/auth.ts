import { timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { AppInfo, CallbackQuery, Health, LoginQuery, Session } from '../../contracts/session.js'
import { OAUTH_STATE_TTL_MS } from '../services/oauth-states.js'
import { SignInRefused } from '../services/sign-in.js'
import { sessionUser, type App, type Services } from './context.js'
import { loginFailed } from './login-failed.js'
import { sessionCookieOptions, sessionToken, startSession } from './session-cookie.js'

const STATE_COOKIE = 'oauth_state'

const StateCookie = z.object({ state: z.string(), returnTo: z.string(), at: z.number() })

/** Public: health, whether this is a demo, WeCom sign-in and sign-out. */
export async function authRoutes(app: App, s: Services): Promise<void> {
  app.get('/api/health', { schema: { response: { 200: Health } } }, async () => ({ status: 'ok' as const }))

  // Public: a plain browser on a real deployment must learn it is outside WeCom before being sent to OAuth.
  app.get('/api/app-info', { schema: { response: { 200: AppInfo } } }, async () => ({ demo: s.signIn.demo }))

  app.get('/api/auth/login', { schema: { querystring: LoginQuery } }, async (request, reply) => {
    const state = await s.signIn.newState()
    const returnTo = s.signIn.returnPath(request.query.returnTo)
    // The state is bound to this browser: a callback carrying another browser's state is refused.
    reply.setCookie(STATE_COOKIE, JSON.stringify({ state, returnTo, at: s.now() }), {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      secure: s.signIn.cookie.secure,
      path: '/api/auth',
      maxAge: OAUTH_STATE_TTL_MS / 1000,
    })
    return reply.redirect(s.signIn.authorizeUrl(state, returnTo, request.headers['user-agent'] ?? ''), 302)
  })

  app.get('/api/auth/callback', { schema: { querystring: CallbackQuery } }, async (request, reply) => {
    const { code, state } = request.query
    const saved = readState(request.cookies[STATE_COOKIE], (v) => request.unsignCookie(v))
    reply.clearCookie(STATE_COOKIE, { path: '/api/auth' })
    // A state works once, whatever this callback's fate: the server forgets it now (a replayed cookie finds nothing).
    const unused = !!saved && (await s.signIn.consumeState(saved.state))
    // From our own signed cookie, and checked again: a failure page's 重新登录 goes back there, by the same kind of page.
    const returnTo = s.signIn.returnPath(saved?.returnTo)
    // WeCom comes back with the state alone when the member declines (企业微信扫码登录: cancelled on the phone).
    if (!code && state)
      return loginFailed(
        request,
        reply,
        {
          status: 400,
          reason: 'declined',
          title: '没有完成登录',
          message: '企业微信没有带回登录凭证：扫码后没有确认，或取消了授权。请重新登录。',
        },
        returnTo,
      )
    if (!code || !state)
      return loginFailed(
        request,
        reply,
        {
          status: 400,
          reason: 'incomplete',
          title: '登录链接不完整',
          message: '缺少 code 或 state。请重新打开侧边栏。',
        },
        returnTo,
      )
    // The cookie's max-age is the browser's promise; the server checks the age itself (a copied cookie keeps no promise).
    const fresh = !!saved && s.now() - saved.at <= OAUTH_STATE_TTL_MS && saved.at <= s.now() + 60_000
    if (!saved || !fresh || !unused || !sameString(saved.state, state)) {
      return loginFailed(
        request,
        reply,
        {
          status: 400,
          reason: 'expired',
          title: '登录已失效',
          message: '这个登录链接已用过、不是从本浏览器发起的，或已超过 10 分钟。请重新打开侧边栏。',
        },
        returnTo,
      )
    }
    try {
      await startSession(request, reply, s, await s.signIn.wecomUser(code))
    } catch (err) {
      if (err instanceof SignInRefused) return loginFailed(request, reply, { ...err, message: err.message }, returnTo)
      throw err
    }
    return reply.redirect(returnTo, 302)
  })

  app.post('/api/auth/logout', async (request, reply) => {
    const token = sessionToken(request, s)
    if (token) await s.signIn.end(token)
    reply.clearCookie(s.signIn.cookie.name, sessionCookieOptions(s))
    return reply.code(204).send()
  })
}

/** Signed in: who the sidebar's user is. */
export async function sessionRoutes(scope: App, s: Services): Promise<void> {
  scope.get('/api/session', { schema: { response: { 200: Session } } }, async (request) => {
    const session = s.signIn.describe(sessionUser(request))
    // A 企客聊 UserID is not a WeCom userid: only WeCom sessions are named.
    const name = session.host === 'wecom' ? (await s.directory.names({ staff: [session.userId] })).staff[session.userId] : null
    return { ...session, name: name ?? null }
  })
}

function readState(raw: string | undefined, unsign: (v: string) => { valid: boolean; value: string | null }) {
  if (!raw) return null
  const u = unsign(raw)
  if (!u.valid || !u.value) return null
  try {
    const parsed = StateCookie.safeParse(JSON.parse(u.value))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
