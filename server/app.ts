import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { constants as zlibConstants } from 'node:zlib'
import compress from '@fastify/compress'
import cookie from '@fastify/cookie'
import fastifyStatic from '@fastify/static'
import Fastify, { LogController, type FastifyError, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { AppConfig } from './config.js'
import { canonicalUrl } from './canonical-url.js'
import { AppError, badRequest, wordsOf } from './errors.js'
import { clientErrorHandler, refuseWhileClosing } from './http-errors.js'
import type { DemoMode } from './demo-mode.js'
import { authRoutes, sessionRoutes } from './routes/auth.js'
import { campaignRoutes } from './routes/campaigns.js'
import { contactRoutes } from './routes/contacts.js'
import { friendRoutes } from './routes/friends.js'
import { groupRoutes } from './routes/groups.js'
import { materialFileRoutes, materialRoutes } from './routes/materials.js'
import { qikeliaoRoutes } from './routes/qikeliao.js'
import type { App, Services } from './routes/context.js'
import { hostScope, publicScope, signedInScope } from './routes/scopes.js'
import { sendRoutes } from './routes/sends.js'
import { sessionTokenReader } from './routes/session-cookie.js'
import { wecomRoutes } from './routes/wecom.js'
import { CampaignService } from './services/campaigns.js'
import { ContactLinkService } from './services/contact-links.js'
import { DbReachSnapshots } from './services/reach-snapshots.js'
import { ContactService } from './services/contacts.js'
import { FileRetention } from './services/file-retention.js'
import { FriendService } from './services/friends.js'
import { DirectoryService } from './services/directory.js'
import { GroupService } from './services/groups.js'
import { fileStoreFor } from './services/file-store/choose.js'
import { MaterialFileStore } from './services/material-files.js'
import { MaterialService } from './services/materials.js'
import { MediaService } from './services/media/media-service.js'
import { OAuthStateStore } from './services/oauth-states.js'
import type { ResolveAll } from './services/media/url-fetcher.js'
import { QikeliaoEntryService } from './services/qikeliao/entry-service.js'
import { SendService } from './services/sends.js'
import { SessionService } from './services/sessions.js'
import { SignatureService } from './services/signatures.js'
import { SignInService } from './services/sign-in.js'
import { VendorCredentialStore } from './services/vendor-credentials.js'
import { openStore, type Store } from './store/db.js'
import { postgresRateLimitStore } from './store/rate-limit-store.js'
import { registerOpenApi } from './openapi/index.js'
import { openApiRoutes } from './routes/openapi.js'
import { findBadText } from './text-guard.js'
import { APP_VERSION } from './version.js'
import { countVendorCall, registerObservability } from './observe/http-hooks.js'
import { loggerOptions } from './observe/logging.js'
import { createMetrics, type Metrics } from './observe/metrics.js'
import { requestAwareLogger, requestIdGenerator } from './observe/request-context.js'
import { adminStatusRoutes, metricsRoutes, systemRoutes } from './routes/system.js'
import { Heartbeat } from './services/status/heartbeat.js'
import { MetricsEndpoint } from './services/status/metrics-endpoint.js'
import { StatusService } from './services/status/status-service.js'
import { VendorStats } from './services/status/vendor-stats.js'
import { guardRoutes, registerHeaders, registerRateLimits, requireJsonBodies, requireSameOrigin } from './security.js'
import type { ResilienceOptions } from './upstream/call.js'
import { createHttpClient, type HttpClient } from './upstream/http.js'
import { WecomClient } from './upstream/wecom/client.js'
import { WshotoClient } from './upstream/wshoto/client.js'
import { YoumiClient } from './upstream/youmi/client.js'

export interface AppDeps {
  http?: HttpClient
  now?: () => number
  /** Fastify's logger option (tests pass a stream that records every line). */
  logger?: FastifyServerOptions['logger']
  store?: Store
  /** Retry and circuit-breaker tuning of the vendor clients (tests inject sleep, jitter and short cool-downs). */
  upstream?: ResilienceOptions
  /** Demo mode's seed and routes (server/demo/, loaded by server/boot.ts only in demo mode); absent: none. */
  demo?: DemoMode
  /** The Prometheus series (main.ts shares them with the METRICS_PORT listener); absent: the app makes its own. */
  metrics?: Metrics
  /** How media URLs' host names resolve (tests name their own addresses); the system resolver by default. */
  mediaResolve?: ResolveAll
}

const BODY_LIMIT = 256 * 1024

/** Builds the proxy without listening: `main.ts` listens, tests call `app.inject()`. */
export async function buildApp(config: AppConfig, deps: AppDeps = {}) {
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(config, logSerializers),
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    // X-Request-Id from a trusted load balancer, else a fresh one; each log line of the request carries it.
    genReqId: requestIdGenerator(config.trustProxy),
    // Lines carry `requestId`; one line per request, when it ends (server/observe/http-hooks.ts), not Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    // A client trickling a body (slowloris) gives up its connection after this; Node's headersTimeout covers headers.
    requestTimeout: 120_000,
    // Before routing: the router, every hook and the log see one spelling of the path (`/%61pi//x/../auth` is
    // `/api/auth`), so no security decision can be dodged by spelling it another way (server/canonical-url.ts).
    rewriteUrl: (req) => canonicalUrl(req.url ?? '/'),
    // Errors before a request exists (431, 400, 408) and while closing (503) answer `{ code, message }` too.
    clientErrorHandler,
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  // Before any route: every route is recorded and checked for its scope; headers and JSON-only writes apply to all.
  guardRoutes(app)
  const metrics = deps.metrics ?? createMetrics()
  registerObservability(app, { metrics, requestLineLevel: config.nodeEnv === 'production' ? 'info' : 'debug' })
  registerHeaders(app, config)
  refuseWhileClosing(app)
  // JSON answers above 1 KB go out compressed (a campaign's reach, the materials list). Quality 4: brotli's best is
  // for files compressed once at build time (scripts/precompress.ts), far too slow per request.
  await app.register(compress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  })
  requireSameOrigin(app, config.publicUrl)
  requireJsonBodies(app)

  const now = deps.now ?? Date.now
  const store = deps.store ?? (await openStore(config.database, (err) => app.log.warn({ err: err.message }, 'database connection dropped')))
  if (!deps.store) app.addHook('onClose', () => store.close())
  const heartbeat = new Heartbeat(store.db, APP_VERSION, new Date(now()), now, (err) =>
    app.log.warn({ err: err.message }, 'heartbeat failed'),
  )
  const services = createServices(config, store, {
    http: deps.http ?? createHttpClient(),
    now,
    log: app.log,
    resilience: deps.upstream,
    metrics,
    heartbeat,
    mediaResolve: deps.mediaResolve,
  })
  await heartbeat.start()
  app.addHook('onClose', async () => heartbeat.stop())
  // Sends a crash cut off mid-submit: their outcome is unknown, so they say so.
  const interrupted = await services.sends.reconcileInterrupted(5 * config.upstreamTimeoutMs)
  if (interrupted) app.log.warn({ interrupted }, 'sends left pending by an earlier run marked unknown')
  if (config.demo && deps.demo) await deps.demo.seed({ db: store.db, files: services.materialFiles, now: new Date(now()) })

  await app.register(cookie, { secret: config.sessionSecret })
  app.decorateRequest('user', null)
  const readToken = sessionTokenReader(services)
  // Callback style: most requests are answered from the session cache (server/services/sessions.ts) with no promise.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!(request.routeOptions.url ?? request.url).startsWith('/api/')) return done()
    const token = readToken(request)
    if (!token) return done()
    const known = services.signIn.cached(token)
    if (known) {
      request.user = known
      return done()
    }
    services.signIn.find(token).then((user) => {
      request.user = user
      done()
    }, done)
  })
  // After the session is known: signed-in requests count per staff member, others per IP. On a PostgreSQL server the
  // counts are shared by every instance; PGlite (one process) counts in memory.
  const counters =
    store.kind === 'postgres'
      ? postgresRateLimitStore(store.db, {
          onError: (err) => app.log.warn({ err: err.message }, 'rate-limit count failed: request let through'),
        })
      : undefined
  await registerRateLimits(app, config.rateLimit, counters)

  app.addHook('preValidation', (request, _reply, done) => {
    const bad = findBadText(request.body, 'body') ?? findBadText(request.query, 'query') ?? findBadText(request.params, 'params')
    done(
      bad
        ? badRequest('INVALID_TEXT', `${bad} 含有无法保存的字符（空字符或不完整的 Unicode），请删除后重试。`).with({ field: bad })
        : undefined,
    )
  })
  app.setErrorHandler(errorHandler)
  // Before the routes: the document describes every route registered after it.
  await registerOpenApi(app, APP_VERSION)
  await registerRoutes(app, services, deps.demo)
  await serveSidebar(app, config)
  return app
}

