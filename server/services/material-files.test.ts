import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MEDIA_LIMITS } from '../../contracts/content.js'
import { StoredFile } from '../../contracts/materials.js'
import { AppError } from '../errors.js'
import { openStore, type Store } from '../store/db.js'
import { materialFiles } from '../store/schema.js'
import { kindsOf, MaterialFileStore } from './material-files.js'

const MB = 1024 * 1024
const png = (size = 64) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(size - 8, 7)])
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n')
const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(40, 1)])

let store: Store
let dir: string
beforeAll(async () => {
  store = await openStore({ kind: 'memory' })
  dir = mkdtempSync(join(tmpdir(), 'material-files-'))
})
afterAll(async () => {
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  const { status, code, message } = err as AppError
  return { status, code, message }
}
const rowCount = async () => (await store.db.select().from(materialFiles)).length

describe('saving a file', () => {
  it('stores the bytes with their real type, size and hash, and answers a StoredFile', async () => {
    const files = new MaterialFileStore({ db: store.db, now: () => Date.parse('2025-03-01T08:00:00Z') })
    const bytes = png(300)
    const saved = await files.save(bytes, '  展厅实拍.png ', 'zhangwei')
    expect(StoredFile.parse(saved)).toEqual({
      fileId: saved.fileId,
      name: '展厅实拍.png',
      format: 'png',
      mime: 'image/png',
      size: 300,
      kinds: ['image', 'file'],
    })
    const info = await files.get(saved.fileId)
    expect(info).toMatchObject({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      createdBy: 'zhangwei',
      createdAt: '2025-03-01T08:00:00.000Z',
    })
    expect(await files.read(saved.fileId)).toEqual(bytes)
    expect(await files.loadStoredFile(saved.fileId)).toEqual({
      bytes,
      name: '展厅实拍.png',
      sha256: info!.sha256,
      format: 'png',
      mime: 'image/png',
    })
    expect(await files.loadStoredFile('00000000-0000-4000-8000-000000000000')).toBeNull()
    expect(await files.get('not-an-id')).toBeNull()
  })

  it('takes a stream, and a name whose extension fits the family of the bytes (.JPEG, .docx for a zip)', async () => {
    const files = new MaterialFileStore({ db: store.db })
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4])
    expect((await files.save(Readable.from([jpeg.subarray(0, 3), jpeg.subarray(3)]), '门头.JPEG', 'zhangwei')).format).toBe('jpg')
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0])
    expect(await files.save(zip, '合同.docx', 'zhangwei')).toMatchObject({ format: 'zip', mime: 'application/zip', kinds: ['file'] })
    expect(await files.save(mp4, '演示.mp4', 'zhangwei')).toMatchObject({ format: 'mp4', kinds: ['video', 'file'] })
    // The same bytes as .m4v: stored, but offered only as 文件, since 视频 takes .mp4 names (contracts/content.ts).
    expect(await files.save(mp4, '演示.m4v', 'zhangwei')).toMatchObject({ format: 'mp4', kinds: ['file'] })
  })

  it('refuses a name that does not fit the bytes, bytes of no known type, an empty file and a bad name — storing nothing', async () => {
    const files = new MaterialFileStore({ db: store.db, dir })
    const before = await rowCount()
    expect(await refusal(files.save(pdf, '报价单.png', 'zhangwei'))).toMatchObject({
      status: 400,
      code: 'FILE_NAME_MISMATCH',
      message: expect.stringContaining('报价单.pdf'),
    })
    expect(await refusal(files.save(pdf, '报价单', 'zhangwei'))).toMatchObject({ status: 400, code: 'FILE_NAME_MISMATCH' })
    expect(await refusal(files.save(Buffer.from('<!doctype html><title>x</title>'), 'x.png', 'zhangwei'))).toMatchObject({
      status: 400,
      code: 'FILE_TYPE_UNKNOWN',
    })
    expect(await refusal(files.save(Buffer.from('a,b\n1,2\n'), '名单.csv', 'zhangwei'))).toMatchObject({
      status: 400,
      code: 'FILE_TYPE_UNKNOWN',
    })
    expect(await refusal(files.save(Buffer.alloc(0), 'x.png', 'zhangwei'))).toMatchObject({ status: 400, code: 'FILE_EMPTY' })
    for (const name of ['', '   ', '../x.png', 'a\\b.png', 'a\u0000.png', `${'长'.repeat(126)}.png`]) {
      expect(await refusal(files.save(png(), name, 'zhangwei')), JSON.stringify(name)).toMatchObject({
        status: 400,
        code: 'FILE_NAME_INVALID',
      })
    }
    expect(await rowCount()).toBe(before)
    expect(readdirSync(dir)).toEqual([])
  })

  it('stops reading past 20 MB with 413 FILE_TOO_LARGE', async () => {
    const files = new MaterialFileStore({ db: store.db })
    let pulled = 0
    let closed = false
    async function* endless() {
      try {
        yield png(MB)
        for (;;) {
          pulled++
          yield Buffer.alloc(MB)
        }
      } finally {
        closed = true
      }
    }
    expect(await refusal(files.save(endless(), 'huge.png', 'zhangwei'))).toMatchObject({
      status: 413,
      code: 'FILE_TOO_LARGE',
      message: expect.stringContaining('20 MB'),
    })
    // The chunk that crossed the limit was the last one read, and the source was told to stop.
    expect(pulled).toBe(MEDIA_LIMITS.file / MB)
    expect(closed).toBe(true)
    expect(await refusal(files.save(Buffer.alloc(MEDIA_LIMITS.file + 1), 'huge.png', 'zhangwei'))).toMatchObject({ status: 413 })
    // Exactly 20 MB is a file (too large to be sent as an image).
    const big = await files.save(Buffer.concat([png(), Buffer.alloc(MEDIA_LIMITS.file - 64)]), 'big.png', 'zhangwei')
    expect(big).toMatchObject({ size: MEDIA_LIMITS.file, kinds: ['file'] })
  })
})

