import type { IncomingMessage, ServerResponse } from 'node:http'
import rateLimit, { normalizeIP } from '@fastify/rate-limit'
import type { FastifyReply, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify'
import helmet from 'helmet'
import { DEFAULT_CSP, type AppConfig, type CspSettings, type RateLimits } from './config.js'
import { AppError } from './errors.js'
import type { App } from './routes/context.js'
import type { RateLimitStoreClass } from './store/rate-limit-store.js'
import { accessOf, hostOfScope, scopeOf } from './routes/scopes.js'

/**
 * The routes anyone may call: the only /api/ routes the public scope may hold. Every other /api/ route is registered
 * in the signed-in scope, whose one `onRequest` hook is `requireSession` (server/routes/scopes.ts); `guardRoutes`
 * refuses any other place, so a new route cannot go without a session check by mistake.
 */
export const PUBLIC_API_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/health',
  // For load balancers and orchestrators: whether the database answers and is migrated; says nothing else.
  'GET /api/ready',
  'GET /api/app-info',
  // The OpenAPI document describes the API, never data (server/openapi/).
  'GET /api/openapi.json',
  'GET /api/auth/login',
  'GET /api/auth/callback',
  // Forgets the caller's own session, if any; answers 204 either way.
  'POST /api/auth/logout',
  // 企客聊 opens it with an encrypted identity instead of a session: it starts one (server/routes/qikeliao.ts).
  'GET /api/qikeliao/enter',
])

export interface RegisteredRoute {
  method: string
  url: string
  /** From the scope it was registered in; undefined outside both (only routes that are not under /api/). */
  access: 'public' | 'session' | 'admin' | undefined
  /** Whose sessions may call it: one host's, or `any` (public routes: `any`). */
  host: 'wecom' | 'qikeliao' | 'any'
}

const registered = new WeakMap<object, RegisteredRoute[]>()

/** Every method and URL the app registered (HEAD included), in registration order: the authorization table walks them. */
export function registeredRoutes(app: object): RegisteredRoute[] {
  return [...(registered.get(app) ?? [])]
}

/**
 * Records every route, and refuses at registration (so the app does not start) an /api/ route that is in neither
 * scope, a public one PUBLIC_API_ROUTES does not list, and a listed one that would need a session after all.
 */
export function guardRoutes(app: App): void {
  const list: RegisteredRoute[] = []
  registered.set(app, list)
  // `this` is the Fastify context the route is registered in: the scope, or a context inside it.
  app.addHook('onRoute', function (this: object, route: RouteOptions) {
    const scope = scopeOf(this)
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) {
      list.push({ method, url: route.url, access: accessOf(this), host: hostOfScope(this) })
      if (!route.url.startsWith('/api/')) continue
      const key = `${method === 'HEAD' ? 'GET' : method} ${route.url}`
      const listed = PUBLIC_API_ROUTES.has(key)
      if (!scope) {
        throw new Error(
          `${method} ${route.url} is registered outside the signed-in and public scopes: put it in the signed-in scope ` +
            '(server/routes/scopes.ts, whose onRequest hook requireSession needs a session), or list it in PUBLIC_API_ROUTES ' +
            'and put it in the public scope',
        )
      }
      if (scope === 'public' && !listed) {
        throw new Error(
          `${method} ${route.url} is in the public scope but PUBLIC_API_ROUTES does not list it: every API route needs a session ` +
            '(the signed-in scope) unless PUBLIC_API_ROUTES lists it',
        )
      }
      if (scope === 'signed-in' && listed) {
        throw new Error(
          `${method} ${route.url} is listed in PUBLIC_API_ROUTES but registered in the signed-in scope: it belongs in the public scope`,
        )
      }
    }
  })
}

/** The policy the sidebar needs and nothing more; docs/security.md explains each source. */
export function cspDirectives(publicUrl: string, csp: CspSettings = DEFAULT_CSP): Record<string, string[] | null> {
  const https = publicUrl.startsWith('https:')
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // Vue's :style bindings and Vant components write style attributes; stylesheets themselves come from 'self'.
    styleSrc: ["'self'", "'unsafe-inline'"],
    // Customer avatars come from WeCom's CDN, link-card thumbnails from anywhere: https only (data: for small icons).
    imgSrc: ["'self'", 'data:', 'https:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    // The playground frames the sidebar; inside WeCom, names WeCom withholds from the app are shown by the JS-SDK's
    // open-data frames (src/components/PersonName.vue), served from WeCom's open platform.
    frameSrc: ["'self'", 'https://open.work.weixin.qq.com'],
    frameAncestors: frameAncestors(csp),
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    // On https, WeCom's http:// avatar URLs are fetched as https:// (and so pass img-src) instead of being blocked.
    ...(https ? { upgradeInsecureRequests: [] } : {}),
  }
}