function createServices(
  config: AppConfig,
  store: Store,
  up: {
    http: HttpClient
    now: () => number
    log: App['log']
    resilience?: ResilienceOptions
    metrics: Metrics
    heartbeat: Heartbeat
    mediaResolve?: ResolveAll
  },
): Services {
  const stats = new VendorStats(up.now)
  // Each vendor client builds its own circuit breaker and retry policy from `resilience` (server/upstream/call.ts).
  // Its lines go to the logger of the request it runs for (they carry its request id); each round trip is counted.
  const deps = {
    http: up.http,
    timeoutMs: config.upstreamTimeoutMs,
    log: requestAwareLogger(up.log),
    now: up.now,
    resilience: up.resilience,
    observe: (e: Parameters<VendorStats['record']>[0]) => {
      stats.record(e)
      countVendorCall(up.metrics, e)
    },
  }
  // Tokens and tickets are fetched once for every instance on this database, not once per process.
  const credentials = new VendorCredentialStore(store, (err, name) =>
    up.log.warn(
      { err: err instanceof Error ? err.message : String(err), credential: name },
      'shared vendor credentials unavailable: fetching alone',
    ),
  )
  const v = config.vendors
  const wecom = new WecomClient({ ...deps, ...v.wecom, credentials })
  const youmi = new YoumiClient({ ...deps, ...v.youmi, credentials })
  const wshoto = new WshotoClient({ ...deps, ...v.wshoto, credentials })
  up.metrics.watchBreakers([wecom.breaker, youmi.breaker, wshoto.breaker])
  const signatures = new SignatureService(wecom, config.publicUrl, up.now)
  const contacts = new ContactService(wecom, store.db, up.now)
  const directory = new DirectoryService(wecom, up.now)
  const groups = new GroupService(wecom, up.now, directory)
  const friends = new FriendService(store.db, up.now)
  // In PostgreSQL when there is a server, else DATA_DIR/files; in memory when the config has no media settings (tests).
  const materialFiles = new MaterialFileStore({ db: store.db, bytes: fileStoreFor(store, config.media?.fileDir), now: up.now })
  // A file lives while a material or a Youmi send yet to run names it (services/file-retention.ts).
  const fileRetention = new FileRetention(store.db, materialFiles, up.now)
  const materials = new MaterialService(store.db, materialFiles, up.now, fileRetention.release)
  // Files for the chat channel become WeCom media ids: from the library, or from URLs on MEDIA_ALLOWED_HOSTS only.
  const media = new MediaService({
    db: store.db,
    wecom,
    loadStoredFile: materialFiles.loadStoredFile,
    allowedHosts: config.media?.allowedHosts ?? [],
    resolve: up.mediaResolve,
    timeoutMs: config.upstreamTimeoutMs,
    now: up.now,
    log: up.log,
  })
  const sessions = new SessionService(store.db, up.now, config.session)
  return {
    now: up.now,
    signIn: new SignInService(
      wecom,
      sessions,
      {
        publicUrl: config.publicUrl,
        adminUserIds: config.adminUserIds,
        demo: config.vendors.wecom.simulated,
      },
      new OAuthStateStore(store.db, up.now),
    ),
    signatures,
    contacts,
    directory,
    contactLinks: new ContactLinkService(store.db, up.now, () => contacts.forgetIdentities()),
    groups,
    sends: new SendService({
      db: store.db,
      publicUrl: config.publicUrl,
      contacts,
      groups,
      friends,
      media,
      materials,
      youmi,
      youmiCodes: { taskType: v.youmi.taskType, chooseType: v.youmi.chooseType, taskSource: v.youmi.taskSource },
      now: up.now,
      // One attempt is at most a token fetch (retried: 2.5 timeouts) and a create, twice (token refused once).
      waitMs: config.upstreamTimeoutMs * 7 + 1000,
      reportWaitMs: config.sendReportWaitMs ?? 120_000,
      log: up.log,
      onStatus: (channel, status) => up.metrics.sends.inc({ channel, status }),
    }),
    campaigns: new CampaignService({
      db: store.db,
      wshoto,
      now: up.now,
      reachFreshMs: config.reachFreshMs,
      // In the database: one WShoto call per campaign per window for every instance, and the campaign's history.
      snapshots: new DbReachSnapshots(store, up.now, config.reachHistoryDays),
      log: up.log,
      onCache: (result) => up.metrics.reachCache.inc({ result }),
      directory,
    }),
    materials,
    materialFiles,
    fileRetention,
    friends,
    qikeliao: new QikeliaoEntryService(config.qikeliao, store.db, friends, up.now),
    status: new StatusService({
      config,
      db: store.db,
      http: up.http,
      now: up.now,
      wecom,
      youmi,
      wshoto,
      signatures,
      stats,
      heartbeat: up.heartbeat,
      files: materialFiles.bytes,
      version: APP_VERSION,
      startedAt: new Date(up.now()),
    }),
    metrics: new MetricsEndpoint(up.metrics, config.metricsToken),
  }
}