describe('on disk', () => {
  it('writes one file per id, renamed into place (no temporary file left), and streams byte ranges', async () => {
    const sub = join(dir, 'files')
    const files = new MaterialFileStore({ db: store.db, dir: sub })
    const bytes = Buffer.concat([png(16), Buffer.from('0123456789abcdef')])
    const saved = await files.save(bytes, 'a.png', 'zhangwei')
    expect(readdirSync(sub)).toEqual([saved.fileId])
    expect(readFileSync(join(sub, saved.fileId))).toEqual(bytes)
    const opened = (await files.stream(saved.fileId))!
    expect(opened.info.size).toBe(32)
    const part = await Buffer.concat(await opened.stream(16, 25).toArray())
    expect(part.toString()).toBe('0123456789')
    // A row whose bytes are gone is not served as if it were there.
    rmSync(join(sub, saved.fileId))
    expect(await files.stream(saved.fileId)).toBeNull()
    expect(await files.read(saved.fileId)).toBeNull()
  })

  it('ensure() stores a seed file once, and writes its bytes again when they are lost', async () => {
    const sub = join(dir, 'seed')
    const id = '5f3c9a10-7b2e-4c1d-9e0a-0000000ff001'
    const first = await new MaterialFileStore({ db: store.db, dir: sub }).ensure(id, png(100), '样图.png', 'zhangwei')
    const again = await new MaterialFileStore({ db: store.db, dir: sub }).ensure(id, png(100), '样图.png', 'zhangwei')
    expect(again).toEqual(first)
    expect((await store.db.select().from(materialFiles)).filter((r) => r.id === id)).toHaveLength(1)
    // A memory store after a restart has the row but not the bytes.
    const memory = new MaterialFileStore({ db: store.db })
    expect(await memory.read(id)).toBeNull()
    await memory.ensure(id, png(100), '样图.png', 'zhangwei')
    expect(await memory.read(id)).toEqual(png(100))
  })
})

describe('kinds', () => {
  it('an image is a png or jpg up to 10 MB, a video an mp4 up to 10 MB; everything is a file', () => {
    expect(kindsOf('a.png', 'png', MEDIA_LIMITS.image)).toEqual(['image', 'file'])
    expect(kindsOf('a.JPEG', 'jpg', MEDIA_LIMITS.image)).toEqual(['image', 'file'])
    expect(kindsOf('a.jpg', 'jpg', MEDIA_LIMITS.image + 1)).toEqual(['file'])
    expect(kindsOf('a.gif', 'gif', 100)).toEqual(['file'])
    expect(kindsOf('a.mp4', 'mp4', MEDIA_LIMITS.video)).toEqual(['video', 'file'])
    expect(kindsOf('a.mp4', 'mp4', MEDIA_LIMITS.video + 1)).toEqual(['file'])
    expect(kindsOf('a.pdf', 'pdf', 100)).toEqual(['file'])
    // mp4 bytes under a .m4v name: the contract refuses it as 视频 (by name), so only 文件 is offered.
    expect(kindsOf('a.m4v', 'mp4', 100)).toEqual(['file'])
  })
})
