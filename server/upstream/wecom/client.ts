import { randomBytes } from 'node:crypto'
import type { z } from 'zod'
import { callJson, createGuard, type ResilienceOptions, type UpstreamDeps } from '../call.js'
import { UpstreamError } from '../errors.js'
import { retryPolicy } from '../retry.js'
import { TokenCache, type SharedCredentials } from '../token-cache.js'
import { WECOM_NAME_WITHHELD, WECOM_TOKEN_INVALID, wecomError } from './errors.js'
import {
  WecomDepartmentListAnswer,
  WecomEnvelope,
  WecomExternalContactAnswer,
  WecomGroupChatAnswer,
  WecomMediaUploadAnswer,
  WecomTicketAnswer,
  WecomTokenAnswer,
  WecomUserAnswer,
  WecomUserInfo,
} from './schemas.js'

export interface WecomClientOptions extends UpstreamDeps {
  corpId: string
  agentId: string
  secret: string
  apiBase: string
  oauthBase: string
  /** Where 企业微信扫码登录 lives (login.work.weixin.qq.com). */
  loginBase: string
  now?: () => number
  resilience?: ResilienceOptions
  /** The cluster's copy of the token and tickets (absent: this process alone). */
  credentials?: SharedCredentials
}

/** An upload carries up to 20 MB, not a few hundred bytes of JSON: it gets this many times the per-call timeout. */
const UPLOAD_TIMEOUT_FACTOR = 4

const isTokenInvalid = (err: unknown) =>
  err instanceof UpstreamError && err.vendor === 'wecom' && WECOM_TOKEN_INVALID.has(Number(err.details?.vendorCode))

const isNameWithheld = (err: unknown) =>
  err instanceof UpstreamError && err.vendor === 'wecom' && WECOM_NAME_WITHHELD.has(Number(err.details?.vendorCode))

function throwOnErrcode(op: string) {
  return (raw: unknown) => {
    const env = WecomEnvelope.safeParse(raw)
    if (env.success && env.data.errcode !== undefined && env.data.errcode !== 0)
      throw wecomError(op, env.data.errcode, env.data.errmsg ?? '')
  }
}

/**
 * WeCom server API for one app (corp id + agent secret): one access token, one corp ticket, one agent ticket.
 * Token, ticket, customer and group reads are retried after transient failures; the OAuth code exchange is not
 * (a code works once: a second try after a lost answer could only fail). One circuit breaker guards every call.
 */
export class WecomClient {
  readonly token: TokenCache
  readonly corpTicket: TokenCache
  readonly agentTicket: TokenCache
  private readonly up: UpstreamDeps
  private readonly upload: UpstreamDeps

  /** This vendor's circuit breaker (shared by all its calls): the status page and the metrics read its state. */
  get breaker() {
    return this.up.guard!.breaker
  }

  constructor(private readonly o: WecomClientOptions) {
    const up = (this.up = { ...o, guard: o.guard ?? createGuard('wecom', o) })
    // The same breaker (one WeCom), a longer timeout and a retry deadline to match it.
    const uploadTimeoutMs = o.timeoutMs * UPLOAD_TIMEOUT_FACTOR
    this.upload = { ...up, timeoutMs: uploadTimeoutMs, guard: { ...up.guard!, retry: retryPolicy(uploadTimeoutMs, o.resilience?.retry) } }
    // One name per credential of this app at this address: another app, or the simulator, never gets its tokens.
    const shared = (what: string) =>
      o.credentials && { credentials: o.credentials, name: `wecom ${what} ${o.corpId}/${o.agentId} ${o.apiBase}` }
    this.token = new TokenCache({
      now: o.now,
      shared: shared('access_token'),
      fetch: async () => {
        const url = `${o.apiBase}/cgi-bin/gettoken?corpid=${encodeURIComponent(o.corpId)}&corpsecret=${encodeURIComponent(o.secret)}`
        const a = await callJson(
          up,
          { vendor: 'wecom', op: 'gettoken', method: 'GET', url, retry: true },
          WecomTokenAnswer,
          throwOnErrcode('gettoken'),
        )
        return { value: a.access_token, expiresInSeconds: a.expires_in }
      },
    })
    // Tickets are limited per corp (400/h) and per app (100/h): one cache each, never one per URL.
    this.corpTicket = new TokenCache({
      now: o.now,
      shared: shared('jsapi_ticket'),
      fetch: async () => {
        const a = await this.get('get_jsapi_ticket', '/cgi-bin/get_jsapi_ticket', {}, WecomTicketAnswer, true)
        return { value: a.ticket, expiresInSeconds: a.expires_in }
      },
    })
    this.agentTicket = new TokenCache({
      now: o.now,
      shared: shared('agent_config_ticket'),
      fetch: async () => {
        const a = await this.get('ticket/get', '/cgi-bin/ticket/get', { type: 'agent_config' }, WecomTicketAnswer, true)
        return { value: a.ticket, expiresInSeconds: a.expires_in }
      },
    })
  }

  get corpId() {
    return this.o.corpId
  }
  get agentId() {
    return this.o.agentId
  }

  /** The OAuth page staff pass through; `snsapi_base` is silent inside WeCom. */
  authorizeUrl(redirectUri: string, state: string): string {
    const q = new URLSearchParams({
      appid: this.o.corpId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'snsapi_base',
      state,
      agentid: this.o.agentId,
    })
    return `${this.o.oauthBase}/connect/oauth2/authorize?${q.toString()}#wechat_redirect`
  }