/**
 * Every route goes in one of two scopes: public (sign-in, health, the 企客聊 entry, library files) or signed-in, whose
 * one onRequest hook refuses a request without a session. `guardRoutes` refuses an /api/ route anywhere else.
 */
async function registerRoutes(app: App, s: Services, demo: DemoMode | undefined): Promise<void> {
  const parts = { now: s.now }
  await publicScope(app, async (scope) => {
    await authRoutes(scope, s)
    await openApiRoutes(scope)
    await qikeliaoRoutes(scope, s)
    await materialFileRoutes(scope, s)
    await systemRoutes(scope, s)
    await demo?.publicRoutes(scope, parts)
  })
  await signedInScope(app, async (scope) => {
    // Either host's session: who is signed in, their own sends (each host's only), the library, campaigns.
    await sessionRoutes(scope, s)
    await sendRoutes(scope, s)
    await campaignRoutes(scope, s)
    await materialRoutes(scope, s)
    // Two hosts, two identities: WeCom's customers, groups and JS-SDK for WeCom sessions, 企客聊's friends for
    // 企客聊 sessions (admin routes are WeCom's too: server/routes/scopes.ts).
    await hostScope(scope, 'wecom', async (wecom) => {
      await wecomRoutes(wecom, s)
      await contactRoutes(wecom, s)
      await groupRoutes(wecom, s)
    })
    await hostScope(scope, 'qikeliao', async (qikeliao) => friendRoutes(qikeliao, s))
    await adminStatusRoutes(scope, s)
    await demo?.signedInRoutes(scope, parts)
  })
  // Not under /api/: Prometheus scrapes it with its bearer token (METRICS_TOKEN); absent without one.
  await metricsRoutes(app, s)
}

