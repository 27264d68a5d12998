/**
 * The smaller doors of issue 12: file names that hide their type with bidirectional control characters, and the
 * answers Fastify or Node give on their own — headers too large (431), a request line that cannot be read (400),
 * a request arriving while the proxy closes (503) — which must be `{ code, message }` JSON like every other error.
 * (`VENDOR_UNAVAILABLE`'s `Retry-After`: test/reliability/faults-breaker.test.ts; TRUST_PROXY: server/boot.test.ts.)
 */
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../../contracts/errors.js'
import { buildApp } from '../../server/app.js'
import { multipartBody } from '../../server/sim/testing.js'
import { demo } from '../helpers/demo.js'
import { testConfig, TEST_PUBLIC_URL } from '../helpers/app.js'
import { startSecureApp, type SecureApp } from './helpers.js'

const png = readFileSync(join(import.meta.dirname, '../../server/demo-media/x1-lock.png'))

/** Names that show as something they are not: `报价‮gnp.exe` shows as `报价exe.png`. */
const BIDI_NAMES = [
  '报价\u202Egnp.exe',
  'invoice\u202Dx.png',
  'a\u202Ab.png',
  'a\u202Bb.png',
  'a\u202Cb.png',
  'photo\u2066.png',
  'photo\u2067.png',
  'photo\u2068.png',
  'photo\u2069.png',
  'x\u200E.png',
  'x\u200F.png',
  'x\u061C.png',
]

/** Raw bytes to the socket and everything that comes back (fetch and inject would refuse to send these). */
function raw(port: number, bytes: string, after?: (write: (s: string) => void) => Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(bytes)
      void after?.((s) => socket.write(s))
    })
    let data = ''
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => (data += d))
    socket.on('close', () => resolve(data))
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? resolve(data) : reject(err)))
  })
}

/** The last answer in a raw exchange: its status and its JSON body. */
function lastAnswer(data: string): { status: number; body: unknown; headers: string } {
  const at = data.lastIndexOf('HTTP/1.1 ')
  const [head, body] = [data.slice(at, data.indexOf('\r\n\r\n', at)), data.slice(data.indexOf('\r\n\r\n', at) + 4)]
  return { status: Number(head.split(' ')[1]), body: JSON.parse(body) as unknown, headers: head.toLowerCase() }
}

describe('file names with bidirectional control characters', () => {
  let t: SecureApp
  let admin = ''
  beforeAll(async () => {
    t = await startSecureApp()
    admin = await t.login('zhangwei')
  })
  afterAll(async () => {
    await t?.close()
  })

  it.each(BIDI_NAMES.map((n) => [JSON.stringify(n), n]))('refuses an upload named %s (400 FILE_NAME_INVALID)', async (_shown, name) => {
    const body = multipartBody('file', name, png)
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/material-files',
      headers: { cookie: admin, origin: TEST_PUBLIC_URL, ...body.headers },
      payload: body.payload,
    })
    expect({ status: res.statusCode, code: ApiError.parse(res.json()).code }).toEqual({ status: 400, code: 'FILE_NAME_INVALID' })
    expect(res.json().message).toContain('U+202E')
  })

  it('refuses such a name in a send and in a material, and keeps an ordinary one', async () => {
    const upload = multipartBody('file', 'x1-lock.png', png)
    const stored = await t.app.inject({
      method: 'POST',
      url: '/api/material-files',
      headers: { cookie: admin, ...upload.headers },
      payload: upload.payload,
    })
    expect(stored.statusCode).toBe(201)
    const fileId = stored.json().fileId as string
    for (const name of BIDI_NAMES.filter((n) => n.endsWith('.png'))) {
      const image = { type: 'image', file: { fileId, name } }
      const send = await t.app.inject({
        method: 'POST',
        url: '/api/sends',
        headers: { cookie: admin },
        payload: {
          idempotencyKey: `bidi-${Math.random()}`,
          channel: 'chat',
          contact: { externalUserId: demo.linked.externalUserId },
          content: [image],
        },
      })
      expect({ name, status: send.statusCode, code: send.json().code }).toEqual({ name, status: 400, code: 'INVALID_REQUEST' })
      const material = await t.app.inject({
        method: 'POST',
        url: '/api/materials',
        headers: { cookie: admin },
        payload: { title: '图', content: image },
      })
      expect({ name, status: material.statusCode, code: material.json().code }).toEqual({ name, status: 400, code: 'INVALID_REQUEST' })
    }
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/materials',
      headers: { cookie: admin },
      payload: { title: '图', content: { type: 'image', file: { fileId, name: '门锁 (2025)-正面.png' } } },
    })
    expect(ok.statusCode).toBe(201)
  })
})

describe('answers Node and Fastify give on their own are { code, message } JSON', () => {
  let app: Awaited<ReturnType<typeof buildApp>>
  let port = 0
  let release: () => void = () => {}
  beforeAll(async () => {
    app = await buildApp(testConfig('http://127.0.0.1:9'), { logger: false })
    // A request that stays in flight until the test lets it go: the close waits for it.
    const held = new Promise<void>((resolve) => (release = resolve))
    app.get('/test/held', async () => {
      await held
      return { ok: true }
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    port = (app.server.address() as { port: number }).port
  })
  afterAll(async () => {
    release()
    await app?.close()
  })

  it('431 HEADERS_TOO_LARGE for headers over 16 KB', async () => {
    const answer = lastAnswer(await raw(port, `GET /api/health HTTP/1.1\r\nHost: x\r\nCookie: sid=${'a'.repeat(20_000)}\r\n\r\n`))
    expect(answer.status).toBe(431)
    expect(ApiError.parse(answer.body)).toEqual({ code: 'HEADERS_TOO_LARGE', message: expect.stringContaining('Cookie') })
    expect(answer.headers).toContain('content-type: application/json')
  })

  it('400 BAD_REQUEST for a request line that cannot be read', async () => {
    const answer = lastAnswer(await raw(port, 'GET /api/health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'))
    expect(answer.status).toBe(400)
    expect(ApiError.parse(answer.body).code).toBe('BAD_REQUEST')
  })

  it('503 SHUTTING_DOWN with Retry-After for a request that arrives while the proxy closes; the one in flight finishes', async () => {
    let closing: Promise<void> | undefined
    const data = await raw(port, 'GET /test/held HTTP/1.1\r\nHost: x\r\n\r\n', async (write) => {
      await new Promise((resolve) => setTimeout(resolve, 200))
      closing = app.close()
      await new Promise((resolve) => setTimeout(resolve, 100))
      // The same kept-alive connection asks again while the close waits for the held request.
      write('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n')
      await new Promise((resolve) => setTimeout(resolve, 100))
      release()
    })
    await closing
    expect(data.startsWith('HTTP/1.1 200 OK')).toBe(true)
    const answer = lastAnswer(data)
    expect(answer.status).toBe(503)
    expect(ApiError.parse(answer.body).code).toBe('SHUTTING_DOWN')
    expect(answer.headers).toMatch(/\r\nretry-after: \d+/)
    expect(answer.headers).toContain('connection: close')
  })
})
