import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import proxyAddr from '@fastify/proxy-addr'

/** The header a load balancer sets and every answer carries. */
export const REQUEST_ID_HEADER = 'x-request-id'

// What we accept from a load balancer: ids that fit in a log line and cannot break one (no spaces, quotes or newlines).
const GOOD_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/

/**
 * Fastify's `genReqId`: the load balancer's `X-Request-Id` when the connection comes from a proxy `TRUST_PROXY`
 * trusts (the same rule that decides `X-Forwarded-For`), otherwise a fresh UUID — so a client cannot pick the id an
 * admin will search the logs for.
 */
export function requestIdGenerator(trustProxy: boolean | string): (req: IncomingMessage) => string {
  const trusted = trustFn(trustProxy)
  return (req) => {
    const given = req.headers[REQUEST_ID_HEADER]
    const value = Array.isArray(given) ? given[0] : given
    if (value && GOOD_ID.test(value) && trusted(req.socket?.remoteAddress ?? '')) return value
    return randomUUID()
  }
}

function trustFn(tp: boolean | string): (addr: string) => boolean {
  if (tp === true) return () => true
  if (tp === false || tp === '') return () => false
  const compiled = proxyAddr.compile(tp.split(',').map((s) => s.trim()))
  return (addr) => addr !== '' && compiled(addr, 0)
}

/** What a request's code — vendor calls included — may learn about the request it runs for. */
export interface RequestContext {
  requestId: string
  /** The request's own logger: every line carries `requestId`. */
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void }
}

const storage = new AsyncLocalStorage<RequestContext>()

/** Runs the rest of a request (hooks, handler, vendor calls) with its context. */
export function runWithRequest(context: RequestContext, next: () => void): void {
  storage.run(context, next)
}

export function currentRequest(): RequestContext | undefined {
  return storage.getStore()
}

/**
 * A logger for code shared by all requests (vendor clients, breakers): each line goes to the logger of the request
 * it runs for, so it carries that request's id; outside a request, to the app's logger.
 */
export function requestAwareLogger(fallback: RequestContext['log']): RequestContext['log'] {
  const pick = () => storage.getStore()?.log ?? fallback
  return {
    info: (obj, msg) => pick().info(obj, msg),
    warn: (obj, msg) => pick().warn(obj, msg),
  }
}
