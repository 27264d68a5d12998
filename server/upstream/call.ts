import type { z } from 'zod'
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerOptions } from './breaker.js'
import { TransportError, type HttpClient, type UpstreamRequest, type Vendor } from './http.js'
import { badShape, fromTransport, UpstreamError } from './errors.js'
import { realSleep, retryPolicy, withRetry, type RetryDeps, type RetryPolicy } from './retry.js'

export interface UpstreamLogger {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
}

/** Tuning of retries and circuit breakers; every field has a production default (docs/api.md, "When a vendor fails"). */
export interface ResilienceOptions {
  retry?: Partial<RetryPolicy>
  breaker?: Partial<BreakerOptions>
  sleep?: RetryDeps['sleep']
  random?: RetryDeps['random']
  /** Monotonic ms clock for retry deadlines (default `performance.now`); the breaker follows the app's `now`. */
  clock?: RetryDeps['clock']
}

/** One vendor's circuit breaker and retry settings, shared by every call to that vendor. */
export interface VendorGuard {
  breaker: CircuitBreaker
  retry: RetryPolicy
  retryDeps: RetryDeps
}

/** One vendor round trip, as it ended: for metrics and the admins' status page (server/services/status/). */
export interface UpstreamCallEvent {
  vendor: Vendor
  op: string
  ms: number
  /** `ok`, or the product error code (`WECOM_IP_NOT_TRUSTED`, `WSHOTO_TIMEOUT`, …). */
  outcome: string
  /**
   * The HTTP status the proxy answers for it: 4xx for the vendor's plain "no" about the request (no such customer, a
   * used login code), 5xx for a failure of the vendor or of our set-up with it.
   */
  status?: number
  vendorCode?: unknown
  httpStatus?: number
  /** The product message of a failure (never the vendor's URL or body). */
  message?: string
  /** The vendor's `Date` header. */
  vendorDate?: string
}

export interface UpstreamDeps {
  http: HttpClient
  timeoutMs: number
  log: UpstreamLogger
  /** Told of every round trip after it ended (metrics, the status page); must not throw. */
  observe?: (event: UpstreamCallEvent) => void
  /** Without one (a client's own unit test), calls are neither retried nor guarded by a breaker. */
  guard?: VendorGuard
}

export function createGuard(
  vendor: Vendor,
  o: { timeoutMs: number; log: UpstreamLogger; now?: () => number; resilience?: ResilienceOptions },
): VendorGuard {
  const r = o.resilience ?? {}
  return {
    breaker: new CircuitBreaker(vendor, { ...DEFAULT_BREAKER, ...r.breaker }, o.now ?? Date.now, o.log),
    retry: retryPolicy(o.timeoutMs, r.retry),
    retryDeps: { sleep: r.sleep ?? realSleep, random: r.random ?? Math.random, clock: r.clock ?? (() => performance.now()) },
  }
}

export interface JsonCall {
  vendor: Vendor
  /** A name for logs and messages, never the URL: URLs carry tokens in their query. */
  op: string
  method: UpstreamRequest['method']
  url: string
  headers?: Record<string, string>
  body?: string | Buffer
  /** Statuses whose body is still the vendor's JSON answer (e.g. OAuth errors come with 400). */
  acceptStatus?: (status: number) => boolean
  /**
   * A safe read (token, ticket, customer, group, task detail): repeated after a transient failure within the
   * deadline (retry.ts). Never set on a create or a delete, nor on a call that consumes something (an OAuth code).
   */
  retry?: boolean
}

/**
 * A vendor call: through the vendor's circuit breaker, repeated when it is a safe read that failed transiently.
 * Every failure leaves as an UpstreamError in product words, or a VendorUnavailableError while the breaker is open.
 */
export async function callJson<S extends z.ZodType>(
  deps: UpstreamDeps,
  call: JsonCall,
  schema: S,
  /**
   * Throws the vendor's own error codes before the answer is held to the success schema
   * (error answers have another shape), inside the timing so the log line says how the call really ended.
   */
  check?: (raw: unknown) => void,
): Promise<z.infer<S>> {
  const guard = deps.guard
  if (!call.retry || !guard) return roundTrip(deps, call, deps.timeoutMs, 1, schema, check)
  return withRetry((timeoutMs, attempt) => roundTrip(deps, call, timeoutMs, attempt, schema, check), {
    policy: guard.retry,
    timeoutMs: deps.timeoutMs,
    deps: guard.retryDeps,
    onRetry: (e) =>
      deps.log.info(
        {
          vendor: call.vendor,
          op: call.op,
          attempt: e.attempt,
          delayMs: e.delayMs,
          outcome: e.err instanceof UpstreamError ? e.err.code : 'error',
        },
        'upstream call will be retried',
      ),
  })
}

/** One vendor round trip: breaker, timeout, JSON parsing, zod validation, and one log line with duration and outcome. */
async function roundTrip<S extends z.ZodType>(
  deps: UpstreamDeps,
  call: JsonCall,
  timeoutMs: number,
  attempt: number,
  schema: S,
  check?: (raw: unknown) => void,
): Promise<z.infer<S>> {
  const breaker = deps.guard?.breaker
  // Throws at once while the vendor's breaker is open: nothing is sent, nothing is logged as a call.
  const probe = breaker?.admit() ?? false
  const started = performance.now()
  let outcome = 'ok'
  let status: number | undefined
  let vendorCode: unknown
  let failure: unknown
  let vendorDate: string | undefined
  try {
    const res = await deps.http({ method: call.method, url: call.url, headers: call.headers, body: call.body, timeoutMs })
    status = res.status
    vendorDate = res.date
    const accepted = (res.status >= 200 && res.status < 300) || call.acceptStatus?.(res.status)
    if (!accepted) throw new TransportError('http', `HTTP ${res.status}`, res.status)
    let json: unknown
    try {
      json = JSON.parse(res.text)
    } catch {
      throw new TransportError('malformed', 'answer is not JSON')
    }
    check?.(json)
    const parsed = schema.safeParse(json)
    if (!parsed.success) {
      throw badShape(call.vendor, call.op, describeIssue(parsed.error.issues[0]))
    }
    return parsed.data
  } catch (err) {
    const mapped = err instanceof TransportError ? fromTransport(call.vendor, call.op, err) : err
    outcome = mapped instanceof UpstreamError ? mapped.code : 'error'
    if (mapped instanceof UpstreamError) vendorCode = mapped.details?.vendorCode
    failure = mapped
    throw mapped
  } finally {
    breaker?.record(failure, probe)
    const ms = Math.round(performance.now() - started)
    const line = { vendor: call.vendor, op: call.op, ms, outcome, httpStatus: status, vendorCode, ...(attempt > 1 ? { attempt } : {}) }
    if (outcome === 'ok') deps.log.info(line, 'upstream call')
    else deps.log.warn(line, 'upstream call failed')
    deps.observe?.({
      vendor: call.vendor,
      op: call.op,
      ms,
      outcome,
      vendorCode,
      httpStatus: status,
      vendorDate,
      ...(failure instanceof Error ? { message: failure.message } : {}),
      ...(failure instanceof UpstreamError ? { status: failure.status } : {}),
    })
  }
}

/** An admin reads this: say which field, not zod's wording. */
function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return '格式不对'
  const field = issue.path.join('.') || '整个应答'
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `缺少字段 ${field}`
  return `字段 ${field} 的值不对`
}
