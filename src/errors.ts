import { t } from './i18n/index.js'

// The failures the sidebar shows, in a place every layer may import: the API layer throws `ApiFailure`, and stores,
// composables and components all turn whatever they caught into words with `describeError` (components must not
// import src/api/, eslint.config.js).

/**
 * Every failure of a call to the proxy, in one shape: a stable code for the code, a message for people.
 * `status` 0 means the proxy was never reached.
 */
export class ApiFailure extends Error {
  // Fields assigned in the constructor, not declared as class fields: for the es2020 build target a class field
  // becomes a defineProperty helper in the first chunk (docs/performance.md).
  /** When it happened, for the error report. */
  declare readonly at: Date
  declare readonly status: number
  declare readonly code: string
  /** The answer's `X-Request-Id`: the proxy's log lines of this request carry it. */
  declare readonly requestId?: string

  constructor(status: number, code: string, message: string, requestId?: string) {
    super(message)
    this.name = 'ApiFailure'
    this.at = new Date()
    this.status = status
    this.code = code
    this.requestId = requestId
  }

  get isSessionExpired(): boolean {
    return this.status === 401
  }
}

let last: ApiFailure | null = null

/** The API layer tells of each failure it throws: the error report names the last one (below). */
export function noteFailure<F extends ApiFailure>(failure: F): F {
  last = failure
  return failure
}

/** The last failure the API layer threw, for the error report (src/errorReport.ts, loaded on the first copy). */
export const lastFailure = () => last

/** A message a person can read for anything a store, a composable or a component caught. */
export function describeError(err: unknown): string {
  if (err instanceof ApiFailure) return err.message
  if (err instanceof Error && err.message) return err.message
  return t('common.errors.unknown')
}

/**
 * A failure as a store keeps it for a screen: its words, and the status and code the one retry rule (`canRetry`)
 * reads. Plain data, so a store can hold it reactively and a test can write one.
 */
export interface Failure {
  /** HTTP status; 0 when the proxy was never reached (or the failure was not the proxy's). */
  status: number
  code: string
  message: string
}

export function failureOf(err: unknown): Failure {
  if (err instanceof ApiFailure) return { status: err.status, code: err.code, message: err.message }
  return { status: 0, code: 'UNKNOWN', message: describeError(err) }
}

/** 409s that only say "not now": the proxy's own words ask to try again (docs/api.md). */
const RETRY_CODES = new Set(['SEND_BUSY'])

/**
 * The one rule for every 重试 the sidebar and the admin pages offer: trying the same request again can help only
 * when the proxy was not reached, timed out, was busy or rate-limited us, or a vendor was down (0, 408, 429, 5xx —
 * VENDOR_UNAVAILABLE, <VENDOR>_TIMEOUT, SHUTTING_DOWN …). A refusal (400 validation, 403 NOT_YOUR_CONTACT or
 * WRONG_HOST, 404 not found, 413 too large …) fails the same way again, so no 重试 is offered for it: the screen says
 * what to do instead (`insteadOfRetry`, src/recovery.ts). Anything that is not an answer of the proxy counts as a passing failure.
 */
export function canRetry(err: unknown): boolean {
  const f = err instanceof ApiFailure ? err : isFailure(err) ? err : null
  if (!f) return true
  return f.status === 0 || f.status >= 500 || f.status === 408 || f.status === 429 || RETRY_CODES.has(f.code)
}

export function isFailure(err: unknown): err is Failure {
  return typeof err === 'object' && err !== null && typeof (err as Failure).status === 'number' && typeof (err as Failure).code === 'string'
}
