import { Agent } from 'undici'
import { expect } from 'vitest'
import { ApiError } from '../../contracts/errors.js'
import type { Vendor } from '../../server/sim/state.js'
import { createHttpClient } from '../../server/upstream/http.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { simControl } from '../helpers/demo.js'

// Shared by test/reliability/faults-*.test.ts: the real proxy (buildApp) against the real simulator, with the
// vendors' faults injected through /__sim/faults and the proxy's retry waits and jitter injected so runs are
// deterministic and fast.

/** The per-call timeout of these tests; the retry deadline is 2.5 × this (750 ms). */
export const TIMEOUT_MS = 300
/** Longer than TIMEOUT_MS: a `latency` fault is a timeout. */
export const SLOW_MS = 600

/**
 * How many calls a safe read makes before it gives up, with the production policy at TIMEOUT_MS and no jitter
 * (random() = 0, so waits are 100, 200, 400 ms and 500 ms after a rate limit; server/upstream/retry.ts):
 * - a fast failure (5xx, reset, malformed, wrong shape, busy): 3 — the 4th would start after 700 ms of a 750 ms deadline;
 * - a timeout: 2 — 300 ms + 100 ms wait + 300 ms;
 * - a rate limit: 2 — the wait after the second (1 s) passes the deadline.
 */
export const BUDGET = { fast: 3, timeout: 2, rateLimited: 2 } as const

export type FaultSpec =
  | { kind: 'latency'; latencyMs: number }
  | { kind: 'http'; status: number }
  | { kind: 'code'; code: number | string }
  | { kind: 'malformed' | 'wrongShape' | 'drop' }

export interface FaultCase {
  name: string
  fault: FaultSpec
  budget: number
  /** status and code when the fault outlasts the retries */
  fails: [number, string]
}

/** The faults every safe read is put through, with what the proxy answers once retries are used up. */
export function readFaults(prefix: 'WECOM' | 'YOUMI' | 'WSHOTO'): FaultCase[] {
  return [
    { name: 'timeout', fault: { kind: 'latency', latencyMs: SLOW_MS }, budget: BUDGET.timeout, fails: [504, `${prefix}_TIMEOUT`] },
    { name: 'connection reset', fault: { kind: 'drop' }, budget: BUDGET.fast, fails: [502, `${prefix}_UNREACHABLE`] },
    { name: 'HTTP 500', fault: { kind: 'http', status: 500 }, budget: BUDGET.fast, fails: [502, `${prefix}_HTTP_ERROR`] },
    { name: 'HTTP 502', fault: { kind: 'http', status: 502 }, budget: BUDGET.fast, fails: [502, `${prefix}_HTTP_ERROR`] },
    { name: 'HTTP 503', fault: { kind: 'http', status: 503 }, budget: BUDGET.fast, fails: [502, `${prefix}_HTTP_ERROR`] },
    { name: 'malformed JSON', fault: { kind: 'malformed' }, budget: BUDGET.fast, fails: [502, `${prefix}_BAD_RESPONSE`] },
    { name: 'JSON of the wrong shape', fault: { kind: 'wrongShape' }, budget: BUDGET.fast, fails: [502, `${prefix}_BAD_RESPONSE`] },
  ]
}

/** Codes docs/api.md lists for a vendor failure; anything else from a fault would be a broken contract. */
// (`<VENDOR>_TIMEOUT`, `_UNREACHABLE`, `_HTTP_ERROR`, `_BAD_RESPONSE`, `_ERROR`, `_RATE_LIMITED`, `WECOM_BUSY` and the named
// codes such as `WECOM_IP_NOT_TRUSTED`: all name the vendor), `VENDOR_UNAVAILABLE` and `SEND_OUTCOME_UNKNOWN`.
const DOCUMENTED = /^((WECOM|YOUMI|WSHOTO)_[A-Z][A-Z_]*|VENDOR_UNAVAILABLE|SEND_OUTCOME_UNKNOWN)$/

export interface Answer {
  statusCode: number
  headers: Record<string, string | string[] | number | undefined>
  body: string
  json(): any
}

