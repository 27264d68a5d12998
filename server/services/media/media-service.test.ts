import { createHash } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/helpers/app.js'
import { testClock } from '../../sim/testing.js'
import { openStore, type Store } from '../../store/db.js'
import { mediaUploads } from '../../store/schema.js'
import { createHttpClient } from '../../upstream/http.js'
import { WecomClient } from '../../upstream/wecom/client.js'
import { MEDIA_LIFETIME_MS, MediaService, type StoredFileBytes } from './media-service.js'

const MB = 1024 * 1024
const png = (fill: number, size = 3000) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(size, fill)])
const POSTER = png(1)
const HTML = Buffer.from('<!doctype html><html><body>不是图片</body></html>')
const quiet = { info: () => undefined, warn: () => undefined }

const FILES: Record<string, { bytes: Buffer; name: string }> = {
  '00000000-0000-4000-8000-000000000001': { bytes: POSTER, name: '春季海报.png' },
  '00000000-0000-4000-8000-000000000002': { bytes: HTML, name: '假图片.png' },
  '00000000-0000-4000-8000-000000000003': { bytes: png(2), name: '产品图.jpg' },
  '00000000-0000-4000-8000-000000000004': { bytes: Buffer.from('型号,价格\nX1,1999\n'), name: '价目表.csv' },
  '00000000-0000-4000-8000-000000000005': { bytes: Buffer.alloc(20 * MB + 1, 0x25), name: '超大.csv' },
}
const [posterId, htmlId, jpgNamedPngId, csvId, hugeId] = Object.keys(FILES) as [string, string, string, string, string]
const missingId = '00000000-0000-4000-8000-0000000000ff'

const START = testClock().t
const clock = testClock(START)
let t: TestApp
let store: Store
let loads: string[]

// One app, simulator and database for the file (each takes seconds to start); every test starts from empty.
beforeAll(async () => {
  t = await startTestApp({ now: clock.now })
  store = await openStore({ kind: 'memory' })
})
afterAll(async () => {
  await store?.close()
  await t?.close()
})
beforeEach(async () => {
  clock.t = START
  await fetch(`${t.sim.url}/__sim/reset`, { method: 'POST' })
  await store.db.delete(mediaUploads)
  loads = []
})

async function loadStoredFile(fileId: string): Promise<StoredFileBytes | null> {
  loads.push(fileId)
  const f = FILES[fileId]
  if (!f) return null
  const format = f.name.split('.').pop()!
  return {
    bytes: f.bytes,
    name: f.name,
    sha256: createHash('sha256').update(f.bytes).digest('hex'),
    format,
    mime: 'application/octet-stream',
  }
}

function service(o: { fetched?: Buffer } = {}) {
  const c = t.config.vendors.wecom
  const wecom = new WecomClient({ ...c, http: createHttpClient(), timeoutMs: 2000, log: quiet, now: clock.now })
  // URL fetching has its own tests (url-fetcher.test.ts); here a URL answers these bytes.
  const fetcher = {
    fetch: async () => ({ bytes: o.fetched ?? POSTER, sniffed: null, finalUrl: 'https://cdn.example.test/x' }),
    check: async () => undefined,
  }
  return new MediaService({ db: store.db, wecom, loadStoredFile, fetcher, now: clock.now, log: quiet })
}

const stored = (fileId: string) => ({ fileId, name: FILES[fileId]?.name ?? 'x.png' })
const uploads = () => t.sim.state.wecom.media
/** The simulator's browser-facing check, through the proxy's /sim pass-through as the playground calls it. */
const check = async (mediaId: string) => (await t.app.inject({ url: `/sim/wecom/media/${mediaId}` })).json()

