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
  if (sentTwice(request.headers.cookie, name)) return undefined
  const token = request.unsignCookie(raw)
  return token.valid && token.value ? token.value : undefined
}

/** Signed cookie values checked already, and what each carried (null: a bad signature): bounded, per app. */
const UNSIGNED_MAX = 10_000

/**
 * `sessionToken` for the request hook that runs on every /api/ request: the signature of a cookie value is checked
 * once, not on every request that carries it. The answer depends on the value and the app's secret alone, so a
 * value seen before gets the same answer (a tampered value is another value, checked afresh); the two-cookies rule is
 * judged on every request, as before.
 */
export function sessionTokenReader(s: Pick<Services, 'signIn'>): (request: FastifyRequest) => string | undefined {
  const checked = new Map<string, string | null>()
  const name = s.signIn.cookie.name
  return (request) => {
    const raw = request.cookies[name]
    if (!raw) return undefined
    if (sentTwice(request.headers.cookie, name)) return undefined
    let token = checked.get(raw)
    if (token === undefined) {
      const unsigned = request.unsignCookie(raw)
      token = unsigned.valid && unsigned.value ? unsigned.value : null
      if (checked.size >= UNSIGNED_MAX) checked.clear()
      checked.set(raw, token)
    }
    return token ?? undefined
  }
}

/** Whether the Cookie header carries cookie `name` more than once. */
function sentTwice(header: string | undefined, name: string): boolean {
  if (!header) return false
  // The exact count only when the name shows up twice anywhere in the header (as a name or inside a value).
  const first = header.indexOf(name)
  if (first === -1 || header.indexOf(name, first + name.length) === -1) return false
  return cookieCount(header, name) > 1
}

function cookieCount(header: string, name: string): number {
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
