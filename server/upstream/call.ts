import type { z } from 'zod'
import { TransportError, type HttpClient, type UpstreamRequest, type Vendor } from './http.js'
import { badShape, fromTransport, UpstreamError } from './errors.js'

export interface UpstreamLogger {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
}

export interface UpstreamDeps {
  http: HttpClient
  timeoutMs: number
  log: UpstreamLogger
}

export interface JsonCall {
  vendor: Vendor
  /** A name for logs and messages, never the URL: URLs carry tokens in their query. */
  op: string
  method: UpstreamRequest['method']
  url: string
  headers?: Record<string, string>
  body?: string
  /** Statuses whose body is still the vendor's JSON answer (e.g. OAuth errors come with 400). */
  acceptStatus?: (status: number) => boolean
}

/**
 * One vendor round trip: timeout, JSON parsing, zod validation, and one log line with duration and outcome.
 * Every failure leaves as an UpstreamError in product words.
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
  const started = performance.now()
  let outcome = 'ok'
  let status: number | undefined
  let vendorCode: unknown
  try {
    const res = await deps.http({ method: call.method, url: call.url, headers: call.headers, body: call.body, timeoutMs: deps.timeoutMs })
    status = res.status
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
    throw mapped
  } finally {
    const ms = Math.round(performance.now() - started)
    const line = { vendor: call.vendor, op: call.op, ms, outcome, httpStatus: status, vendorCode }
    if (outcome === 'ok') deps.log.info(line, 'upstream call')
    else deps.log.warn(line, 'upstream call failed')
  }
}

/** An admin reads this: say which field, not zod's wording. */
function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return '格式不对'
  const field = issue.path.join('.') || '整个应答'
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `缺少字段 ${field}`
  return `字段 ${field} 的值不对`
}
