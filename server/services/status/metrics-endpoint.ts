import { createHash, timingSafeEqual } from 'node:crypto'
import type { Metrics } from '../../observe/metrics.js'

const digest = (text: string) => createHash('sha256').update(text).digest()

/** `GET /metrics` on the app's own port: served only with METRICS_TOKEN set, to the bearer of that token. */
export class MetricsEndpoint {
  private readonly expected: Buffer | undefined

  constructor(
    private readonly metrics: Metrics,
    token: string | undefined,
  ) {
    this.expected = token ? digest(token) : undefined
  }

  get enabled(): boolean {
    return this.expected !== undefined
  }

  /** The `Authorization` header names the token (compared in constant time, as digests of equal length). */
  allows(authorization: string | undefined): boolean {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')
    return !!(this.expected && m && timingSafeEqual(digest(m[1]!), this.expected))
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.metrics.registry.contentType, body: await this.metrics.registry.metrics() }
  }
}