/** The built sidebar, with `index.html` for the app's own routes (history mode). */
async function serveSidebar(app: App, config: AppConfig): Promise<void> {
  const dir = config.staticDir
  const hasSidebar = !!dir && existsSync(join(dir, 'index.html'))
  if (hasSidebar) {
    await app.register(fastifyStatic, {
      root: dir,
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside every text asset and index.html (scripts/precompress.ts): sent by the
      // request's Accept-Encoding, with Vary: Accept-Encoding, and nothing compressed per request.
      preCompressed: true,
      // Built assets carry a content hash in their name: cached for good, so a second open of the sidebar loads
      // nothing but index.html, which is always checked again so a new release shows at once.
      setHeaders: (reply, path) => {
        const hashed = /[\\/]assets[\\/]/.test(path)
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/api/') && !/\.[a-z0-9]+($|\?)/i.test(request.url)
    if (hasSidebar && isPage) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html')
    const path = `${request.method} ${request.url.split('?')[0]}`
    return reply.code(404).send({ code: 'NOT_FOUND', message: `没有这个地址：${path}`, params: { path } })
  })
}

function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body'
    // A rule over the whole body (e.g. "contact or group") has the root path "/": name it `body`, not `body.`.
    const issues = err.validation.map((v) => ({
      path: `${where}${v.instancePath.replace(/\//g, '.').replace(/\.$/, '')}`,
      message: v.message ?? 'invalid',
      // A contract's own check names its words (contracts/words.ts): a client in another language shows its own.
      ...wordsOf(v.params),
    }))
    return reply
      .code(400)
      .send({ code: 'INVALID_REQUEST', message: `请求内容有误：${issues.map((i) => `${i.path} ${i.message}`).join('；')}`, issues })
  }
  if (err instanceof AppError) {
    if (err.status >= 500) request.log.warn({ code: err.code, status: err.status }, err.message)
    // A vendor's open circuit (VENDOR_UNAVAILABLE) says when it lets a call through again.
    const retryAfter = err.details?.retryAfterSeconds
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter))
    return reply.code(err.status).send({ code: err.code, message: err.message, ...(err.params && { params: err.params }) })
  }
  const status = err.statusCode ?? 500
  if (status < 500) {
    const known: Record<string, [string, string]> = {
      FST_ERR_CTP_BODY_TOO_LARGE: ['BODY_TOO_LARGE', '请求内容太大。'],
      FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE', '请求内容的类型不支持：请发送 JSON（Content-Type: application/json）。'],
      FST_ERR_CTP_INVALID_JSON_BODY: ['INVALID_JSON', '请求内容不是有效的 JSON。'],
      FST_ERR_CTP_EMPTY_JSON_BODY: ['INVALID_JSON', '请求内容为空，但声明为 JSON。'],
    }
    const [code, message] = known[err.code] ?? ['BAD_REQUEST', '请求无效。']
    return reply.code(status).send({ code, message })
  }
  // Internals of a 5xx stay in the log.
  request.log.error({ err }, 'unhandled error')
  return reply.code(500).send({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试；如果一再出现，请联系管理员。' })
}

/** Request lines without query strings of the login callback (one-time codes) and the 企客聊 entry (encrypted identities). */
export const logSerializers = { req: requestForLog }

const QUERY_NOT_LOGGED = /^\/api\/(auth|qikeliao)\//

/** Judged on the canonical URL (server/canonical-url.ts) and on the route it matched, whichever says "secret". */
function requestForLog(req: { method: string; url: string; ip?: string; routeOptions?: { url?: string } }) {
  const path = req.url.split('?')[0]!
  const route = req.routeOptions?.url
  const url = QUERY_NOT_LOGGED.test(path) || (route !== undefined && QUERY_NOT_LOGGED.test(route)) ? path : req.url
  return { method: req.method, url, ip: req.ip }
}
