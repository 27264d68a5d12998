import { UpstreamError } from './errors.js'

/**
 * Retries of safe reads (token and ticket fetches, WeCom customer and group reads, WShoto task details).
 * Creates and deletes never come here: a Youmi create after a timeout may exist, and only a person may decide to
 * send it again (services/sends.ts marks it `unknown`).
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number
  /** The wait before the first retry; it doubles with each retry up to `maxDelayMs`. Half of each wait is random. */
  baseDelayMs: number
  maxDelayMs: number
  /** The same after a rate-limit answer (HTTP 429, WeCom 45009/45033): the vendor asked us to slow down. */
  rateLimitBaseDelayMs: number
  rateLimitMaxDelayMs: number
  /** Everything one read may take, attempts and waits included; default 2.5 × the per-call timeout. */
  deadlineMs: number
  /** A retry that would have less time than this before the deadline is not started; default half the per-call timeout. */
  minAttemptMs: number
}

export interface RetryDeps {
  /** Waits between attempts; tests pass one that only advances their clock. */
  sleep: (ms: number) => Promise<void>
  /** In [0, 1): the jitter. */
  random: () => number
  /** A monotonic clock in ms for the deadline (default `performance.now`). */
  clock: () => number
}

export const DEFAULT_RETRY = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 2_000,
  rateLimitBaseDelayMs: 1_000,
  rateLimitMaxDelayMs: 8_000,
} as const

export function retryPolicy(timeoutMs: number, overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...DEFAULT_RETRY, deadlineMs: Math.round(timeoutMs * 2.5), minAttemptMs: Math.round(timeoutMs / 2), ...overrides }
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Whether a failed read may be tried again, and how long to wait:
 * - `transient`: timeouts, resets and refused connections, HTTP 500/502/503/504, an answer that is not JSON or not
 *   the documented shape, WeCom's busy (-1);
 * - `rateLimited`: HTTP 429, WeCom 45009/45033 — retried after a longer wait;
 * - null: everything else — a 4xx refusal, a business error, a token the vendor refused (token-cache.ts handles
 *   that one), a vendor whose circuit breaker is open.
 */
export function retryClass(err: unknown): 'transient' | 'rateLimited' | null {
  if (!(err instanceof UpstreamError)) return null
  switch (err.failure) {
    case 'timeout':
    case 'reset':
    case 'unreachable':
    case 'malformed':
    case 'shape':
      return 'transient'
    case 'http': {
      const status = Number(err.details?.httpStatus)
      if (status === 429) return 'rateLimited'
      return status === 500 || status === 502 || status === 503 || status === 504 ? 'transient' : null
    }
    case 'vendor':
      if (err.retryHint === 'rateLimited') return 'rateLimited'
      return err.retryHint === 'busy' ? 'transient' : null
  }
}

/** The wait before retry `retry` (1 for the first): exponential, capped, half of it random ("equal jitter"). */
export function backoffMs(kind: 'transient' | 'rateLimited', retry: number, p: RetryPolicy, random: () => number): number {
  const base = kind === 'rateLimited' ? p.rateLimitBaseDelayMs : p.baseDelayMs
  const cap = kind === 'rateLimited' ? p.rateLimitMaxDelayMs : p.maxDelayMs
  const full = Math.min(cap, base * 2 ** (retry - 1))
  return Math.round(full / 2 + random() * (full / 2))
}

export interface RetryEvent {
  attempt: number
  delayMs: number
  err: unknown
}

/**
 * Runs `attempt` until it succeeds, fails in a way that is not worth repeating, runs out of attempts, or the
 * deadline comes. Each attempt gets the per-call timeout, cut to what is left of the deadline, so the whole read
 * never takes longer than `deadlineMs`. The last failure is what the caller sees.
 */
export async function withRetry<T>(
  attempt: (timeoutMs: number, n: number) => Promise<T>,
  o: { policy: RetryPolicy; timeoutMs: number; deps: RetryDeps; onRetry?: (e: RetryEvent) => void },
): Promise<T> {
  const { policy, deps } = o
  const deadlineAt = deps.clock() + policy.deadlineMs
  let timeoutMs = Math.floor(Math.min(o.timeoutMs, policy.deadlineMs))
  for (let n = 1; ; n++) {
    try {
      return await attempt(timeoutMs, n)
    } catch (err) {
      const kind = retryClass(err)
      if (!kind || n >= policy.maxAttempts) throw err
      const delayMs = backoffMs(kind, n, policy, deps.random)
      const left = deadlineAt - deps.clock() - delayMs
      if (left < Math.min(policy.minAttemptMs, o.timeoutMs)) throw err
      o.onRetry?.({ attempt: n, delayMs, err })
      await deps.sleep(delayMs)
      // Whole milliseconds: AbortSignal.timeout refuses fractions (the clock is performance.now).
      timeoutMs = Math.max(1, Math.floor(Math.min(o.timeoutMs, deadlineAt - deps.clock())))
    }
  }
}
