import type { FastifyRequest } from 'fastify'
import { forbidden } from '../errors.js'
import { wrongHost } from '../services/hosts.js'
import type { SessionHost } from '../services/sessions.js'
import type { SignInService } from '../services/sign-in.js'
import { requireSession, sessionUser, type App } from './context.js'

/**
 * The two places a route can be registered. The signed-in scope has one `onRequest` hook, `requireSession`, for every
 * route inside it; the public scope has none. `guardRoutes` (server/security.ts) refuses an /api/ route registered
 * anywhere else, and a public one that PUBLIC_API_ROUTES does not list — so a route without a session check cannot
 * be written by forgetting one.
 */
export type RouteScope = 'public' | 'signed-in'

// Set only here, on the scope's own Fastify context: nested contexts (a plugin inside a scope) inherit it.
const SCOPE = Symbol('route scope')
const ADMIN = Symbol('admin scope')
const HOST = Symbol('host scope')

/** The scope a Fastify context is, or is inside of; undefined outside both (the root, or a context of its own). */
export function scopeOf(instance: object): RouteScope | undefined {
  return (instance as { [SCOPE]?: RouteScope })[SCOPE]
}

/** Who may call a route registered in this context: what the OpenAPI document and the authorization table say. */
export function accessOf(instance: object): 'public' | 'session' | 'admin' | undefined {
  const scope = scopeOf(instance)
  if (scope === 'public') return 'public'
  if (scope === 'signed-in') return (instance as { [ADMIN]?: boolean })[ADMIN] ? 'admin' : 'session'
  return undefined
}

/** Which host's sessions may call a route registered in this context: one host, or `any` (both). */
export function hostOfScope(instance: object): SessionHost | 'any' {
  return (instance as { [HOST]?: SessionHost })[HOST] ?? 'any'
}

type Routes = (scope: App) => Promise<void>

/** Routes anyone may call (sign-in, health, the 企客聊 entry, library files). */
export async function publicScope(app: App, routes: Routes): Promise<void> {
  await app.register(async (scope) => {
    scope.decorate(SCOPE, 'public')
    await routes(scope)
  })
}

/** Routes for a signed-in staff member: every request without a session is refused 401 before its handler. */
export async function signedInScope(app: App, routes: Routes): Promise<void> {
  await app.register(async (scope) => {
    scope.decorate(SCOPE, 'signed-in')
    scope.addHook('onRequest', requireSession)
    await routes(scope)
  })
}

/**
 * Inside the signed-in scope: routes for one host's sessions only (WeCom's customers and JS-SDK; 企客聊's friends).
 * A session started from the other host is 403 WRONG_HOST before the handler runs, whatever its user id.
 */
export async function hostScope(scope: App, host: SessionHost, routes: Routes): Promise<void> {
  if (scopeOf(scope) !== 'signed-in') throw new Error('a host scope belongs inside the signed-in scope')
  await scope.register(async (only) => {
    only.decorate(HOST, host)
    only.addHook('onRequest', requireHost(host))
    await routes(only)
  })
}

function requireHost(host: SessionHost) {
  return async (request: FastifyRequest) => {
    const from = sessionUser(request).host ?? 'wecom'
    if (from !== host) throw wrongHost(from)
  }
}

/**
 * Inside the signed-in scope: routes for admins only (ADMIN_USER_IDS, signed in from WeCom): a 企客聊 session is 403
 * WRONG_HOST, anyone else 403 ADMIN_ONLY.
 */
export async function adminScope(scope: App, signIn: SignInService, routes: Routes): Promise<void> {
  if (scopeOf(scope) !== 'signed-in') throw new Error('the admin scope belongs inside the signed-in scope')
  await scope.register(async (admin) => {
    admin.decorate(ADMIN, true)
    if (hostOfScope(admin) === 'any') {
      admin.decorate(HOST, 'wecom')
      admin.addHook('onRequest', requireHost('wecom'))
    }
    admin.addHook('onRequest', async (request: FastifyRequest) => {
      if (!signIn.isAdmin(sessionUser(request))) {
        throw forbidden('ADMIN_ONLY', '只有管理员可以这样做：请联系管理员（ADMIN_USER_IDS），并从企业微信里打开。')
      }
    })
    await routes(admin)
  })
}
