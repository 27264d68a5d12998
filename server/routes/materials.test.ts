import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_KINDS, MEDIA_LIMITS } from '../../contracts/content.js'
import { ApiError } from '../../contracts/errors.js'
import { Material, MaterialList, StoredFile, materialFilePath } from '../../contracts/materials.js'
import { startTestApp, type TestApp } from '../../test/helpers/app.js'
import { multipartBody } from '../sim/testing.js'
import { DEMO_MATERIALS } from '../demo/materials.js'
import { contentDisposition, parseRange } from './materials.js'

const DEMO_MEDIA = join(import.meta.dirname, '../demo-media')
const png = readFileSync(join(DEMO_MEDIA, 'x1-lock.png'))
const pdf = readFileSync(join(DEMO_MEDIA, 'price-list-2025.pdf'))

let t: TestApp
let admin: string
let staff: string
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.login('zhangwei')
  staff = await t.login('lina')
})
afterAll(() => t.close())

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { cookie: staff, ...headers } })
const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, cookie = admin) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) })
function upload(content: Buffer, filename: string, o: { field?: string; headers?: Record<string, string> } = {}) {
  const body = multipartBody(o.field ?? 'file', filename, content)
  return t.app.inject({
    method: 'POST',
    url: '/api/material-files',
    headers: { cookie: admin, ...body.headers, ...o.headers },
    payload: body.payload,
  })
}
const errorOf = (res: { statusCode: number; json(): unknown }) => ({ status: res.statusCode, code: ApiError.parse(res.json()).code })

describe('the demo library', () => {
  it('holds a dozen materials of every kind, most used first, in folders', async () => {
    const res = await get('/api/materials')
    expect(res.statusCode).toBe(200)
    const list = MaterialList.parse(res.json())
    expect(list.items).toHaveLength(DEMO_MATERIALS.length)
    expect(list.items.length).toBeGreaterThanOrEqual(12)
    expect(new Set(list.items.map((m) => m.content.type))).toEqual(new Set(CONTENT_KINDS))
    const counts = list.items.map((m) => m.useCount)
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
    expect(list.folders.map((f) => f.name)).toEqual(expect.arrayContaining(['产品图片', '价格政策', '活动', '常用话术']))
    expect(list.folders.reduce((n, f) => n + f.count, 0)).toBe(list.items.length)
    expect(new Set(list.items.map((m) => m.createdBy))).toEqual(new Set(['zhangwei']))
  })

  it('serves the demo files the materials name, byte for byte as the repository ships them', async () => {
    const items = MaterialList.parse((await get('/api/materials')).json()).items
    const media = items.flatMap((m) => ('file' in m.content ? [m.content.file] : []))
    expect(media.length).toBe(6)
    for (const f of media) {
      const res = await t.app.inject(materialFilePath(f.fileId!, f.name))
      expect(res.statusCode, f.name).toBe(200)
      expect(res.rawPayload.length).toBe(f.size)
    }
    const lock = media.find((f) => f.name.endsWith('.png') && f.name.includes('X1'))!
    expect((await t.app.inject(materialFilePath(lock.fileId!, lock.name))).rawPayload).toEqual(png)
    // Link cards show a thumbnail from our own file URLs.
    const link = items.find((m) => m.content.type === 'link')!.content as { thumbUrl: string }
    expect(link.thumbUrl.startsWith(`${t.config.publicUrl}/files/`)).toBe(true)
  })
})

