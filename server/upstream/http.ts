import { request, errors as undiciErrors, Agent, type Dispatcher } from 'undici'

export type Vendor = 'wecom' | 'youmi' | 'wshoto'

export interface UpstreamRequest {
  method: 'GET' | 'POST'
  url: string
  headers?: Record<string, string>
  /** JSON or a form as text; bytes for a multipart upload (WeCom media). */
  body?: string | Buffer
  timeoutMs: number
}

export interface UpstreamResponse {
  status: number
  text: string
  /** The vendor's `Date` header, when it sent one: the status page compares it with our clock. */
  date?: string
}

/** Injected into every vendor client so tests can replace the network. */
export type HttpClient = (req: UpstreamRequest) => Promise<UpstreamResponse>

/**
 * Why a call failed, in the terms that matter for retrying:
 * - `unreachable`: the request never left (refused, DNS) — safe to retry anything;
 * - `timeout` / `reset`: it may have reached the vendor — a create must not be repeated blindly;
 * - `http` / `malformed`: the vendor answered, but not with a usable answer.
 */
export type TransportFailure = 'unreachable' | 'timeout' | 'reset' | 'http' | 'malformed'

export class TransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message)
    this.name = 'TransportError'
  }
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])

export function createHttpClient(options: { dispatcher?: Dispatcher } = {}): HttpClient {
  // One keep-alive pool per proxy process: vendors are few and called often.
  const dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000, connections: 64 })
  return async (req) => {
    // Whole milliseconds: AbortSignal.timeout throws on a fraction.
    const timeoutMs = Math.max(1, Math.floor(req.timeoutMs))
    try {
      const res = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        dispatcher,
        signal: AbortSignal.timeout(timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      })
      // Vendors answer kilobytes; a huge body is a fault, not data to buffer.
      const text = await readLimited(res.body, 5 * 1024 * 1024)
      const date = res.headers.date
      return { status: res.statusCode, text, ...(typeof date === 'string' ? { date } : {}) }
    } catch (err) {
      throw classify(err)
    }
  }
}

async function readLimited(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += (chunk as Buffer).length
    if (size > limit) {
      body.destroy()
      throw new TransportError('malformed', `answer larger than ${limit} bytes`)
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function classify(err: unknown): TransportError {
  if (err instanceof TransportError) return err
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } }
  const code = e.code ?? e.cause?.code
  if (
    e.name === 'TimeoutError' ||
    e.name === 'AbortError' ||
    err instanceof undiciErrors.HeadersTimeoutError ||
    err instanceof undiciErrors.BodyTimeoutError
  ) {
    return new TransportError('timeout', 'no answer in time')
  }
  if (code && NOT_SENT_CODES.has(code)) return new TransportError('unreachable', `could not connect (${code})`)
  return new TransportError('reset', `connection failed (${code ?? e.name ?? 'unknown'})`)
}