/**
 * The security headers of every answer — CSP, HSTS on https only, no referrer, nosniff and the rest of helmet's set —
 * as helmet writes them for this config. They depend on the config alone (no nonces, nothing from the request), so
 * helmet runs once, at start, against a response that records what it sets; every request then gets the same lines.
 * (@fastify/helmet ran helmet's whole set-up, the CSP directives parsed again, on every request.)
 */
export function securityHeaders(config: Pick<AppConfig, 'publicUrl' | 'csp'>): Readonly<Record<string, string>> {
  const csp = config.csp ?? DEFAULT_CSP
  const https = config.publicUrl.startsWith('https:')
  const headers: Record<string, string> = {}
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value)
    },
    // X-Powered-By: Fastify never sets it.
    removeHeader: () => undefined,
  }
  const middleware = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(config.publicUrl, csp), reportOnly: csp.reportOnly },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    // WeChat's image CDN refuses hot-linked avatars that carry a foreign Referer; no referrer at all is served.
    referrerPolicy: { policy: 'no-referrer' },
    // X-Frame-Options cannot name other origins: with CSP_FRAME_ANCESTORS the CSP alone decides (all browsers that
    // matter read frame-ancestors).
    xFrameOptions: csp.frameAncestors.length ? false : { action: 'sameorigin' },
  })
  let failure: unknown
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failure = err
  })
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure))
  return Object.freeze(headers)
}

/**
 * What a passive file (script, stylesheet, font, raster image) needs of the security headers: `nosniff` (so it runs
 * or applies only as what its type says), `Cross-Origin-Resource-Policy` (no other site may embed it) and the
 * referrer policy (a stylesheet's own `url()` fetches follow its response's policy). The rest — the CSP, COOP,
 * X-Frame-Options, Origin-Agent-Cluster, X-DNS-Prefetch-Control, X-Download-Options, X-XSS-Protection,
 * X-Permitted-Cross-Domain-Policies — only ever act on a document (or a worker, which the sidebar has none of): on a
 * script or an image the browser ignores them. They were about 500 of a file's 900 header bytes, on some 20 files
 * before the playground's first view shows a name (docs/performance.md).
 */
const PASSIVE_KEEP = new Set(['x-content-type-options', 'cross-origin-resource-policy', 'referrer-policy', 'strict-transport-security'])

/**
 * An SVG is an image in an `<img>` but a document when opened on its own, where its scripts would run: it keeps a
 * CSP, one that allows no script, no fetch and no frame at all (stricter than the sidebar's) and sandboxes it.
 */
export const SVG_CSP = "default-src 'none';style-src 'unsafe-inline';sandbox"

/** Types the browser never runs as a document: `text/javascript`, `text/css`, `font/*`, raster `image/*`. */
function passiveKind(type: unknown): 'file' | 'svg' | null {
  if (typeof type !== 'string') return null
  const mime = type.split(';', 1)[0]!.trim().toLowerCase()
  if (mime === 'image/svg+xml') return 'svg'
  if (mime === 'text/css' || mime === 'application/javascript' || mime === 'text/javascript') return 'file'
  if (mime.startsWith('font/') || (mime.startsWith('image/') && mime !== 'image/svg+xml')) return 'file'
  return null
}

/**
 * What a JSON answer needs (the API's answers, its errors and refusals): a policy that allows it to load nothing (a
 * JSON URL opened in a tab is a document, with nothing to load and nothing to run) and to be framed by no one but the
 * sidebar's own ancestors (a refusal of the 企客聊 entry in its frame still shows its code and request id), `nosniff`
 * (never run as a script or a style), `Cross-Origin-Resource-Policy` (no other site may read it through an `<img>` or
 * `<script>`) and HSTS on https. The sidebar's policy, COOP, `X-Frame-Options` and helmet's legacy headers describe
 * what a page may load, link to and how it may be embedded; a JSON document does none of it, so they were 650 bytes of
 * every API answer for nothing (docs/security.md, docs/performance.md).
 */
export function jsonCsp(csp: CspSettings = DEFAULT_CSP): string {
  return `default-src 'none';frame-ancestors ${frameAncestors(csp).join(' ')}`
}

/** Who may frame the sidebar, and so its JSON answers: its own pages, and the origins of CSP_FRAME_ANCESTORS. */
function frameAncestors(csp: CspSettings): string[] {
  return ["'self'", ...csp.frameAncestors]
}
const JSON_KEEP = new Set(['x-content-type-options', 'cross-origin-resource-policy', 'strict-transport-security'])