describe('MediaService: one upload per file and type while the id lives', () => {
  it('sending the same image twice uploads it once', async () => {
    const media = service()
    const first = await media.mediaIdFor(stored(posterId), 'image')
    const second = await media.mediaIdFor(stored(posterId), 'image')
    expect(second).toBe(first)
    expect(uploads()).toHaveLength(1)
    expect(uploads()[0]).toMatchObject({ mediaId: first, type: 'image', filename: '春季海报.png', size: POSTER.length })
    // A second service (another proxy instance, or after a restart) finds it in the database.
    expect(await service().mediaIdFor(stored(posterId), 'image')).toBe(first)
    expect(uploads()).toHaveLength(1)
  })

  it('knows a file by its content: the same bytes by URL reuse the id; as another type they do not', async () => {
    const media = service()
    const id = await media.mediaIdFor(stored(posterId), 'image')
    expect(await media.mediaIdFor({ url: 'https://cdn.example.test/other-name.png', name: 'other-name.png' }, 'image')).toBe(id)
    expect(uploads()).toHaveLength(1)
    await media.mediaIdFor({ fileId: posterId, name: '春季海报.png' }, 'file')
    expect(uploads().map((u) => u.type)).toEqual(['image', 'file'])
  })

  it('uploads an id past its expiry once more, 6 hours before WeCom forgets it', async () => {
    const media = service()
    const first = await media.mediaIdFor(stored(posterId), 'image')
    const createdAt = Math.floor(clock.t / 1000) * 1000
    clock.t = createdAt + MEDIA_LIFETIME_MS - 6 * 3600_000 - 1
    expect(await media.mediaIdFor(stored(posterId), 'image')).toBe(first)
    clock.t += 1
    const second = await media.mediaIdFor(stored(posterId), 'image')
    expect(second).not.toBe(first)
    expect(await media.mediaIdFor(stored(posterId), 'image')).toBe(second)
    expect(uploads()).toHaveLength(2)
    expect((await check(second)).valid).toBe(true)
  })

  it('`fresh` (WeCom said 40007) forgets the id and uploads once more', async () => {
    const media = service()
    const first = await media.mediaIdFor(stored(posterId), 'image')
    const res = await fetch(`${t.sim.url}/__sim/media/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mediaId: first }),
    })
    expect(res.status).toBe(200)
    expect(await check(first)).toMatchObject({ errcode: 40007, valid: false, status: 'revoked' })
    // Without `fresh` the cache still answers the revoked id: only WeCom (the send) can tell.
    expect(await media.mediaIdFor(stored(posterId), 'image')).toBe(first)
    const second = await media.mediaIdFor(stored(posterId), 'image', { fresh: true })
    expect(second).not.toBe(first)
    expect(await media.mediaIdFor(stored(posterId), 'image')).toBe(second)
    expect(uploads()).toHaveLength(2)
    expect(await check(second)).toMatchObject({ errcode: 0, valid: true, status: 'valid', type: 'image', filename: '春季海报.png' })
  })

  it('forgetMediaIds makes the next call upload again', async () => {
    const media = service()
    const first = await media.mediaIdFor(stored(posterId), 'image')
    await media.forgetMediaIds([first, 'some-other-id'])
    expect(await media.mediaIdFor(stored(posterId), 'image')).not.toBe(first)
    expect(uploads()).toHaveLength(2)
  })
})

describe('MediaService: concurrent calls share one upload', () => {
  it('two (or five) calls at once upload once', async () => {
    const media = service()
    const ids = await Promise.all(Array.from({ length: 5 }, () => media.mediaIdFor(stored(posterId), 'image')))
    expect(new Set(ids).size).toBe(1)
    expect(uploads()).toHaveLength(1)
  })

  it('fresh calls at once upload once, and never answer the id they replace', async () => {
    const media = service()
    const first = await media.mediaIdFor(stored(posterId), 'image')
    const [a, b, c] = await Promise.all([
      media.mediaIdFor(stored(posterId), 'image', { fresh: true }),
      media.mediaIdFor(stored(posterId), 'image', { fresh: true }),
      media.mediaIdFor(stored(posterId), 'image'),
    ])
    expect(a).not.toBe(first)
    expect([b, c]).toEqual([a, a])
    expect(uploads()).toHaveLength(2)
  })

  it('a fresh call does not join a lookup that started before it and may answer the old id', async () => {
    const media = service()
    const first = await media.mediaIdFor(stored(posterId), 'image')
    const [plain, fresh] = await Promise.all([
      media.mediaIdFor(stored(posterId), 'image'),
      media.mediaIdFor(stored(posterId), 'image', { fresh: true }),
    ])
    expect(plain).toBe(first)
    expect(fresh).not.toBe(first)
    expect(uploads()).toHaveLength(2)
  })
})

describe('MediaService: the real bytes decide', () => {
  it('a missing library file is 404 MATERIAL_FILE_NOT_FOUND', async () => {
    await expect(service().mediaIdFor({ fileId: missingId, name: '海报.png' }, 'image')).rejects.toMatchObject({
      status: 404,
      code: 'MATERIAL_FILE_NOT_FOUND',
    })
    expect(loads).toEqual([missingId])
  })

  it('refuses a .png that is HTML, and a picture as a video, before uploading', async () => {
    await expect(service().mediaIdFor(stored(htmlId), 'image')).rejects.toMatchObject({ status: 400, code: 'MEDIA_TYPE_MISMATCH' })
    await expect(service().mediaIdFor(stored(posterId), 'video')).rejects.toMatchObject({ status: 400, code: 'MEDIA_TYPE_MISMATCH' })
    await expect(
      service({ fetched: HTML }).mediaIdFor({ url: 'https://cdn.example.test/a.png', name: 'a.png' }, 'image'),
    ).rejects.toMatchObject({
      code: 'MEDIA_TYPE_MISMATCH',
    })
    expect(uploads()).toHaveLength(0)
  })

  it('uploads a .jpg that holds a png under the name its bytes deserve', async () => {
    await service().mediaIdFor(stored(jpgNamedPngId), 'image')
    expect(uploads()[0]!.filename).toBe('产品图.png')
  })

  it('takes a library file of a type it cannot recognise, but not one over 20 MB', async () => {
    await service().mediaIdFor(stored(csvId), 'file')
    expect(uploads()[0]).toMatchObject({ type: 'file', filename: '价目表.csv' })
    await expect(service().mediaIdFor(stored(hugeId), 'file')).rejects.toMatchObject({ status: 400, code: 'MEDIA_TOO_LARGE' })
    expect(uploads()).toHaveLength(1)
  })
})

describe('the playground view of WeCom media through the proxy (/sim/wecom/media)', () => {
  it('shows a valid id with its bytes, and 40007 after the simulator expires every id', async () => {
    const id = await service().mediaIdFor(stored(posterId), 'image')
    const status = await check(id)
    // In a demo the simulator's publicUrl is the proxy's /sim (boot.ts); here, its own loopback origin.
    expect(status).toMatchObject({
      errcode: 0,
      valid: true,
      type: 'image',
      size: POSTER.length,
      contentUrl: `${t.sim.url}/wecom/media/${id}/content`,
    })
    const content = await t.app.inject({ url: `/sim/wecom/media/${id}/content` })
    expect(content.statusCode).toBe(200)
    expect(content.headers['content-type']).toBe('image/png')
    expect(content.rawPayload.equals(POSTER)).toBe(true)
    await fetch(`${t.sim.url}/__sim/media/expire`, { method: 'POST' })
    expect(await check(id)).toMatchObject({ errcode: 40007, errmsg: 'invalid media_id', valid: false, status: 'expired' })
    expect((await t.app.inject({ url: `/sim/wecom/media/${id}/content` })).statusCode).toBe(404)
    expect(await check('3NoSuchMediaId')).toEqual({
      errcode: 40007,
      errmsg: 'invalid media_id',
      mediaId: '3NoSuchMediaId',
      valid: false,
      status: 'unknown',
    })
  })

  it('never passes the controls or vendor calls through', async () => {
    for (const url of ['/sim/wecom/media/x/../../__sim/media/expire', '/sim/__sim/media/expire', '/sim/cgi-bin/media/upload?type=image']) {
      const res = await t.app.inject({ method: 'GET', url })
      expect(res.statusCode, url).toBe(404)
    }
  })
})
