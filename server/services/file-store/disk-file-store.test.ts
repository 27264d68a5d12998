import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fileStoreSuite, pieces } from '../../../test/helpers/file-store-suite.js'
import { DiskFileStore } from './disk-file-store.js'
import { fixedChunks, MemoryFileStore } from './file-store.js'

fileStoreSuite('disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'disk-file-store-'))
  return { store: new DiskFileStore(dir), close: async () => rmSync(dir, { recursive: true, force: true }) }
})

fileStoreSuite('memory', async () => ({ store: new MemoryFileStore(), close: async () => undefined }))

describe('the disk store', () => {
  it('leaves no temporary file after a failed write, and lists only real ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disk-file-store-'))
    try {
      const store = new DiskFileStore(dir)
      const id = '00000000-0000-4000-8000-000000000001'
      async function* broken(): AsyncGenerator<Buffer> {
        yield Buffer.from('partial')
        throw new Error('cut')
      }
      await expect(store.write(id, broken())).rejects.toThrow('cut')
      expect(readdirSync(dir)).toEqual([])
      await store.write(id, pieces(Buffer.from('whole'), 2))
      expect(await store.ids()).toEqual([id])
      expect(() => store.stream('../etc/passwd', 0, 1)).toThrow('not a file id')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('fixedChunks', () => {
  it('cuts any pieces into chunks of one size, the last one shorter', async () => {
    const data = Buffer.from('abcdefghijklmnopqrstuvwxyz')
    const out: string[] = []
    for await (const c of fixedChunks(pieces(data, 7), 10)) out.push(c.toString())
    expect(out).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz'])
    const none: Buffer[] = []
    for await (const c of fixedChunks(pieces(Buffer.alloc(0), 3), 10)) none.push(c)
    expect(none).toEqual([])
  })
})
