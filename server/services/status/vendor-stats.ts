import type { UpstreamCallEvent } from '../../upstream/call.js'
import type { Vendor } from '../../upstream/http.js'

const HOUR_MS = 3600_000
/** A bound on what one process keeps: at most this many calls per vendor in the window (older ones drop first). */
const MAX_EVENTS = 20_000

interface Recorded {
  at: number
  outcome: string
  vendorCode?: string
}

export interface LastFailure {
  at: number
  op: string
  code: string
  vendorCode?: string
  message: string
}

/**
 * The last hour of vendor calls of this process, from the round trips' events (server/upstream/call.ts): counts by
 * outcome, the last failure, and the vendor's clock as its `Date` header last said. In memory: each instance
 * keeps its own, a restart starts afresh.
 */
export class VendorStats {
  private readonly calls: Record<Vendor, Recorded[]> = { wecom: [], youmi: [], wshoto: [] }
  private readonly last: Partial<Record<Vendor, LastFailure>> = {}
  private readonly clock: Partial<Record<Vendor, { ours: number; theirs: number }>> = {}

  constructor(private readonly now: () => number) {}

  record(e: UpstreamCallEvent): void {
    const at = this.now()
    const list = this.calls[e.vendor]
    const vendorCode = e.vendorCode === undefined || e.vendorCode === null ? undefined : String(e.vendorCode)
    // A vendor's "no such customer" is an answer about the request, not something an admin fixes: it counts as a call.
    const failed = e.outcome !== 'ok' && (e.status ?? 502) >= 500
    list.push({ at, outcome: failed ? e.outcome : 'ok', vendorCode: failed ? vendorCode : undefined })
    if (list.length > MAX_EVENTS) list.splice(0, list.length - MAX_EVENTS)
    if (failed) this.last[e.vendor] = { at, op: e.op, code: e.outcome, vendorCode, message: e.message ?? e.outcome }
    const theirs = e.vendorDate ? Date.parse(e.vendorDate) : NaN
    if (!Number.isNaN(theirs)) this.clock[e.vendor] = { ours: at, theirs }
  }

  lastHour(vendor: Vendor) {
    const since = this.now() - HOUR_MS
    const list = this.calls[vendor]
    const firstFresh = list.findIndex((c) => c.at >= since)
    list.splice(0, firstFresh === -1 ? list.length : firstFresh)
    const byCode = new Map<string, { code: string; vendorCode?: string; count: number }>()
    for (const c of list) {
      if (c.outcome === 'ok') continue
      const key = `${c.outcome}|${c.vendorCode ?? ''}`
      const entry = byCode.get(key) ?? { code: c.outcome, ...(c.vendorCode ? { vendorCode: c.vendorCode } : {}), count: 0 }
      entry.count++
      byCode.set(key, entry)
    }
    const failures = [...byCode.values()].reduce((n, e) => n + e.count, 0)
    return { calls: list.length, failures, byCode: [...byCode.values()].sort((a, b) => b.count - a.count) }
  }

  lastFailure(vendor: Vendor): LastFailure | undefined {
    return this.last[vendor]
  }

  /**
   * Our clock minus the vendor's, in seconds, from its last `Date` header. The header has whole seconds and left the
   * vendor before the answer crossed the network: within ±2 s is "the same time".
   */
  clockSkewSeconds(vendor: Vendor): number | null {
    const c = this.clock[vendor]
    return c ? Math.round((c.ours - c.theirs) / 1000) : null
  }
}