  /**
   * 企业微信扫码登录 for a self-built app: a QR code any browser can show, scanned with WeCom's phone app; it sends the
   * browser back with a code `userIdFromCode` reads, as the OAuth page does. The redirect's domain must be the app's
   * 「企业微信授权登录 → Web网页」 callback domain.
   */
  webLoginUrl(redirectUri: string, state: string): string {
    const q = new URLSearchParams({
      login_type: 'CorpApp',
      appid: this.o.corpId,
      agentid: this.o.agentId,
      redirect_uri: redirectUri,
      state,
    })
    return `${this.o.loginBase}/wwlogin/sso/login?${q.toString()}`
  }

  async userIdFromCode(code: string): Promise<string | null> {
    const a = await this.get('auth/getuserinfo', '/cgi-bin/auth/getuserinfo', { code }, WecomUserInfo, false)
    return a.userid ?? null
  }

  getExternalContact(externalUserId: string) {
    return this.get(
      'externalcontact/get',
      '/cgi-bin/externalcontact/get',
      { external_userid: externalUserId },
      WecomExternalContactAnswer,
      true,
    )
  }

  /** A customer group with its members' names (`need_name: 1`). A POST, but a read: safe to repeat. */
  async getGroupChat(chatId: string) {
    const a = await this.post(
      'externalcontact/groupchat/get',
      '/cgi-bin/externalcontact/groupchat/get',
      { chat_id: chatId, need_name: 1 },
      WecomGroupChatAnswer,
    )
    return a.group_chat
  }

  /**
   * A staff member's name (user/get), or null when WeCom withholds it from this app: out of its visible range, or an
   * app that gets the userid in place of the name. Other failures (busy, down) reject as usual.
   */
  async staffName(userId: string): Promise<string | null> {
    try {
      const a = await this.get('user/get', '/cgi-bin/user/get', { userid: userId }, WecomUserAnswer, true)
      return a.name && a.name !== a.userid ? a.name : null
    } catch (err) {
      if (isNameWithheld(err)) return null
      throw err
    }
  }

  /** Every department the app can see with its name (department/list); a name WeCom withholds is null. */
  async departmentNames(): Promise<Map<number, string | null>> {
    try {
      const a = await this.get('department/list', '/cgi-bin/department/list', {}, WecomDepartmentListAnswer, true)
      return new Map(a.department.map((d) => [d.id, d.name && d.name !== String(d.id) ? d.name : null]))
    } catch (err) {
      if (isNameWithheld(err)) return new Map()
      throw err
    }
  }

  /**
   * Uploads a temporary media file (valid 3 days) and answers its id and WeCom's `created_at` in ms.
   * Retried like a read after a transient failure: a repeated upload only wastes a media id, never sends anything.
   */
  async uploadMedia(type: 'image' | 'video' | 'file', bytes: Buffer, filename: string): Promise<{ mediaId: string; createdAt: number }> {
    const { body, contentType } = multipartMedia(bytes, filename)
    const a = await this.token.use(
      (token) =>
        callJson(
          this.upload,
          {
            vendor: 'wecom',
            op: 'media/upload',
            method: 'POST',
            url: `${this.o.apiBase}/cgi-bin/media/upload?${new URLSearchParams({ access_token: token, type }).toString()}`,
            headers: { 'content-type': contentType },
            body,
            retry: true,
          },
          WecomMediaUploadAnswer,
          throwOnErrcode('media/upload'),
        ),
      isTokenInvalid,
    )
    return { mediaId: a.media_id, createdAt: Number(a.created_at) * 1000 }
  }

  private post<S extends z.ZodType>(op: string, path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    return this.token.use(
      (token) =>
        callJson(
          this.up,
          {
            vendor: 'wecom',
            op,
            method: 'POST',
            url: `${this.o.apiBase}${path}?${new URLSearchParams({ access_token: token }).toString()}`,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
            retry: true,
          },
          schema,
          throwOnErrcode(op),
        ),
      isTokenInvalid,
    )
  }

  private get<S extends z.ZodType>(
    op: string,
    path: string,
    query: Record<string, string>,
    schema: S,
    retry: boolean,
  ): Promise<z.infer<S>> {
    return this.token.use((token) => {
      const q = new URLSearchParams({ access_token: token, ...query })
      return callJson(
        this.up,
        { vendor: 'wecom', op, method: 'GET', url: `${this.o.apiBase}${path}?${q.toString()}`, retry },
        schema,
        throwOnErrcode(op),
      )
    }, isTokenInvalid)
  }
}

/**
 * WeCom's upload body: one part named `media` with `filename` and `filelength` (wecom.md). The name goes as UTF-8, as
 * browsers send it; a `"` would end it early, so it becomes `'` (the customer sees the name of a file, and `%22`, what
 * browsers write, reads badly there).
 */
export function multipartMedia(bytes: Buffer, filename: string): { body: Buffer; contentType: string } {
  const boundary = `----WecomMedia${randomBytes(12).toString('hex')}`
  const name = filename.replace(/"/g, "'").replace(/[\r\n]/g, ' ')
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="${name}"; filelength=${bytes.length}\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return { body: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` }
}
