import type { z } from 'zod'
import { callJson, createGuard, type ResilienceOptions, type UpstreamDeps } from '../call.js'
import { UpstreamError } from '../errors.js'
import { TokenCache } from '../token-cache.js'
import { WECOM_TOKEN_INVALID, wecomError } from './errors.js'
import { WecomEnvelope, WecomExternalContactAnswer, WecomGroupChatAnswer, WecomTicketAnswer, WecomTokenAnswer, WecomUserInfo } from './schemas.js'

export interface WecomClientOptions extends UpstreamDeps {
  corpId: string
  agentId: string
  secret: string
  apiBase: string
  oauthBase: string
  now?: () => number
  resilience?: ResilienceOptions
}

const isTokenInvalid = (err: unknown) =>
  err instanceof UpstreamError && err.vendor === 'wecom' && WECOM_TOKEN_INVALID.has(Number(err.details?.vendorCode))

function throwOnErrcode(op: string) {
  return (raw: unknown) => {
    const env = WecomEnvelope.safeParse(raw)
    if (env.success && env.data.errcode !== undefined && env.data.errcode !== 0) throw wecomError(op, env.data.errcode, env.data.errmsg ?? '')
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

  constructor(private readonly o: WecomClientOptions) {
    const up = (this.up = { ...o, guard: o.guard ?? createGuard('wecom', o) })
    this.token = new TokenCache({
      now: o.now,
      fetch: async () => {
        const url = `${o.apiBase}/cgi-bin/gettoken?corpid=${encodeURIComponent(o.corpId)}&corpsecret=${encodeURIComponent(o.secret)}`
        const a = await callJson(up, { vendor: 'wecom', op: 'gettoken', method: 'GET', url, retry: true }, WecomTokenAnswer, throwOnErrcode('gettoken'))
        return { value: a.access_token, expiresInSeconds: a.expires_in }
      },
    })
    // Tickets are limited per corp (400/h) and per app (100/h): one cache each, never one per URL.
    this.corpTicket = new TokenCache({
      now: o.now,
      fetch: async () => {
        const a = await this.get('get_jsapi_ticket', '/cgi-bin/get_jsapi_ticket', {}, WecomTicketAnswer, true)
        return { value: a.ticket, expiresInSeconds: a.expires_in }
      },
    })
    this.agentTicket = new TokenCache({
      now: o.now,
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
    const q = new URLSearchParams({ appid: this.o.corpId, redirect_uri: redirectUri, response_type: 'code', scope: 'snsapi_base', state, agentid: this.o.agentId })
    return `${this.o.oauthBase}/connect/oauth2/authorize?${q.toString()}#wechat_redirect`
  }

  async userIdFromCode(code: string): Promise<string | null> {
    const a = await this.get('auth/getuserinfo', '/cgi-bin/auth/getuserinfo', { code }, WecomUserInfo, false)
    return a.userid ?? null
  }

  getExternalContact(externalUserId: string) {
    return this.get('externalcontact/get', '/cgi-bin/externalcontact/get', { external_userid: externalUserId }, WecomExternalContactAnswer, true)
  }

  /** A customer group with its members' names (`need_name: 1`). A POST, but a read: safe to repeat. */
  async getGroupChat(chatId: string) {
    const a = await this.post('externalcontact/groupchat/get', '/cgi-bin/externalcontact/groupchat/get', { chat_id: chatId, need_name: 1 }, WecomGroupChatAnswer)
    return a.group_chat
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

  private get<S extends z.ZodType>(op: string, path: string, query: Record<string, string>, schema: S, retry: boolean): Promise<z.infer<S>> {
    return this.token.use(
      (token) => {
        const q = new URLSearchParams({ access_token: token, ...query })
        return callJson(this.up, { vendor: 'wecom', op, method: 'GET', url: `${this.o.apiBase}${path}?${q.toString()}`, retry }, schema, throwOnErrcode(op))
      },
      isTokenInvalid,
    )
  }
}
