import { callJson, createGuard, type ResilienceOptions, type UpstreamDeps } from '../call.js'
import { UpstreamError } from '../errors.js'
import { TokenCache, type SharedCredentials } from '../token-cache.js'
import { WSHOTO_TOKEN_INVALID, wshotoError } from './errors.js'
import { WshotoEnvelopeHead, WshotoTaskDetailAnswer, WshotoTokenData, wshotoEnvelope, type WshotoTaskDetail } from './schemas.js'

export interface WshotoClientOptions extends UpstreamDeps {
  appId: string
  appSecret: string
  apiBase: string
  now?: () => number
  resilience?: ResilienceOptions
  /** The cluster's copy of the token (absent: this process alone). */
  credentials?: SharedCredentials
}

const isTokenInvalid = (err: unknown) =>
  err instanceof UpstreamError && err.vendor === 'wshoto' && WSHOTO_TOKEN_INVALID.has(Number(err.details?.vendorCode))

function throwOnCode(op: string) {
  return (raw: unknown) => {
    const head = WshotoEnvelopeHead.safeParse(raw)
    if (head.success && head.data.code !== 0) throw wshotoError(op, head.data.code, head.data.msg)
  }
}

/** WShoto open API: both calls are reads, retried after transient failures; one circuit breaker guards them. */
export class WshotoClient {
  readonly token: TokenCache
  private readonly up: UpstreamDeps

  /** This vendor's circuit breaker (shared by all its calls): the status page and the metrics read its state. */
  get breaker() {
    return this.up.guard!.breaker
  }

  constructor(private readonly o: WshotoClientOptions) {
    const up = (this.up = { ...o, guard: o.guard ?? createGuard('wshoto', o) })
    this.token = new TokenCache({
      now: o.now,
      shared: o.credentials && { credentials: o.credentials, name: `wshoto access_token ${o.appId} ${o.apiBase}` },
      fetch: async () => {
        const q = new URLSearchParams({ appid: o.appId, app_secret: o.appSecret })
        const a = await callJson(
          up,
          { vendor: 'wshoto', op: 'access_token', method: 'GET', url: `${o.apiBase}/openapi/access_token?${q.toString()}`, retry: true },
          wshotoEnvelope(WshotoTokenData),
          throwOnCode('access_token'),
        )
        if (!a.data) throw wshotoError('access_token', a.code, 'no token in the answer')
        return { value: a.data.access_token, expiresInSeconds: a.data.expires_in }
      },
    })
  }

  /** The seed's 获取群发任务详情; `null` data on success is treated as "no such task". */
  async getTaskDetail(taskId: number): Promise<WshotoTaskDetail> {
    const op = 'get_mass_task_detail'
    const a = await this.token.use(
      (token) =>
        callJson(
          this.up,
          {
            vendor: 'wshoto',
            op,
            method: 'POST',
            url: `${this.o.apiBase}/openapi/mass_send/corp/get_mass_task_detail?access_token=${encodeURIComponent(token)}`,
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ task_id: taskId }),
            retry: true,
          },
          WshotoTaskDetailAnswer,
          throwOnCode(op),
        ),
      isTokenInvalid,
    )
    if (!a.data) throw wshotoError(op, 40004, 'data is null')
    return a.data
  }
}
