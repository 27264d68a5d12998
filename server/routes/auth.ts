import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { AppInfo, CallbackQuery, Health, LoginQuery, Session } from '../../contracts/session.js'
import { AppError } from '../errors.js'
import type { SessionUser } from '../services/sessions.js'
import { requireSession, sessionUser, type App, type Services } from './context.js'
import { htmlPage } from './html.js'

export const SESSION_COOKIE = 'sid'
const STATE_COOKIE = 'oauth_state'
const STATE_TTL_S = 600

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

const StateCookie = z.object({ state: z.string(), returnTo: z.string(), at: z.number() })

export async function authRoutes(app: App, s: Services): Promise<void> {
  const secure = s.config.publicUrl.startsWith('https:')

  app.get('/api/health', { schema: { response: { 200: Health } } }, async () => ({ status: 'ok' as const }))

  // Public: a plain browser on a real deployment must learn it is outside WeCom before being sent to OAuth.
  app.get('/api/app-info', { schema: { response: { 200: AppInfo } } }, async () => ({ demo: s.config.vendors.wecom.simulated }))

  app.get('/api/auth/login', { schema: { querystring: LoginQuery } }, async (request, reply) => {
    const state = randomBytes(16).toString('base64url')
    const returnTo = safeReturnTo(request.query.returnTo, s.config.publicUrl)
    // The state is bound to this browser: a callback carrying another browser's state is refused.
    reply.setCookie(STATE_COOKIE, JSON.stringify({ state, returnTo, at: s.now() }), {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/api/auth',
      maxAge: STATE_TTL_S,
    })
    return reply.redirect(s.wecom.authorizeUrl(`${s.config.publicUrl}/api/auth/callback`, state), 302)
  })

  app.get('/api/auth/callback', { schema: { querystring: CallbackQuery } }, async (request, reply) => {
    const { code, state } = request.query
    const saved = readState(request.cookies[STATE_COOKIE], (v) => request.unsignCookie(v))
    reply.clearCookie(STATE_COOKIE, { path: '/api/auth' })
    if (!code || !state) return loginFailed(reply, 400, '登录链接不完整', '缺少 code 或 state。请重新打开侧边栏。')
    // The cookie's max-age is the browser's promise; the server checks the age itself (a copied cookie keeps no promise).
    const fresh = !!saved && s.now() - saved.at <= STATE_TTL_S * 1000 && saved.at <= s.now() + 60_000
    if (!saved || !fresh || !sameString(saved.state, state)) {
      return loginFailed(reply, 400, '登录已失效', '这个登录链接不是从本浏览器发起的，或已超过 10 分钟。请重新打开侧边栏。')
    }
    let userId: string | null
    try {
      userId = await s.wecom.userIdFromCode(code)
    } catch (err) {
      if (err instanceof AppError && err.status === 401) return loginFailed(reply, 401, '登录凭证无效', err.message)
      if (err instanceof AppError) return loginFailed(reply, err.status, '暂时无法登录', err.message)
      throw err
    }
    if (!userId) return loginFailed(reply, 403, '无法登录', '只有本企业的成员可以使用侧边栏。')
    await startSession(request, reply, s, { userId, corpId: s.wecom.corpId, host: 'wecom' })
    return reply.redirect(safeReturnTo(saved.returnTo, s.config.publicUrl), 302)
  })

  app.get('/api/session', { onRequest: requireSession, schema: { response: { 200: Session } } }, async (request) => {
    const user = sessionUser(request)
    const host = user.host ?? 'wecom'
    return {
      userId: user.userId,
      corpId: user.corpId,
      // 企客聊 has no JS-SDK to configure. Admin rights come from the one ADMIN_USER_IDS list: a 企客聊 UserID and a
      // WeCom userid that are the same text are the same staff member (docs/deploy.md「企客聊」).
      agentId: host === 'qikeliao' ? '' : s.wecom.agentId,
      host,
      isAdmin: user.host !== 'qikeliao' && s.config.adminUserIds.includes(user.userId),
      demo: s.config.vendors.wecom.simulated,
    }
  })

  app.post('/api/auth/logout', async (request, reply) => {
    const raw = request.cookies[SESSION_COOKIE]
    const token = raw ? request.unsignCookie(raw) : undefined
    if (token?.valid && token.value) await s.sessions.destroy(token.value)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.code(204).send()
  })
}

/**
 * Signs this browser in as `user` (the WeCom callback, the 企客聊 entry): a new session, the cookie, and the end of
 * any session the browser had before (no session outlives its replacement).
 */
export async function startSession(request: FastifyRequest, reply: FastifyReply, s: Services, user: SessionUser): Promise<void> {
  const previousCookie = request.cookies[SESSION_COOKIE]
  const previous = previousCookie ? request.unsignCookie(previousCookie) : undefined
  if (previous?.valid && previous.value) await s.sessions.destroy(previous.value)
  const { token } = await s.sessions.create(user)
  reply.setCookie(SESSION_COOKIE, token, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: s.config.publicUrl.startsWith('https:'),
    path: '/',
    maxAge: Math.floor(s.sessions.lifetimes.ttlMs / 1000),
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

function loginFailed(reply: FastifyReply, status: number, title: string, message: string) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(htmlPage(title, `<p>${escapeHtml(message)}</p><p><a href="/api/auth/login">重新登录</a></p>`))
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}
