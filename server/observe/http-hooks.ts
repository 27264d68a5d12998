import { AsyncResource } from 'node:async_hooks'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { App } from '../routes/context.js'
import type { UpstreamCallEvent } from '../upstream/call.js'
import type { Metrics } from './metrics.js'
import { REQUEST_ID_HEADER, runWithRequest } from './request-context.js'

/**
 * Request ids, request lines and HTTP metrics. Registered before anything that rewrites answers (compression), so an
 * error body is still JSON text when its `requestId` is added.
 * - every answer carries `X-Request-Id`, and every JSON error body `{ code, message }` gets `requestId` too, whoever
 *   sent it (the error handler, the not-found handler, a refusal of a hook): a staff member's screenshot names it;
 * - everything the request runs — vendor calls included — logs through the request's logger (request-context.ts);
 * - one line per request when it ends: at `debug` in development and demo (quiet by default), at `info` in production.
 */
const scopes = new WeakMap<FastifyRequest, AsyncResource>()

/** Methods Fastify never reads a body for: everything after their onRequest hooks stays in the request's context. */
const BODYLESS = new Set(['GET', 'HEAD'])

// Every hook here is callback style: they run on every request and wait for nothing, so a promise would be all they cost.
export function registerObservability(app: App, o: { metrics: Metrics; requestLineLevel: 'debug' | 'info' }): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id)
    runWithRequest({ requestId: request.id, log: request.log }, () => {
      if (!BODYLESS.has(request.method)) scopes.set(request, new AsyncResource('sidebar-request'))
      done()
    })
  })
  // A body arrives in the socket's stream events, outside the context above: the handler is put back into it (as
  // @fastify/request-context does).
  app.addHook('preValidation', (request, _reply, done) => {
    const scope = scopes.get(request)
    if (scope) scope.runInAsyncScope(done)
    else done()
  })

  app.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode < 400 || typeof payload !== 'string' || payload.length > 64 * 1024) return done(null, payload)
    if (!String(reply.getHeader('content-type') ?? '').includes('json')) return done(null, payload)
    done(null, withRequestId(payload, request.id))
  })

  app.addHook('onResponse', (request, reply, done) => {
    const route = routeOf(request)
    const labels = { method: request.method, route, status: String(reply.statusCode) }
    o.metrics.httpRequests.inc(labels)
    o.metrics.httpDuration.observe(labels, reply.elapsedTime / 1000)
    if (reply.statusCode === 429) o.metrics.rateLimited.inc({ route })
    request.log[o.requestLineLevel](
      { req: request, res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime) },
      'request completed',
    )
    done()
  })
}

/** The route as registered (`/api/sends/:id`), never the raw URL: ids in paths would make a series per customer. */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched'
}

function withRequestId(payload: string, requestId: string): string {
  let body: unknown
  try {
    body = JSON.parse(payload)
  } catch {
    return payload
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return payload
  const error = body as Record<string, unknown>
  if (typeof error.code !== 'string' || typeof error.message !== 'string' || 'requestId' in error) return payload
  return JSON.stringify({ ...error, requestId })
}

const TOKEN_KINDS: Record<string, string> = {
  'wecom gettoken': 'token',
  'wecom get_jsapi_ticket': 'corp_ticket',
  'wecom ticket/get': 'agent_ticket',
  'youmi token': 'token',
  'wshoto access_token': 'token',
}

/** Counts one vendor round trip (server/upstream/call.ts tells of each). */
export function countVendorCall(metrics: Metrics, e: UpstreamCallEvent): void {
  const labels = { vendor: e.vendor, operation: e.op, outcome: e.outcome }
  metrics.vendorCalls.inc(labels)
  metrics.vendorDuration.observe(labels, e.ms / 1000)
  const kind = TOKEN_KINDS[`${e.vendor} ${e.op}`]
  if (kind) metrics.tokenFetches.inc({ vendor: e.vendor, kind, outcome: e.outcome })
}

/** For `reply.send` in routes that answer metrics text. */
export async function sendMetrics(metrics: Metrics, reply: FastifyReply) {
  return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics())
}
