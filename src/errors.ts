import { t } from './i18n/index.js'

// The failures the sidebar shows, in a place every layer may import: the API layer throws `ApiFailure`, and stores,
// composables and components all turn whatever they caught into words with `describeError` (components must not
// import src/api/, eslint.config.js).

/**
 * Every failure of a call to the proxy, in one shape: a stable code for the code, a message for people.
 * `status` 0 means the proxy was never reached.
 */
export class ApiFailure extends Error {
  /** When it happened, for the error report. */
  readonly at = new Date()

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The answer's `X-Request-Id`: the proxy's log lines of this request carry it. */
    readonly requestId?: string,
  ) {
    super(message)
    this.name = 'ApiFailure'
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

/**
 * What 「复制错误信息」 copies from an error screen: what an admin needs to find the failure in the proxy's log —
 * the code and request id of the failure on screen (the last call to the proxy, when its message is the one shown),
 * the time, the page's host and the sidebar's version. Nothing secret: no cookie, no token, no customer data.
 */
export function errorReport(shown: string, now = new Date()): string {
  const failure = last && last.message === shown ? last : null
  return [
    `错误：${shown}`,
    `错误码：${failure?.code ?? '—'}`,
    `请求 ID：${failure?.requestId ?? '—'}`,
    `时间：${(failure?.at ?? now).toISOString()}`,
    `地址：${location.host}${location.pathname}`,
    `版本：${typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev'}`,
  ].join('\n')
}

/** A message a person can read for anything a store, a composable or a component caught. */
export function describeError(err: unknown): string {
  if (err instanceof ApiFailure) return err.message
  if (err instanceof Error && err.message) return err.message
  return t('common.errors.unknown')
}

/**
 * Whether trying the same request again can help: the proxy was not reached, timed out, was busy, or a vendor was
 * down (5xx, 408, 429). A 4xx refusal (a past schedule, a file too large, a missing permission) fails the same way
 * again, so no 重试 is offered for it: the message says what to change instead.
 */
export function canRetry(err: unknown): boolean {
  if (!(err instanceof ApiFailure)) return true
  return err.status === 0 || err.status >= 500 || err.status === 408 || err.status === 429
}