describe('materials API', () => {
  it('finds by words, folder and kind', async () => {
    const byQ = MaterialList.parse((await get(`/api/materials?q=${encodeURIComponent('样板间')}`)).json())
    expect(byQ.items.length).toBeGreaterThanOrEqual(2)
    expect(byQ.items.every((m) => JSON.stringify(m).includes('样板间'))).toBe(true)
    const images = MaterialList.parse((await get('/api/materials?kind=image&folder=' + encodeURIComponent('产品图片'))).json())
    expect(images.items.map((m) => m.content.type)).toEqual(['image', 'image', 'image'])
    // Folder chips count what the words find, whatever the folder and kind chosen: without words, the whole library.
    const all = MaterialList.parse((await get('/api/materials')).json())
    expect(images.folders).toEqual(all.folders)
    expect(byQ.folders.reduce((n, f) => n + f.count, 0)).toBe(byQ.items.length)
    expect(errorOf(await get('/api/materials?kind=sticker'))).toEqual({ status: 400, code: 'INVALID_REQUEST' })
  })

  it('an admin uploads a file, makes a material of it, edits and deletes it; staff read it', async () => {
    const up = await upload(png, '新品 X1 实拍.png')
    expect(up.statusCode).toBe(201)
    const stored = StoredFile.parse(up.json())
    expect(stored).toEqual({
      fileId: stored.fileId,
      name: '新品 X1 实拍.png',
      format: 'png',
      mime: 'image/png',
      size: png.length,
      kinds: ['image', 'file'],
    })

    const created = await send('POST', '/api/materials', {
      title: '新品实拍',
      folder: '产品图片',
      tags: ['新品'],
      content: { type: 'image', file: { fileId: stored.fileId, name: stored.name } },
    })
    expect(created.statusCode).toBe(201)
    const material = Material.parse(created.json())
    expect(material.content).toEqual({ type: 'image', file: { fileId: stored.fileId, name: stored.name, size: png.length } })
    expect(Material.parse((await get(`/api/materials/${material.id}`)).json())).toEqual(material)

    const edited = await send('PUT', `/api/materials/${material.id}`, {
      title: '新品实拍（改）',
      content: { type: 'file', file: { fileId: stored.fileId, name: stored.name } },
    })
    expect(edited.statusCode).toBe(200)
    expect(Material.parse(edited.json())).toMatchObject({ title: '新品实拍（改）', folder: '', tags: [], content: { type: 'file' } })

    expect((await send('DELETE', `/api/materials/${material.id}`)).statusCode).toBe(204)
    expect(errorOf(await get(`/api/materials/${material.id}`))).toEqual({ status: 404, code: 'MATERIAL_NOT_FOUND' })
    expect(errorOf(await send('DELETE', `/api/materials/${material.id}`))).toEqual({ status: 404, code: 'MATERIAL_NOT_FOUND' })
    // No material names the file any more: it is gone too (server/routes/file-retention.test.ts has the rest).
    expect((await t.app.inject(materialFilePath(stored.fileId, stored.name))).statusCode).toBe(404)
  })

  it('refuses what is not valid with a clear 400, and non-admins with 403', async () => {
    expect(errorOf(await send('POST', '/api/materials', { title: '', content: { type: 'text', text: 'x' } }))).toEqual({
      status: 400,
      code: 'INVALID_REQUEST',
    })
    const ghost = { type: 'image', file: { fileId: '00000000-0000-4000-8000-000000000000', name: 'x.png' } }
    expect(errorOf(await send('POST', '/api/materials', { title: 'x', content: ghost }))).toEqual({ status: 400, code: 'FILE_NOT_FOUND' })
    const doc = StoredFile.parse((await upload(pdf, '价格表.pdf')).json())
    expect(
      errorOf(
        await send('POST', '/api/materials', { title: 'x', content: { type: 'image', file: { fileId: doc.fileId, name: 'x.png' } } }),
      ),
    ).toEqual({
      status: 400,
      code: 'FILE_KIND_MISMATCH',
    })
    expect(errorOf(await send('POST', '/api/materials', { title: 'x', content: { type: 'text', text: 'x' } }, staff))).toEqual({
      status: 403,
      code: 'ADMIN_ONLY',
    })
    expect(errorOf(await get('/api/materials/not-a-uuid'))).toEqual({ status: 400, code: 'INVALID_REQUEST' })
  })
})

describe('uploads', () => {
  it('keeps a Chinese file name and refuses a name that does not fit the bytes', async () => {
    expect(StoredFile.parse((await upload(pdf, '星禾价格表（2025）.pdf')).json()).name).toBe('星禾价格表（2025）.pdf')
    const mismatch = await upload(pdf, '报价.png')
    expect(errorOf(mismatch)).toEqual({ status: 400, code: 'FILE_NAME_MISMATCH' })
    expect(mismatch.json().message).toContain('报价.pdf')
    expect(errorOf(await upload(Buffer.from('<html><body>not an image</body></html>'), 'fake.png'))).toEqual({
      status: 400,
      code: 'FILE_TYPE_UNKNOWN',
    })
  })

  it('stops at 20 MB with 413 FILE_TOO_LARGE', async () => {
    const res = await upload(Buffer.concat([png, Buffer.alloc(MEDIA_LIMITS.file)]), 'huge.png')
    expect(errorOf(res)).toEqual({ status: 413, code: 'FILE_TOO_LARGE' })
  })

  it('needs one file in the field `file`, sent as multipart', async () => {
    expect(errorOf(await upload(png, 'a.png', { field: 'image' }))).toEqual({ status: 400, code: 'FILE_MISSING' })
    expect(errorOf(await send('POST', '/api/material-files', { file: 'a.png' }))).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' })
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/material-files',
      headers: { cookie: admin, 'content-type': 'multipart/form-data; boundary=xyz' },
      payload: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG',
    })
    expect(broken.statusCode).toBe(400)
    expect(errorOf(await upload(png, 'a.png', { headers: { cookie: staff } }))).toEqual({ status: 403, code: 'ADMIN_ONLY' })
  })

  it("refuses an upload another page's form sends (multipart needs no CORS preflight)", async () => {
    expect(errorOf(await upload(png, 'a.png', { headers: { 'sec-fetch-site': 'cross-site' } }))).toEqual({
      status: 403,
      code: 'CROSS_SITE_REQUEST',
    })
    expect(errorOf(await upload(png, 'a.png', { headers: { 'sec-fetch-site': 'same-site' } }))).toEqual({
      status: 403,
      code: 'CROSS_SITE_REQUEST',
    })
    expect(errorOf(await upload(png, 'a.png', { headers: { origin: 'https://evil.example' } }))).toEqual({
      status: 403,
      code: 'CROSS_SITE_REQUEST',
    })
    // PUBLIC_URL's origin is the only one: the Host header of the request does not make another origin ours.
    expect(errorOf(await upload(png, 'a.png', { headers: { origin: 'http://localhost', host: 'localhost' } }))).toEqual({
      status: 403,
      code: 'CROSS_SITE_REQUEST',
    })
    expect(
      (await upload(png, 'a.png', { headers: { 'sec-fetch-site': 'same-origin', origin: 'http://sidebar.test:80' } })).statusCode,
    ).toBe(201)
    expect((await upload(png, 'a.png', { headers: { origin: 'http://sidebar.test' } })).statusCode).toBe(201)
  })
})

