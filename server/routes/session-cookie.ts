import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SessionUser } from '../services/sessions.js'
import type { Services } from './context.js'

/**
 * The session token the browser's signed cookie carries; undefined without one, when its signature is wrong, or when
 * the request carries the cookie twice: a second one may have been planted (by a sibling subdomain, on http) to
 * choose which session the proxy sees, so neither is believed.
 */
export function sessionToken(request: FastifyRequest, s: Pick<Services, 'signIn'>): string | undefined {
  const name = s.signIn.cookie.name
  const raw = request.cookies[name]
  if (!raw) return undefined
  if (cookieCount(request.headers.cookie, name) > 1) return undefined
  const token = request.unsignCookie(raw)
  return token.valid && token.value ? token.value : undefined
}

function cookieCount(header: string | undefined, name: string): number {
  if (!header) return 0
  return header.split(';').filter((pair) => pair.slice(0, pair.indexOf('=') === -1 ? pair.length : pair.indexOf('=')).trim() === name)
    .length
}

/** The attributes the session cookie is set and cleared with (a `__Host-` cookie is only cleared with the same). */
export function sessionCookieOptions(s: Pick<Services, 'signIn'>) {
  return { signed: true, httpOnly: true, sameSite: 'lax' as const, secure: s.signIn.cookie.secure, path: '/' }
}

/**
 * Signs this browser in as `user` (the WeCom callback, the 企客聊 entry): a new session, the cookie, and the end of
 * any session the browser had before (no session outlives its replacement).
 */
export async function startSession(request: FastifyRequest, reply: FastifyReply, s: Services, user: SessionUser): Promise<void> {
  const token = await s.signIn.start(user, sessionToken(request, s))
  reply.setCookie(s.signIn.cookie.name, token, { ...sessionCookieOptions(s), maxAge: s.signIn.cookie.maxAgeS })
}