/**
 * Security headers on every answer (API, errors, not-found, the sidebar's files, the demo pages), chosen when it is
 * sent by what it is: refusals of any hook, the error handler's and the not-found handler's answers go through the
 * same `onSend` hook, so they carry them too (no route answers around it: nothing calls `reply.hijack()` outside the
 * simulator). JSON gets `JSON_KEEP` and `jsonCsp`, a passive file (`passiveKind`) `PASSIVE_KEEP`, an SVG `SVG_CSP` instead of the
 * sidebar's policy; anything else — HTML, text, a type we do not know, or none — the whole set.
 */
export function registerHeaders(app: App, config: AppConfig): void {
  const all = securityHeaders(config)
  const only = (keep: ReadonlySet<string>, extra: Record<string, string> = {}) =>
    Object.freeze({ ...Object.fromEntries(Object.entries(all).filter(([name]) => keep.has(name))), ...extra })
  // Enforced even with CSP_REPORT_ONLY: report-only is for trying the sidebar's own policy in a webview; this one
  // lets a JSON document load nothing, and nothing in one could need more.
  const json = only(JSON_KEEP, { 'content-security-policy': jsonCsp(config.csp ?? DEFAULT_CSP) })
  const passive = only(PASSIVE_KEEP)
  const cspName = Object.keys(all).find((name) => name.startsWith('content-security-policy')) ?? 'content-security-policy'
  const svg = Object.freeze({ ...passive, [cspName]: SVG_CSP })
  // (If the onSend hooks themselves fail twice over, Fastify writes its last-resort 500 without running them again:
  // that answer goes without these headers. No hook here fails that way: docs/security.md.)
  app.addHook('onSend', (_request, reply, payload, done) => {
    const type = reply.getHeader('content-type')
    // Most answers are the API's JSON: decided without parsing the type (this runs on every answer).
    const kind = typeof type === 'string' && type.startsWith('application/json') ? 'json' : passiveKind(type)
    reply.headers(kind === 'json' ? json : kind === 'file' ? passive : kind === 'svg' ? svg : all)
    done(null, payload)
  })
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
/** Routes that take a body other than JSON. */
const OTHER_BODY_TYPES: Record<string, string[]> = {
  'PUT /api/admin/contact-links': ['text/csv'],
  // A browser uploads a file as a multipart form and nothing else; requireSameOrigin keeps other pages from it.
  'POST /api/material-files': ['multipart/form-data'],
}

/**
 * Every write (POST, PUT, PATCH, DELETE) comes from the sidebar's own pages: a request a browser sends from another
 * page — another site, or a sibling subdomain, which `SameSite=Lax` counts as the same site — is refused 403
 * `CROSS_SITE_REQUEST` before its body is read. JSON alone is not enough: a body-less POST (sign-out,
 * `media-refresh`) and a multipart upload need no CORS preflight. The rule, from what browsers cannot be made to lie
 * about (both headers are forbidden to pages):
 *
 * - `Sec-Fetch-Site`, when sent, must be `same-origin` (or `none`: typed by the user, never a page's doing);
 * - `Origin`, when sent, must be PUBLIC_URL's origin (`null`, from a sandboxed frame or a redirect, is foreign);
 * - a request with neither is not a browser's cross-origin write: browsers send `Origin` on every cross-origin POST,
 *   PUT, PATCH and DELETE (and modern ones `Sec-Fetch-Site` on all). Such a client (curl, WeCom's server, a test)
 *   carries its own cookies, so there is no one else's session to ride.
 *
 * The playground and the 企客聊 host load the sidebar from PUBLIC_URL's origin too (docs/architecture.md).
 */
export function requireSameOrigin(app: App, publicUrl: string): void {
  const own = new URL(publicUrl).origin
  // Callback style (as the hooks below): it runs on every request and has nothing to wait for.
  app.addHook('onRequest', (request, _reply, done) => {
    if (SAFE_METHODS.has(request.method) || !crossSite(request, own)) return done()
    done(new AppError(403, 'CROSS_SITE_REQUEST', '只能从客户助手自己的页面这样做：请在侧边栏里重试。'))
  })
}

function crossSite(request: FastifyRequest, own: string): boolean {
  const site = request.headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true
  const origin = request.headers.origin
  if (origin === undefined) return false
  try {
    // Through URL a default port drops (`http://a:80` is `http://a`); `null` and junk throw.
    return new URL(origin).origin !== own
  } catch {
    return true
  }
}

/**
 * Writes take JSON only. A browser sends a form (urlencoded, multipart, text/plain) to any site without asking, but
 * JSON from another origin needs a CORS preflight this proxy never grants: so no other page can make a staff
 * member's browser send, cancel or import. Refused before the body is read and before any handler runs.
 */
export function requireJsonBodies(app: App): void {
  // Fastify parses text/plain by default; nothing here takes it.
  app.removeContentTypeParser('text/plain')
  app.addHook('onRequest', (request, _reply, done) => {
    if (SAFE_METHODS.has(request.method)) return done()
    const type = request.headers['content-type']
    // No type: Fastify refuses a body without one (415) and a request without a body carries nothing to forge.
    if (type === undefined) return done()
    const mime = type.split(';')[0]!.trim().toLowerCase()
    if (mime === 'application/json') return done()
    if (OTHER_BODY_TYPES[`${request.method} ${request.routeOptions.url}`]?.includes(mime)) return done()
    done(new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请求内容的类型不支持：请发送 JSON（Content-Type: application/json）。'))
  })
}

const SIGN_IN = new Set(['/api/auth/login', '/api/auth/callback'])
const UNLIMITED = new Set(['/api/health'])

type Limiter = (req: FastifyRequest) => Promise<{ isAllowed: true } | { isAllowed: false; isExceeded: boolean; ttlInSeconds: number }>

/**
 * Per-minute limits on /api/*: a signed-in staff member counts by their user id (so a whole office behind one NAT
 * address is not one bucket), anyone else by client IP (`request.ip`, which honours TRUST_PROXY). Sign-in has its own
 * per-IP bucket, so anonymous noise cannot lock staff out of signing in; health is never limited. Must run after the
 * hook that sets `request.user`.
 *
 * `counters`: where the counts live when several instances share them (a PostgreSQL server:
 * server/store/rate-limit-store.ts); absent, each process counts in its memory. A shared count that fails lets the
 * request through (the store reports it): a database hiccup must not turn every request into an error.
 */
export async function registerRateLimits(app: App, limits: RateLimits | undefined, counters?: RateLimitStoreClass): Promise<void> {
  if (!limits) return
  await app.register(rateLimit, counters ? { global: false, store: counters, skipOnError: true } : { global: false })
  const make = (max: number, prefix: string, key: (req: FastifyRequest) => string): Limiter | null =>
    max > 0 ? (app.createRateLimit({ max, timeWindow: 60_000, keyGenerator: (req) => `${prefix}:${key(req)}` }) as Limiter) : null
  const byIp = (req: FastifyRequest) => normalizeIP(req.ip)
  const byUser = (req: FastifyRequest) => req.user!.userId
  const ip = make(limits.ipPerMin, 'ip', byIp)
  const signIn = make(limits.signInPerMin, 'signin', byIp)
  const user = make(limits.userPerMin, 'user', byUser)
  const sends = make(limits.sendsPerMin, 'sends', byUser)

  /** The count's verdict: a 429 (with Retry-After) when a limit is exceeded. */
  const judge = async (counting: Promise<Array<Awaited<ReturnType<Limiter>> | undefined>>, reply: FastifyReply) => {
    for (const result of await counting) {
      if (!result || result.isAllowed || !result.isExceeded) continue
      const seconds = Math.max(1, result.ttlInSeconds)
      reply.header('retry-after', String(seconds))
      throw new AppError(429, 'RATE_LIMITED', `请求太频繁，请 ${seconds} 秒后再试。`).with({ seconds })
    }
  }
  /** Counts started in onRequest whose verdict is awaited once the body is in (signed-in writes). */
  const verdicts = new WeakMap<FastifyRequest, Promise<void>>()

  const hook: onRequestHookHandler = async (request, reply) => {
    // The route the router matched decides (the URL is canonical already: server/canonical-url.ts); a URL that
    // matched nothing counts by its path.
    const path = request.routeOptions.url ?? request.url.split('?')[0]!
    if (!path.startsWith('/api/') || UNLIMITED.has(path)) return
    const apply: Array<Limiter | null> = request.user
      ? [user, request.method === 'POST' && request.routeOptions.url === '/api/sends' ? sends : null]
      : [SIGN_IN.has(path) ? signIn : ip]
    // Counted at once, not one after another: a shared store (PostgreSQL) counts a send's two limits in one statement.
    const verdict = judge(Promise.all(apply.map((limiter) => limiter?.(request))), reply)
    // A signed-in write's body is read while it is counted (a round trip on PostgreSQL, on a send's path), and the
    // verdict is awaited before validation and the handler: a refused request still does nothing. Anonymous
    // requests and reads are judged here, before the session check and before their body is read.
    if (request.user && !SAFE_METHODS.has(request.method)) {
      verdict.catch(() => undefined)
      verdicts.set(request, verdict)
      return
    }
    await verdict
  }
  app.addHook('onRequest', hook)
  app.addHook('preValidation', (request, _reply, done) => {
    const verdict = verdicts.get(request)
    if (!verdict) return done()
    verdict.then(() => done(), done)
  })
}
