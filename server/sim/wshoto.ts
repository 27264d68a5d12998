/**
 * WShoto open API (open.wshoto.com): its token call and the seed's task-detail call (003).
 * Always HTTP 200 with { code, msg, data }.
 */
import type { FastifyInstance } from 'fastify'
import { InvalidJsonBody, queryParam, type SimContext } from './context.js'
import { campaignDetail, findCampaign } from './demo-campaigns.js'
import { installVendorHooks } from './faults.js'
import { checkToken, issueToken, randomAlnum } from './state.js'

const MESSAGES: Record<number, string> = {
  0: '请求成功',
  10001: 'access_token无效',
  10010: 'access_token已过期',
  10011: 'access_token不能为空',
  40000: '参数错误',
  40001: 'appid或app_secret错误',
  40004: '任务不存在',
}

export function wshotoError(code: number) {
  return { code, msg: MESSAGES[code] ?? '模拟的供应商错误', data: null }
}

export function wshotoPlugin(ctx: SimContext) {
  const { state, now, credentials } = ctx
  const creds = credentials.wshoto

  return async function wshoto(app: FastifyInstance) {
    installVendorHooks(app, {
      vendor: 'wshoto',
      state,
      now,
      counters: { '/openapi/access_token': 'wshotoToken' },
      codeReply: (_path, code) => ({ status: 200, body: wshotoError(Number(code)) }),
    })

    app.get('/openapi/access_token', async (request) => {
      const appid = queryParam(request, 'appid')
      const secret = queryParam(request, 'app_secret')
      if (!appid || !secret) return wshotoError(40000)
      if (appid !== creds.appId || secret !== creds.appSecret) return wshotoError(40001)
      const t = now()
      let current = state.wshoto.current ? state.wshoto.tokens.get(state.wshoto.current) : undefined
      // Unlike WeCom, WShoto hands out the same token again while it is alive.
      if (!current || current.revoked || t >= current.expiresAt) {
        current = issueToken(state.wshoto.tokens, randomAlnum(32).toLowerCase(), t, state.tokenTtlSeconds)
        state.wshoto.current = current.token
      }
      return {
        code: 0,
        msg: MESSAGES[0],
        data: {
          access_token: current.token,
          expires_in: Math.ceil((current.expiresAt - t) / 1000),
          create_at: current.issuedAt,
        },
      }
    })

    app.post('/openapi/mass_send/corp/get_mass_task_detail', async (request) => {
      const check = checkToken(state.wshoto.tokens, queryParam(request, 'access_token'), now())
      if (check !== 'ok') return wshotoError(check === 'missing' ? 10011 : check === 'expired' ? 10010 : 10001)
      const body = request.body
      const raw =
        typeof body === 'object' && body !== null && !(body instanceof InvalidJsonBody)
          ? (body as { task_id?: unknown }).task_id
          : undefined
      // task_id is a Java long: a JSON number, or a string of digits that Jackson would coerce.
      const taskId = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw
      if (typeof taskId !== 'number' || !Number.isSafeInteger(taskId) || taskId <= 0) return wshotoError(40000)
      const spec = findCampaign(taskId)
      if (!spec) return wshotoError(40004)
      return { code: 0, msg: MESSAGES[0], data: campaignDetail(spec, state.startedAt, now()) }
    })
  }
}
