/**
 * A simulator of the three vendors (WeCom, Youmi, WShoto) as one real HTTP server, so the proxy
 * makes the same calls in demo mode and in tests as in production. See docs/simulator.md.
 */
import multipart from '@fastify/multipart'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { avatarRoutes, baseUrlOf } from './avatars.js'
import { InvalidJsonBody, type SimContext, type SimCredentials } from './context.js'
import { controlRoutes } from './controls.js'
import { createState, type SimState } from './state.js'
import { MEDIA_PARSE_LIMIT, wecomPlugin } from './wecom.js'
import { mediaPages } from './wecom-media.js'
import { wshotoPlugin } from './wshoto.js'
import { youmiPlugin } from './youmi.js'

export type { SimCredentials } from './context.js'
export type { Fault, FaultKind, IssuedTicket, RecordedRequest, SimCounts, SimState, UploadedMedia, Vendor, YoumiTask } from './state.js'

export interface SimOptions {
  credentials: SimCredentials
  /** Lifetime of every access token and JS ticket; default 7200. */
  tokenTtlSeconds?: number
  /** ms clock, default Date.now; used for expiry, codes and campaign progress. */
  now?: () => number
  host?: string
  port?: number
  logger?: boolean
  /**
   * Where browsers reach the simulator when it is passed through another origin (e.g. the proxy's
   * `${publicUrl}/sim`); avatar URLs are built from it. Default: the origin each request came to.
   */
  publicUrl?: string
  /**
   * The app's trusted domain (可信域名) as an origin: WeCom's OAuth page redirects only there, and refuses any other
   * `redirect_uri` (errcode 50001). The demo sets PUBLIC_URL's origin; unset, any http(s) redirect_uri is taken.
   */
  trustedOrigin?: string
}

export interface Simulator {
  /** e.g. http://127.0.0.1:43121, no trailing slash. */
  url: string
  close(): Promise<void>
  /** In-process access to recorded requests, tasks, tokens and tickets, for tests. */
  state: SimState
}

const DEFAULT_TTL_SECONDS = 7200

// Query parameters that carry secrets or credentials; they must never reach a log line.
const SECRET_PARAMS = /([?&](?:corpsecret|app_secret|client_secret|access_token|code|ticket)=)[^&#]*/gi

export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]')
}

function loggerOptions(enabled: boolean | undefined): FastifyServerOptions['logger'] {
  if (!enabled) return false
  return {
    level: 'info',
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }),
    },
  }
}

const states = new WeakMap<FastifyInstance, SimState>()

/** The state behind an app made by buildSimApp (the same object `Simulator.state` gives). */
export function simStateOf(app: FastifyInstance): SimState {
  const state = states.get(app)
  if (!state) throw new Error('not a simulator app')
  return state
}

export function buildSimApp(opts: SimOptions): FastifyInstance {
  const now = opts.now ?? Date.now
  const ttl = opts.tokenTtlSeconds ?? DEFAULT_TTL_SECONDS
  const state = createState(now(), ttl)
  const publicUrl = opts.publicUrl?.replace(/\/+$/, '')
  const ctx: SimContext = {
    credentials: opts.credentials,
    state,
    now,
    publicBaseUrl: (request) => publicUrl ?? baseUrlOf(request),
    trustedOrigin: opts.trustedOrigin === undefined ? undefined : new URL(opts.trustedOrigin).origin,
  }

  // A large listMass easily passes Fastify's 1 MB default; the vendors take far bigger bodies.
  const app = Fastify({ logger: loggerOptions(opts.logger), bodyLimit: 16 * 1024 * 1024 })
  states.set(app, state)

  // Vendors answer a broken JSON body in their own envelope rather than with Fastify's 400.
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string
    if (text.trim() === '') return done(null, undefined)
    try {
      done(null, JSON.parse(text))
    } catch {
      done(null, new InvalidJsonBody(text))
    }
  })
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)))
  })
  void app.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: MEDIA_PARSE_LIMIT, files: 1 } })

  void app.register(wecomPlugin(ctx))
  void app.register(youmiPlugin(ctx))
  void app.register(wshotoPlugin(ctx))
  void app.register(controlRoutes(ctx, ttl))
  void app.register(mediaPages(ctx))
  avatarRoutes(app)
  return app
}

export async function startSimulator(opts: SimOptions): Promise<Simulator> {
  const app = buildSimApp(opts)
  const url = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 })
  return {
    url: url.replace(/\/$/, ''),
    close: () => app.close(),
    state: simStateOf(app),
  }
}
