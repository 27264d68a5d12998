/**
 * The rpa (Youmi) channel checks media like the chat channel (issue 12, item 2). Youmi's RPA accounts download files
 * themselves, so the proxy fetches nothing for them — but it refuses what it would refuse on the chat channel: a
 * `fileId` not in the library, a file whose bytes are not the kind, a URL that is not http(s), not on
 * MEDIA_ALLOWED_HOSTS, or whose host is or resolves to a loopback, private, link-local or metadata address. Same
 * status and code on both channels, nothing stored, and Youmi receives nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Content } from '../../contracts/content.js'
import { StoredFile } from '../../contracts/materials.js'
import { demo, simControl } from '../../test/helpers/demo.js'
import { startTestApp, type TestApp } from '../../test/helpers/app.js'

let t: TestApp
let admin: string
let pdf: StoredFile
let png: StoredFile
let n = 0

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(200, 7)])
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32), Buffer.from('\n%%EOF\n')])

// What the injected resolver answers: the refusals run against the real address policy.
const ADDRESSES: Record<string, string> = {
  'cdn.example.test': '93.184.216.34',
  'private.example.test': '10.0.0.5',
  'metadata.example.test': '169.254.169.254',
  'loopback.example.test': '127.0.0.1',
}

async function upload(name: string, bytes: Buffer, mime: string): Promise<StoredFile> {
  const boundary = '----rpa-media-boundary'
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${mime}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/material-files',
    headers: { cookie: admin, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  })
  if (res.statusCode !== 201) throw new Error(`upload ${name}: ${res.statusCode} ${res.body}`)
  return StoredFile.parse(res.json())
}

beforeAll(async () => {
  t = await startTestApp({
    config: { media: { allowedHosts: Object.keys(ADDRESSES) } },
    mediaResolve: async (host) => (ADDRESSES[host] ? [{ address: ADDRESSES[host]!, family: 4 }] : []),
  })
  admin = await t.login('zhangwei')
  pdf = await upload('价目表.pdf', PDF, 'application/pdf')
  png = await upload('展厅.png', PNG, 'image/png')
})
afterAll(() => t?.close())
beforeEach(async () => {
  await simControl(t.sim, 'DELETE', 'requests')
})

const send = (channel: 'rpa' | 'chat', content: Content[]) =>
  t.app.inject({
    method: 'POST',
    url: '/api/sends',
    headers: { cookie: admin },
    payload: {
      idempotencyKey: `rpa-media-${Date.now()}-${n++}`,
      channel,
      contact: { externalUserId: demo.linked.externalUserId },
      content,
    },
  })
const youmiSaves = () => t.sim.state.requests.filter((r) => r.vendor === 'youmi' && r.path.endsWith('SaveBulkSendTask'))
const stored = async () =>
  (await t.app.inject({ method: 'GET', url: '/api/sends?limit=100', headers: { cookie: admin } })).json().items.length as number
const image = (file: Content extends never ? never : { url: string; name: string } | { fileId: string; name: string }): Content => ({
  type: 'image',
  file,
})

const REFUSED: Array<[what: string, content: () => Content, status: number, code: string]> = [
  [
    'the metadata address',
    () => image({ url: 'http://169.254.169.254/latest/meta-data/a.png', name: 'a.png' }),
    400,
    'MEDIA_ADDRESS_FORBIDDEN',
  ],
  [
    'a name resolving to the metadata address',
    () => image({ url: 'http://metadata.example.test/a.png', name: 'a.png' }),
    400,
    'MEDIA_ADDRESS_FORBIDDEN',
  ],
  ['loopback', () => image({ url: 'http://127.0.0.1:8080/a.png', name: 'a.png' }), 400, 'MEDIA_ADDRESS_FORBIDDEN'],
  [
    'a name resolving to loopback',
    () => image({ url: 'https://loopback.example.test/a.png', name: 'a.png' }),
    400,
    'MEDIA_ADDRESS_FORBIDDEN',
  ],
  ['[::1]', () => image({ url: 'http://[::1]/a.png', name: 'a.png' }), 400, 'MEDIA_ADDRESS_FORBIDDEN'],
  ['a private address', () => image({ url: 'http://10.0.0.5/a.png', name: 'a.png' }), 400, 'MEDIA_ADDRESS_FORBIDDEN'],
  [
    'a name resolving to a private address',
    () => image({ url: 'https://private.example.test/a.png', name: 'a.png' }),
    400,
    'MEDIA_ADDRESS_FORBIDDEN',
  ],
  ['a host off the allow-list', () => image({ url: 'https://offlist.example.org/a.png', name: 'a.png' }), 400, 'MEDIA_HOST_NOT_ALLOWED'],
  [
    'a public IP literal off the allow-list',
    () => image({ url: 'http://93.184.216.34/a.png', name: 'a.png' }),
    400,
    'MEDIA_HOST_NOT_ALLOWED',
  ],
  ['an ftp URL', () => image({ url: 'ftp://cdn.example.test/a.png', name: 'a.png' }), 400, 'INVALID_REQUEST'],
  [
    'a fileId not in the library',
    () => image({ fileId: '0b7e8f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b', name: 'a.png' }),
    404,
    'MATERIAL_FILE_NOT_FOUND',
  ],
  ['a PDF named .png sent as an image', () => image({ fileId: pdf.fileId, name: '价目表.png' }), 400, 'MEDIA_TYPE_MISMATCH'],
  ['a PDF sent as a video', () => ({ type: 'video', file: { fileId: pdf.fileId, name: '价目表.mp4' } }), 400, 'MEDIA_TYPE_MISMATCH'],
]

describe('rpa media are checked like the chat channel, and Youmi receives nothing', () => {
  for (const [what, content, status, code] of REFUSED) {
    it(`${what}: ${status} ${code} on both channels`, async () => {
      const before = await stored()
      const rpa = await send('rpa', [{ type: 'text', text: '先发文字' }, content()])
      expect({ status: rpa.statusCode, code: rpa.json().code }, rpa.body).toEqual({ status, code })
      expect(youmiSaves()).toHaveLength(0)
      expect(await stored()).toBe(before)
      // The chat channel refuses the same input the same way (it is the reference).
      const chat = await send('chat', [content()])
      expect({ status: chat.statusCode, code: chat.json().code }).toEqual({ status, code })
      expect(t.sim.state.requests.filter((r) => r.vendor === 'wecom' && r.path.endsWith('/media/upload'))).toHaveLength(0)
    })
  }

  it('what the chat channel takes goes to Youmi: a library image and a URL on an allowed public host', async () => {
    const res = await send('rpa', [
      image({ fileId: png.fileId, name: png.name }),
      image({ url: 'https://cdn.example.test/p/车.png', name: '车.png' }),
    ])
    expect(res.statusCode, res.body).toBe(201)
    expect(youmiSaves()).toHaveLength(1)
    // The proxy fetched nothing for Youmi: its RPA accounts download the files themselves.
    expect(t.sim.state.requests.filter((r) => r.vendor === 'wecom')).toHaveLength(0)
  })
})
