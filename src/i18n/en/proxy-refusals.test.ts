// @vitest-environment node
/**
 * The proxy words its refusals in Chinese; a sidebar in English words them itself from the code and the answer's
 * `params` (a limit, a file name, a host), and a 400's `issues` name the contract check's words by key. Here real
 * refusals go through the English words the sidebar uses: each must come out whole (every param it needs was sent)
 * and without Chinese — the test data hold none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../../../contracts/errors.js'
import { useContractWords } from '../../../contracts/errors.js'
import { errorText, wordsFor } from './error-text.js'
import { contractWords } from './errors.js'
import { demo } from '../../../test/helpers/demo.js'
import { startTestApp, type TestApp } from '../../../test/helpers/app.js'

let t: TestApp
let admin: string
let n = 0

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32), Buffer.from('\n%%EOF\n')])

beforeAll(async () => {
  t = await startTestApp({
    config: { media: { allowedHosts: ['cdn.example.test', 'private.example.test'] } },
    mediaResolve: async (host) => [{ address: host.startsWith('private') ? '10.0.0.5' : '93.184.216.34', family: 4 }],
  })
  admin = await t.login('zhangwei')
  // The proxy's own start (a simulator, a database): the sidebar project's hooks are quick by default.
}, 60_000)
afterAll(() => t?.close())

const send = (body: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/sends',
    headers: { cookie: admin },
    payload: {
      idempotencyKey: `english-${Date.now()}-${n++}`,
      channel: 'chat',
      contact: { externalUserId: demo.linked.externalUserId },
      ...body,
    },
  })

function upload(name: string, bytes: Buffer) {
  const boundary = '----english-boundary'
  return t.app.inject({
    method: 'POST',
    url: '/api/material-files',
    headers: { cookie: admin, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  })
}

const image = (file: Record<string, unknown>) => ({ content: [{ type: 'image', file }] })

const CASES: Array<[string, () => ReturnType<typeof send>, string]> = [
  ['a text too long', () => send({ content: [{ type: 'text', text: 'a'.repeat(2001) }] }), 'INVALID_REQUEST'],
  [
    'a file not in the library',
    () => send(image({ fileId: '0b7e8f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b', name: 'poster.png' })),
    'MATERIAL_FILE_NOT_FOUND',
  ],
  ['a host off the allow-list', () => send(image({ url: 'https://offlist.example.org/a.png', name: 'a.png' })), 'MEDIA_HOST_NOT_ALLOWED'],
  ['a private address', () => send(image({ url: 'https://private.example.test/a.png', name: 'a.png' })), 'MEDIA_ADDRESS_FORBIDDEN'],
  [
    'a group invite through the chat',
    () => send({ content: [{ type: 'groupShare', roomId: '46218981780@chatroom', roomName: 'Fans', flag: 'flag:1', wechatId: 1 }] }),
    'CONTENT_NOT_ON_CHANNEL',
  ],
  ['an empty upload', () => upload('empty.pdf', Buffer.alloc(0)), 'FILE_EMPTY'],
  ['bytes of no known type', () => upload('notes.pdf', Buffer.from('just some words, not a pdf at all')), 'FILE_TYPE_UNKNOWN'],
  ['a name that does not fit the bytes', () => upload('quote.png', PDF), 'FILE_NAME_MISMATCH'],
  ['no such route', () => t.app.inject({ method: 'GET', url: '/api/nothing-here', headers: { cookie: admin } }), 'NOT_FOUND'],
]

describe('refusals carry what their English words need', () => {
  for (const [what, request, code] of CASES) {
    it(`${what}: ${code}`, { timeout: 30_000 }, async () => {
      useContractWords(contractWords)
      try {
        const res = await request()
        const body = ApiError.parse(res.json())
        expect(body.code, res.body).toBe(code)
        // The proxy keeps its Chinese words.
        expect(body.message).toMatch(/\p{Script=Han}/u)
        // Every param the words name came, the optional ones too.
        const named = [...wordsFor(body)!.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((p) => p !== 'issues')
        expect(named.filter((p) => body.params?.[p] === undefined)).toEqual([])
        const english = errorText(body)
        expect(english, JSON.stringify(body)).toBeDefined()
        expect(english).not.toMatch(/\p{Script=Han}|[{}[\]]/u)
      } finally {
        useContractWords(null)
      }
    })
  }

  it("a 400 names the contract check's key and params beside its Chinese", { timeout: 30_000 }, async () => {
    const body = (await send({ content: [{ type: 'text', text: 'a'.repeat(2001) }] })).json()
    expect(body.issues).toEqual([
      { path: 'body.content.0.text', message: '文字最多 2000 字', key: 'maxWords', params: { field: 'text', max: 2000 } },
    ])
  })

  it('the specifics are data the English words use: the file name, the host', { timeout: 30_000 }, async () => {
    const missing = ApiError.parse((await send(image({ fileId: '0b7e8f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b', name: 'poster.png' }))).json())
    expect(missing.params).toEqual({ name: 'poster.png' })
    expect(errorText(missing)).toBe(
      'The library no longer has this file (poster.png): it may have been removed, choose the material again.',
    )
    const offList = ApiError.parse((await send(image({ url: 'https://offlist.example.org/a.png', name: 'a.png' }))).json())
    expect(offList.params).toEqual({ host: 'offlist.example.org' })
  })
})
