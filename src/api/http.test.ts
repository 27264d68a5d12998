// @vitest-environment node
import { AxiosError, type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios'
import * as z from 'zod/mini'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiFailure, call, http, whenSessionExpires } from './http.js'

const original = http.defaults.adapter
let seen: InternalAxiosRequestConfig[] = []

/** Answers every request the way the proxy would, without a network. */
function answer(status: number, data: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const adapter: AxiosAdapter = async (config) => {
    seen.push(config)
    return { data, status, statusText: '', headers, config }
  }
  http.defaults.adapter = adapter
}
function failWith(code: string, message: string) {
  http.defaults.adapter = async (config) => {
    seen.push(config)
    throw new AxiosError(message, code, config)
  }
}

const Thing = z.object({ id: z.string(), count: z.int() })

async function failureOf(promise: Promise<unknown>): Promise<ApiFailure> {
  const err = await promise.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ApiFailure)
  return err as ApiFailure
}

describe('call', () => {
  beforeEach(() => {
    seen = []
  })
  afterEach(() => {
    http.defaults.adapter = original
    whenSessionExpires(null)
  })

  it('answers the body parsed by the schema (unknown keys dropped)', async () => {
    answer(200, { id: 'a1', count: 3, secret: 'not for the app' })
    const thing = await call(Thing, { url: '/things/a1' })
    expect(thing).toEqual({ id: 'a1', count: 3 })
    expect(thing).not.toHaveProperty('secret')
  })

  it('parses a JSON text body too (what XHR gives axios)', async () => {
    answer(201, JSON.stringify({ id: 'a2', count: 0 }))
    await expect(call(Thing, { url: '/things', method: 'POST', data: { name: 'x' } })).resolves.toEqual({ id: 'a2', count: 0 })
  })

  it('sends to /api with credentials, JSON accepted', async () => {
    answer(200, { id: 'a1', count: 1 })
    await call(Thing, { url: '/sends', method: 'POST', data: { a: 1 }, params: { limit: 10 } })
    const config = seen[0]!
    expect(config.baseURL).toBe('/api')
    expect(config.url).toBe('/sends')
    expect(config.method).toBe('post')
    expect(config.withCredentials).toBe(true)
    expect(config.params).toEqual({ limit: 10 })
    expect(JSON.parse(config.data as string)).toEqual({ a: 1 })
    expect(config.headers.get('accept')).toBe('application/json')
  })

  it('a 200 that does not match the contract is BAD_ANSWER, never a silent undefined', async () => {
    answer(200, { id: 'a1', count: 'three' })
    const failure = await failureOf(call(Thing, { url: '/things/a1' }))
    expect(failure.status).toBe(200)
    expect(failure.code).toBe('BAD_ANSWER')
    expect(failure.message).toBe('服务返回的内容无法识别，请刷新页面；仍然不行请联系管理员。')
  })

  it('a 200 with an HTML page (a misrouted request) is BAD_ANSWER', async () => {
    answer(200, '<!doctype html><html><body>index</body></html>', { 'content-type': 'text/html' })
    expect((await failureOf(call(Thing, { url: '/things/a1' }))).code).toBe('BAD_ANSWER')
  })

  it('an error answer keeps the proxy’s code and message', async () => {
    answer(409, { code: 'IDEMPOTENCY_KEY_REUSED', message: '这个 idempotencyKey 已用于另一条不同的发送。' })
    const failure = await failureOf(call(Thing, { url: '/sends', method: 'POST' }))
    expect(failure).toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED', message: '这个 idempotencyKey 已用于另一条不同的发送。' })
    expect(failure.name).toBe('ApiFailure')
    expect(failure.isSessionExpired).toBe(false)
  })

  it('an error answer as JSON text keeps its code too', async () => {
    answer(502, JSON.stringify({ code: 'UPSTREAM_UNAVAILABLE', message: '友米暂时不可用' }))
    expect(await failureOf(call(Thing, { url: '/x' }))).toMatchObject({
      status: 502,
      code: 'UPSTREAM_UNAVAILABLE',
      message: '友米暂时不可用',
    })
  })

  it('a 500 with an HTML body becomes HTTP_500 with a readable message', async () => {
    answer(500, '<html><body><h1>500 Internal Server Error</h1></body></html>', { 'content-type': 'text/html' })
    const failure = await failureOf(call(Thing, { url: '/x' }))
    expect(failure).toMatchObject({ status: 500, code: 'HTTP_500', message: '服务暂时出错（500），请稍后重试。' })
    expect(failure.message).not.toContain('<')
  })

  it('a body whose code is not UPPER_SNAKE is not taken for the proxy’s error', async () => {
    answer(404, { code: 'not found', message: 'nginx' })
    expect(await failureOf(call(Thing, { url: '/x' }))).toMatchObject({
      status: 404,
      code: 'HTTP_404',
      message: '服务暂时出错（404），请稍后重试。',
    })
  })

  it('401 tells the session-expired listener once, and is a session-expired failure', async () => {
    const expired = vi.fn()
    whenSessionExpires(expired)
    answer(401, { code: 'NO_SESSION', message: '请先登录。' })
    const failure = await failureOf(call(Thing, { url: '/session' }))
    expect(expired).toHaveBeenCalledTimes(1)
    expect(failure).toMatchObject({ status: 401, code: 'NO_SESSION', message: '请先登录。' })
    expect(failure.isSessionExpired).toBe(true)
  })

  it('401 without a body still reads as an expired session', async () => {
    const expired = vi.fn()
    whenSessionExpires(expired)
    answer(401, '')
    expect(await failureOf(call(Thing, { url: '/session' }))).toMatchObject({ code: 'NO_SESSION', message: '登录已过期，正在重新登录…' })
    expect(expired).toHaveBeenCalledTimes(1)
  })

  it('other failures do not tell the session-expired listener; a removed listener is not told', async () => {
    const expired = vi.fn()
    whenSessionExpires(expired)
    answer(403, { code: 'FORBIDDEN', message: '没有权限' })
    await failureOf(call(Thing, { url: '/x' }))
    expect(expired).not.toHaveBeenCalled()
    whenSessionExpires(null)
    answer(401, { code: 'NO_SESSION', message: '请先登录。' })
    await failureOf(call(Thing, { url: '/x' }))
    expect(expired).not.toHaveBeenCalled()
  })

  it('a network error (proxy not reached) is NETWORK with status 0', async () => {
    failWith('ERR_NETWORK', 'Network Error')
    expect(await failureOf(call(Thing, { url: '/x' }))).toMatchObject({
      status: 0,
      code: 'NETWORK',
      message: '网络连接不上服务，请检查网络后重试。',
    })
  })

  it.each(['ECONNABORTED', 'ETIMEDOUT'])('a timeout (%s) is TIMEOUT', async (code) => {
    failWith(code, 'timeout of 20000ms exceeded')
    expect(await failureOf(call(Thing, { url: '/x' }))).toMatchObject({ status: 0, code: 'TIMEOUT', message: '服务响应超时，请稍后重试。' })
  })

  it('anything else thrown on the way is NETWORK, not a crash', async () => {
    http.defaults.adapter = async () => {
      throw new TypeError('Failed to fetch')
    }
    expect((await failureOf(call(Thing, { url: '/x' }))).code).toBe('NETWORK')
  })

  it('204 answers undefined for a z.undefined() schema', async () => {
    answer(204, '')
    await expect(call(z.undefined(), { url: '/auth/logout', method: 'POST' })).resolves.toBeUndefined()
  })

  it('204 for a schema that wants a body is BAD_ANSWER', async () => {
    answer(204, '')
    expect((await failureOf(call(Thing, { url: '/x' }))).code).toBe('BAD_ANSWER')
  })
})

// Query params are flat: the build serializes them with a flat stand-in for axios's toFormData
// (scripts/axios-trim.ts), so the compiler refuses nested ones. Checked by `npm run typecheck` (an unused
// directive is an error); never run.
void (() => {
  // @ts-expect-error -- an object inside params
  void call(Thing, { url: '/x', params: { filter: { kind: 'image' } } })
  // @ts-expect-error -- an array inside params
  void call(Thing, { url: '/x', params: { ids: [1, 2] } })
})
