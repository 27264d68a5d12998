import type { z } from 'zod'
import { callJson, createGuard, type ResilienceOptions, type UpstreamDeps } from '../call.js'
import { UpstreamError, vendorCode } from '../errors.js'
import { TokenCache, type SharedCredentials } from '../token-cache.js'
import { YOUMI_OK, YOUMI_TOKEN_INVALID, youmiError } from './errors.js'
import { YoumiDeleteAnswer, YoumiEnvelope, YoumiSaveAnswer, YoumiTokenAnswer, YoumiTokenError, type YoumiSaveBody } from './schemas.js'

export interface YoumiClientOptions extends UpstreamDeps {
  clientId: string
  clientSecret: string
  tenantId: string
  scope: string
  apiBase: string
  tokenUrl: string
  deletePath: string
  now?: () => number
  resilience?: ResilienceOptions
  /** The cluster's copy of the token (absent: this process alone). */
  credentials?: SharedCredentials
}

/**
 * 10003 is Youmi's documented token-invalid code. Its token server is a stock OAuth2 server, so the API may also
 * refuse a dead token with a bare HTTP 401: both mean "refused, nothing done", so a fresh token and one retry are safe.
 */
const isTokenInvalid = (err: unknown) =>
  err instanceof UpstreamError &&
  err.vendor === 'youmi' &&
  (err.details?.vendorCode === YOUMI_TOKEN_INVALID || (err.code === 'YOUMI_HTTP_ERROR' && err.details?.httpStatus === 401))

function throwOnEnvelope(op: string) {
  return (raw: unknown) => {
    const env = YoumiEnvelope.safeParse(raw)
    if (env.success && (!env.data.succeed || !YOUMI_OK.has(env.data.errmsg))) throw youmiError(op, env.data.errmsg, env.data.errdesc ?? '')
  }
}

/**
 * Youmi open API v2 for one tenant. Only the token fetch is retried after transient failures; a create or a delete
 * never is (see saveBulkSendTask). The circuit breaker refuses every call, creates included, while Youmi is down:
 * a create refused that way never left, so the send is plainly `failed` and safe to try again.
 */
export class YoumiClient {
  readonly token: TokenCache
  private readonly up: UpstreamDeps

  /** This vendor's circuit breaker (shared by all its calls): the status page and the metrics read its state. */
  get breaker() {
    return this.up.guard!.breaker
  }

  constructor(private readonly o: YoumiClientOptions) {
    const up = (this.up = { ...o, guard: o.guard ?? createGuard('youmi', o) })
    this.token = new TokenCache({
      now: o.now,
      shared: o.credentials && { credentials: o.credentials, name: `youmi token ${o.clientId} ${o.scope} ${o.tokenUrl}` },
      fetch: async () => {
        const body = new URLSearchParams({
          client_id: o.clientId,
          client_secret: o.clientSecret,
          scope: o.scope,
          grant_type: 'client_credentials',
        })
        const a = await callJson(
          up,
          {
            vendor: 'youmi',
            op: 'token',
            method: 'POST',
            url: o.tokenUrl,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: body.toString(),
            retry: true,
            // OAuth2 servers answer refusals with 400/401 and a JSON `error`.
            acceptStatus: (s) => s === 400 || s === 401,
          },
          YoumiTokenAnswer,
          (raw) => {
            const e = YoumiTokenError.safeParse(raw)
            if (e.success) {
              throw vendorCode('youmi', 'token', e.data.error, e.data.error_description ?? '', {
                code: 'YOUMI_CREDENTIALS_INVALID',
                message: `友米拒绝了接口凭证（${e.data.error}）：请管理员检查 YOUMI_CLIENT_ID、YOUMI_CLIENT_SECRET 与 YOUMI_SCOPE。`,
              })
            }
          },
        )
        return { value: a.access_token, expiresInSeconds: a.expires_in }
      },
    })
  }

  /**
   * Creates a bulk-send task and answers its id. Retried only after a token-invalid answer (the vendor refused it,
   * so nothing was created); every other failure goes back to the caller, which decides whether the send may be repeated.
   */
  async saveBulkSendTask(body: YoumiSaveBody): Promise<number> {
    const a = await this.post('SaveBulkSendTask', '/v2/BulkSend/SaveBulkSendTask', body, YoumiSaveAnswer)
    return a.values
  }

  async deleteBulkSendTask(taskId: number): Promise<void> {
    await this.post('DeleteBulkSendTask', this.o.deletePath, { id: taskId }, YoumiDeleteAnswer)
  }

  private post<S extends z.ZodType>(op: string, path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    return this.token.use(
      (token) =>
        callJson(
          this.up,
          {
            vendor: 'youmi',
            op,
            // A create or a delete that timed out may have happened: never repeated here.
            retry: false,
            method: 'POST',
            url: `${this.o.apiBase}${path}`,
            headers: { Authorization: `Bearer ${token}`, TenantId: this.o.tenantId, 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          },
          schema,
          throwOnEnvelope(op),
        ),
      isTokenInvalid,
    )
  }
}
