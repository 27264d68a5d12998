import { UpstreamError, VendorUnavailableError } from './errors.js'
import type { Vendor } from './http.js'

export interface BreakerOptions {
  /** Consecutive "vendor is down" failures that open the breaker. */
  failureThreshold: number
  /** Failures further apart than this do not add up: a count starts again when its first failure is older. */
  windowMs: number
  /** How long an open breaker refuses calls before it lets one probe through. */
  coolDownMs: number
}

export const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 5, windowMs: 30_000, coolDownMs: 15_000 }

export interface BreakerLogger {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
}

/**
 * A failure that says the vendor itself is in trouble: no answer in time, a dropped or refused connection, an HTTP
 * 5xx, an answer we cannot read. A refusal (4xx), a business error, a rate limit or "busy" are answers: the vendor is
 * up and talking, so they never open the breaker.
 */
export function isVendorDown(err: unknown): boolean {
  if (!(err instanceof UpstreamError)) return false
  switch (err.failure) {
    case 'timeout':
    case 'reset':
    case 'unreachable':
    case 'malformed':
    case 'shape':
      return true
    case 'http':
      return Number(err.details?.httpStatus) >= 500
    case 'vendor':
      return false
  }
}

type State = { kind: 'closed'; failures: number; firstAt: number } | { kind: 'open'; since: number } | { kind: 'halfOpen' }

/**
 * One per vendor. Closed: calls go through and consecutive "down" failures are counted. Open (after
 * `failureThreshold` of them within `windowMs`): calls fail at once with 503 VENDOR_UNAVAILABLE, without touching
 * the network. After `coolDownMs` the next call is let through as a probe (half-open; others still fail fast):
 * an answer closes the breaker, another "down" failure opens it again.
 */
export class CircuitBreaker {
  private state: State = { kind: 'closed', failures: 0, firstAt: 0 }

  constructor(
    readonly vendor: Vendor,
    private readonly options: BreakerOptions,
    private readonly now: () => number,
    private readonly log: BreakerLogger,
  ) {}

  get status(): 'closed' | 'open' | 'halfOpen' {
    return this.state.kind
  }

  /** Before a call: throws VendorUnavailableError while open. Answers whether this call is the half-open probe. */
  admit(): boolean {
    const s = this.state
    if (s.kind === 'closed') return false
    if (s.kind === 'halfOpen') throw new VendorUnavailableError(this.vendor, 1000)
    const waited = this.now() - s.since
    if (waited < this.options.coolDownMs) throw new VendorUnavailableError(this.vendor, this.options.coolDownMs - waited)
    this.state = { kind: 'halfOpen' }
    return true
  }

  /** After a call that `admit` let through: what came back (undefined for success). */
  record(err: unknown, probe: boolean): void {
    const down = err !== undefined && isVendorDown(err)
    if (probe) {
      if (down) return this.open(1, true)
      this.state = { kind: 'closed', failures: 0, firstAt: 0 }
      this.log.info({ vendor: this.vendor }, 'circuit breaker closed: the vendor answered the probe')
      return
    }
    const s = this.state
    // A call let through before the breaker opened, ending late: it changes nothing.
    if (s.kind !== 'closed') return
    if (!down) {
      this.state = { kind: 'closed', failures: 0, firstAt: 0 }
      return
    }
    const now = this.now()
    const fresh = s.failures === 0 || now - s.firstAt > this.options.windowMs
    const failures = fresh ? 1 : s.failures + 1
    if (failures >= this.options.failureThreshold) return this.open(failures, false)
    this.state = { kind: 'closed', failures, firstAt: fresh ? now : s.firstAt }
  }

  private open(failures: number, afterProbe: boolean): void {
    this.state = { kind: 'open', since: this.now() }
    this.log.warn(
      { vendor: this.vendor, failures, coolDownMs: this.options.coolDownMs, afterProbe },
      afterProbe ? 'circuit breaker opened again: the probe failed' : 'circuit breaker opened: the vendor failed repeatedly',
    )
  }
}