export interface FaultRig {
  t: TestApp
  cookie: string
  /** The app's and the simulator's clock (sessions, caches, token lifetimes, breaker cool-downs). */
  advance(ms: number): void
  now(): number
  /** Every retry wait the proxy asked for, in ms (none really slept). */
  waits: number[]
  inject(vendor: Vendor, path: string, fault: FaultSpec, count: number): Promise<void>
  clearFaults(): Promise<void>
  /** Calls the simulator received on paths starting with `path` since `mark()`. */
  mark(): number
  calls(path: string, since: number): number
  close(): Promise<void>
}

export async function startFaultRig(
  o: { breaker?: { failureThreshold?: number; coolDownMs?: number; windowMs?: number } } = {},
): Promise<FaultRig> {
  let clock = Date.now()
  let slept = 0
  const waits: number[] = []
  // The proxy's own connection pool, closed before the simulator: a call cut off by a timeout can leave the
  // simulator holding a keep-alive connection it counts as busy, and its close would wait for it.
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 64 })
  const t = await startTestApp({
    http: createHttpClient({ dispatcher: agent }),
    upstreamTimeoutMs: TIMEOUT_MS,
    // Tokens and tickets live 10 minutes, so a test can let them expire without outliving its 12-hour session.
    tokenTtlSeconds: 600,
    now: () => clock,
    upstream: {
      random: () => 0,
      // Waits are not slept, but the deadline sees them: the retry clock is real time plus every wait asked for.
      sleep: async (ms) => {
        waits.push(ms)
        slept += ms
      },
      clock: () => performance.now() + slept,
      breaker: o.breaker,
    },
  })
  const cookie = await t.login('zhangwei')
  return {
    t,
    cookie,
    advance: (ms) => void (clock += ms),
    now: () => clock,
    waits,
    inject: async (vendor, path, fault, count) => void (await simControl(t.sim, 'POST', 'faults', { vendor, path, count, ...fault })),
    clearFaults: async () => void (await simControl(t.sim, 'DELETE', 'faults')),
    mark: () => t.sim.state.requests.length,
    calls: (path, since) => t.sim.state.requests.slice(since).filter((r) => r.path.startsWith(path)).length,
    close: async () => {
      await t.app.close()
      await agent.close()
      await t.sim.close()
    },
  }
}

/** What one vendor's faults did to the proxy, for the figures line. */
export class Tally {
  injected = 0
  recovered = 0
  failedCleanly = 0
  broken: string[] = []

  constructor(readonly vendor: string) {}

  /**
   * One injected fault and the proxy's answer to it. Survived: a 2xx, or a documented error code with a message
   * (never a 500, never internals), in bounded time, and the next healthy call was served (`healthy`).
   */
  record(name: string, res: Answer, ms: number, healthy: Answer): void {
    this.injected++
    const ok = res.statusCode >= 200 && res.statusCode < 300
    const clean = !ok && isDocumentedError(res)
    const served = healthy.statusCode >= 200 && healthy.statusCode < 300
    if ((ok || clean) && served && ms < 5_000) {
      if (ok) this.recovered++
      else this.failedCleanly++
      return
    }
    const what = `${name}: ${res.statusCode} ${res.body.slice(0, 160)} in ${Math.round(ms)} ms, then ${healthy.statusCode} ${healthy.body.slice(0, 160)}`
    this.broken.push(what)
    expect.fail(`the proxy broke its contract: ${what}`)
  }

  line(): string {
    const survived = this.recovered + this.failedCleanly
    return `[figures] faults: ${this.vendor} ${this.injected} injected / ${survived} survived (recovered ${this.recovered}, failed cleanly ${this.failedCleanly})`
  }
}

export function isDocumentedError(res: Answer): boolean {
  if (res.statusCode === 500) return false
  const parsed = ApiError.safeParse(safeJson(res.body))
  if (!parsed.success) return false
  if (res.statusCode >= 500 && !DOCUMENTED.test(parsed.data.code)) return false
  return parsed.data.message.length > 3 && !/undefined|\[object|stack|Error:/.test(parsed.data.message)
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Runs `call`, timing it. */
export async function timed<T>(call: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const res = await call()
  return [res, performance.now() - started]
}

export function expectError(res: Answer, status: number, code: string): void {
  expect(res.statusCode, res.body).toBe(status)
  expect(res.json().code).toBe(code)
  expect(isDocumentedError(res), res.body).toBe(true)
}
