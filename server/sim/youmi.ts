/**
 * Youmi: an OAuth2 client-credentials token endpoint (sso.yunshouzhi.net) and the v2 bulk-send
 * calls. v2 answers HTTP 200 with the seed's envelope; the code sits in `errmsg`.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { headerValue, InvalidJsonBody, type SimContext } from './context.js'
import { installVendorHooks } from './faults.js'
import { checkToken, issueToken, type YoumiTask } from './state.js'
import { checkSaveBody } from './youmi-validate.js'

export const YOUMI_OK = 20000
export const YOUMI_TOKEN_INVALID = 10003
/** Simulator's choice among the vendor's "required header missing" range 200001–200007. */
export const YOUMI_TENANT_MISSING = 200002
export const YOUMI_BAD_FIELD = 200003
export const YOUMI_TENANT_WRONG = 200006
/** Not published by Youmi: the simulator's guesses for the delete call. */
export const YOUMI_TASK_NOT_FOUND = 200009
export const YOUMI_TASK_STARTED = 200010

/** The seed's msgTime: Beijing time with seven fractional digits, e.g. 2024-12-19T17:21:51.6355932+08:00. */
export function youmiMsgTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace('Z', '0000+08:00')
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')

export function youmiPlugin(ctx: SimContext) {
  const { state, now, credentials } = ctx
  const creds = credentials.youmi

  const envelope = (errmsg: number | string, values: unknown, errdesc: string | null) => ({
    requestId: randomUUID(),
    errmsg,
    succeed: errmsg === YOUMI_OK,
    msgTime: youmiMsgTime(now()),
    values,
    errdesc,
  })
  const failure = (errmsg: number | string, errdesc: string) => envelope(errmsg, null, errdesc)

  /** Youmi's SSO is an IdentityServer: its tokens are JWTs, so the simulated ones look like JWTs too. */
  function jwtLike(scope: string): string {
    const iat = Math.floor(now() / 1000)
    const header = b64url({ alg: 'RS256', kid: 'A1B2C3D4E5F6', typ: 'at+jwt' })
    const payload = b64url({
      iss: 'https://sso.yunshouzhi.net',
      nbf: iat,
      iat,
      exp: iat + state.tokenTtlSeconds,
      scope: scope.split(' '),
      client_id: creds.clientId,
      jti: randomBytes(16).toString('hex').toUpperCase(),
    })
    return `${header}.${payload}.${randomBytes(256).toString('base64url')}`
  }

  return async function youmi(app: FastifyInstance) {
    installVendorHooks(app, {
      vendor: 'youmi',
      state,
      now,
      counters: { '/connect/token': 'youmiToken' },
      codeReply: (path, code) =>
        path === '/connect/token'
          ? { status: 400, body: { error: String(code) } }
          : { status: 200, body: failure(code, '模拟的供应商错误') },
    })

    app.post('/connect/token', async (request, reply) => {
      // A token endpoint takes form fields only (RFC 6749 §4.4.2).
      if (!request.headers['content-type']?.includes('application/x-www-form-urlencoded')) {
        return reply.code(400).send({ error: 'invalid_request' })
      }
      const fields = (request.body ?? {}) as Record<string, string | undefined>
      // OAuth2 lets a client authenticate in the body or with HTTP Basic; IdentityServer takes both.
      let clientId = fields.client_id
      let clientSecret = fields.client_secret
      const basic = /^Basic\s+(\S+)$/i.exec(headerValue(request, 'authorization') ?? '')
      if (basic) {
        const [id, ...secret] = Buffer.from(basic[1]!, 'base64').toString().split(':')
        clientId = decodeURIComponent(id ?? '')
        clientSecret = decodeURIComponent(secret.join(':'))
      }
      if (clientId !== creds.clientId || clientSecret !== creds.clientSecret) {
        return reply.code(400).send({ error: 'invalid_client' })
      }
      if (fields.grant_type !== 'client_credentials') return reply.code(400).send({ error: 'unsupported_grant_type' })
      const allowed = creds.scope.split(' ')
      const requested = fields.scope?.trim() ? fields.scope.trim().split(/\s+/) : allowed
      if (!requested.every((s) => allowed.includes(s))) return reply.code(400).send({ error: 'invalid_scope' })
      const scope = requested.join(' ')
      const issued = issueToken(state.youmi.tokens, jwtLike(scope), now(), state.tokenTtlSeconds)
      return { access_token: issued.token, expires_in: state.tokenTtlSeconds, token_type: 'Bearer', scope }
    })

    /** Token first, then tenant, as an auth middleware in front of the API would; answers and returns false on failure. */
    function authorised(request: FastifyRequest, reply: FastifyReply): boolean {
      const auth = headerValue(request, 'authorization')
      const bearer = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null
      const check = bearer ? checkToken(state.youmi.tokens, bearer[1], now()) : 'missing'
      if (check !== 'ok') {
        const why = !auth
          ? '缺少 Authorization 请求头'
          : !bearer
            ? 'Authorization 格式应为 "Bearer <token>"'
            : check === 'expired'
              ? 'access_token 已过期'
              : 'access_token 无效'
        void reply.send(failure(YOUMI_TOKEN_INVALID, `${why}，请重新获取令牌`))
        return false
      }
      const tenant = headerValue(request, 'tenantid')
      if (!tenant) {
        void reply.send(failure(YOUMI_TENANT_MISSING, '请求头缺少 TenantId'))
        return false
      }
      if (tenant !== creds.tenantId) {
        void reply.send(failure(YOUMI_TENANT_WRONG, 'TenantId 不正确，商户不存在或与令牌不匹配'))
        return false
      }
      return true
    }

    app.post('/v2/BulkSend/SaveBulkSendTask', async (request, reply) => {
      if (!authorised(request, reply)) return reply
      const check = checkSaveBody(request.body)
      if (!check.ok) return failure(YOUMI_BAD_FIELD, check.errdesc)
      const task: YoumiTask = {
        id: state.youmi.nextTaskId++,
        body: request.body,
        createdAt: now(),
        startTime: check.startTime,
        deleted: false,
      }
      state.youmi.tasks.push(task)
      return envelope(YOUMI_OK, task.id, null)
    })

    app.post('/v2/BulkSend/DeleteBulkSendTask', async (request, reply) => {
      if (!authorised(request, reply)) return reply
      const body = request.body as { id?: unknown } | undefined
      const id = typeof body === 'object' && body !== null && !(body instanceof InvalidJsonBody) ? body.id : undefined
      if (!Number.isInteger(id)) return failure(YOUMI_BAD_FIELD, '参数错误：id 必须是群发任务编号（整数）')
      const task = state.youmi.tasks.find((t) => t.id === id && !t.deleted)
      if (!task) return failure(YOUMI_TASK_NOT_FOUND, '群发任务不存在')
      if (task.startTime * 1000 <= now()) return failure(YOUMI_TASK_STARTED, '任务已开始执行，无法删除')
      task.deleted = true
      return envelope(YOUMI_OK, true, null)
    })
  }
}
