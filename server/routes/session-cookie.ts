import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SessionUser } from '../services/sessions.js'
import type { Services } from './context.js'

export const SESSION_COOKIE = 'sid'

/** The session token the browser's signed cookie carries; undefined without one, or when its signature is wrong. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const raw = request.cookies[SESSION_COOKIE]
  if (!raw) return undefined
  const token = request.unsignCookie(raw)
  return token.valid && token.value ? token.value : undefined
}

/**
 * Signs this browser in as `user` (the WeCom callback, the 企客聊 entry): a new session, the cookie, and the end of
 * any session the browser had before (no session outlives its replacement).
 */
export async function startSession(request: FastifyRequest, reply: FastifyReply, s: Services, user: SessionUser): Promise<void> {
  const token = await s.signIn.start(user, sessionToken(request))
  reply.setCookie(SESSION_COOKIE, token, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: s.signIn.cookie.secure,
    path: '/',
    maxAge: s.signIn.cookie.maxAgeS,
  })
}
