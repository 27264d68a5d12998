import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** Breaker states as numbers a dashboard can plot: 0 closed, 1 half-open (probing), 2 open. */
export const BREAKER_STATE_VALUE = { closed: 0, halfOpen: 1, open: 2 } as const

// Latency buckets in seconds: vendor calls take 50 ms – 5 s (UPSTREAM_TIMEOUT_MS), our own answers a few ms.
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const VENDOR_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30]

/**
 * Every series the proxy exports, on a registry of its own (one per app, so tests do not share counts). Generic on
 * purpose: code that counts something calls `metrics.<name>.inc({ … })` and knows nothing of Prometheus.
 * Their names are listed in `METRIC_NAMES`; docs/grafana-dashboard.json may use only those (a test holds it).
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry()
  const registers = [registry]
  const breakers: Array<{ vendor: string; status: keyof typeof BREAKER_STATE_VALUE }> = []
  const metrics = {
    registry,
    httpRequests: new Counter({
      name: 'sidebar_http_requests_total',
      help: 'Answers of the proxy by route (as registered) and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'sidebar_http_request_duration_seconds',
      help: 'Time to answer, by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: HTTP_BUCKETS,
      registers,
    }),
    vendorCalls: new Counter({
      name: 'sidebar_vendor_calls_total',
      help: 'Vendor round trips by vendor, operation and outcome (ok or the error code)',
      labelNames: ['vendor', 'operation', 'outcome'] as const,
      registers,
    }),
    vendorDuration: new Histogram({
      name: 'sidebar_vendor_call_duration_seconds',
      help: 'Vendor round-trip time by vendor, operation and outcome',
      labelNames: ['vendor', 'operation', 'outcome'] as const,
      buckets: VENDOR_BUCKETS,
      registers,
    }),
    tokenFetches: new Counter({
      name: 'sidebar_vendor_token_fetches_total',
      help: 'Access token and JS-SDK ticket fetches by vendor, kind (token, corp_ticket, agent_ticket) and outcome',
      labelNames: ['vendor', 'kind', 'outcome'] as const,
      registers,
    }),
    breakerState: new Gauge({
      name: 'sidebar_vendor_breaker_state',
      help: 'Circuit breaker per vendor: 0 closed, 1 half-open, 2 open',
      labelNames: ['vendor'] as const,
      registers,
      // Read when scraped, from the breakers themselves: nothing to keep in step.
      collect() {
        for (const b of breakers) this.set({ vendor: b.vendor }, BREAKER_STATE_VALUE[b.status])
      },
    }),
    /** The breakers the gauge above reports (one per vendor client). */
    watchBreakers(list: Array<{ vendor: string; status: keyof typeof BREAKER_STATE_VALUE }>) {
      breakers.push(...list)
    },
    sends: new Counter({
      name: 'sidebar_sends_total',
      help: 'Sends by channel (chat, rpa) and the status they reached',
      labelNames: ['channel', 'status'] as const,
      registers,
    }),
    reachCache: new Counter({
      name: 'sidebar_reach_cache_total',
      help: 'Campaign reach answers by cache result (hit, miss, stale)',
      labelNames: ['result'] as const,
      registers,
    }),
    rateLimited: new Counter({
      name: 'sidebar_rate_limit_refusals_total',
      help: 'Requests refused 429 RATE_LIMITED, by route',
      labelNames: ['route'] as const,
      registers,
    }),
  }
  // Zero samples from the start, so a dashboard shows 0 rather than "no data" before the first one.
  for (const result of ['hit', 'miss']) metrics.reachCache.inc({ result }, 0)
  // The event-loop delay is sampled every 100 ms rather than prom-client's 10: a timer every 10 ms kept an idle
  // proxy at about 8 ms of CPU a second (1 ms at 100 ms), and the stalls an admin looks for last longer than that.
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 })
  return metrics
}

export type Metrics = ReturnType<typeof createMetrics>

/** The series names the proxy's own code exports (default process metrics aside). */
export const METRIC_NAMES = [
  'sidebar_http_requests_total',
  'sidebar_http_request_duration_seconds',
  'sidebar_vendor_calls_total',
  'sidebar_vendor_call_duration_seconds',
  'sidebar_vendor_token_fetches_total',
  'sidebar_vendor_breaker_state',
  'sidebar_sends_total',
  'sidebar_reach_cache_total',
  'sidebar_rate_limit_refusals_total',
] as const