describe('serving files', () => {
  let image: StoredFile
  let doc: StoredFile
  beforeAll(async () => {
    image = StoredFile.parse((await upload(png, '门锁 正面.png')).json())
    doc = StoredFile.parse((await upload(pdf, '价格表 (2025).pdf')).json())
  })

  it('answers the bytes without a session: type, nosniff, inline for pictures, cached for good', async () => {
    const res = await t.app.inject(materialFilePath(image.fileId, image.name))
    expect(res.statusCode).toBe(200)
    expect(res.rawPayload).toEqual(png)
    expect(res.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(png.length),
      'x-content-type-options': 'nosniff',
      'cache-control': 'public, max-age=31536000, immutable',
      'accept-ranges': 'bytes',
      'content-disposition': `inline; filename="__ __.png"; filename*=UTF-8''%E9%97%A8%E9%94%81%20%E6%AD%A3%E9%9D%A2.png`,
    })
    const pdfRes = await t.app.inject(materialFilePath(doc.fileId, doc.name))
    expect(pdfRes.headers['content-type']).toBe('application/pdf')
    expect(pdfRes.headers['content-disposition']).toBe(
      `attachment; filename="___ (2025).pdf"; filename*=UTF-8''%E4%BB%B7%E6%A0%BC%E8%A1%A8%20%282025%29.pdf`,
    )
  })

  it('answers HEAD, one byte range, 416 past the end, and 304 for a known ETag', async () => {
    const url = materialFilePath(image.fileId, image.name)
    const head = await t.app.inject({ method: 'HEAD', url })
    expect(head.statusCode).toBe(200)
    expect(head.headers['content-length']).toBe(String(png.length))
    expect(head.rawPayload.length).toBe(0)

    const part = await t.app.inject({ url, headers: { range: 'bytes=8-15' } })
    expect(part.statusCode).toBe(206)
    expect(part.headers['content-range']).toBe(`bytes 8-15/${png.length}`)
    expect(part.rawPayload).toEqual(png.subarray(8, 16))
    const tail = await t.app.inject({ url, headers: { range: 'bytes=-4' } })
    expect(tail.rawPayload).toEqual(png.subarray(png.length - 4))
    expect((await t.app.inject({ url, headers: { range: 'bytes=0-1,4-5' } })).statusCode).toBe(200)

    const past = await t.app.inject({ url, headers: { range: `bytes=${png.length}-` } })
    expect(past.statusCode).toBe(416)
    expect(past.headers['content-range']).toBe(`bytes */${png.length}`)
    expect(past.headers['cache-control']).toBeUndefined()

    const etag = String(head.headers.etag)
    expect((await t.app.inject({ url, headers: { 'if-none-match': etag } })).statusCode).toBe(304)
    // If-Range with another validator: the whole file.
    expect((await t.app.inject({ url, headers: { range: 'bytes=0-1', 'if-range': '"other"' } })).statusCode).toBe(200)
  })

  it('404 for an unknown or malformed id', async () => {
    expect(errorOf(await t.app.inject('/files/00000000-0000-4000-8000-000000000000/x.png'))).toEqual({
      status: 404,
      code: 'FILE_NOT_FOUND',
    })
    expect(errorOf(await t.app.inject('/files/..%2F..%2Fetc/passwd'))).toEqual({ status: 404, code: 'FILE_NOT_FOUND' })
  })
})

describe('helpers', () => {
  it('parseRange', () => {
    expect(parseRange(undefined, 100)).toBeNull()
    expect(parseRange('bytes=0-', 100)).toEqual([0, 99])
    expect(parseRange('bytes=10-19', 100)).toEqual([10, 19])
    expect(parseRange('bytes=90-200', 100)).toEqual([90, 99])
    expect(parseRange('bytes=-10', 100)).toEqual([90, 99])
    expect(parseRange('bytes=-500', 100)).toEqual([0, 99])
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=5-1', 100)).toBeNull()
    expect(parseRange('items=0-1', 100)).toBeNull()
  })

  it('contentDisposition', () => {
    expect(contentDisposition('attachment', `报价 "A"'s.pdf`)).toBe(
      `attachment; filename="__ _A_'s.pdf"; filename*=UTF-8''%E6%8A%A5%E4%BB%B7%20%22A%22%27s.pdf`,
    )
  })
})
