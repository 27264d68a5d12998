import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileStore } from '../../server/services/file-store/file-store.js'

/** Chunk-sized numbers for every store: PostgreSQL's chunk size, so its ranges cross chunk boundaries. */
const CHUNK = 256 * 1024

/** `data` handed over in pieces of `size` bytes, as an upload arrives. */
export async function* pieces(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size)
}

async function readRange(store: FileStore, id: string, start: number, end: number): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const part of store.stream(id, start, end)) parts.push(part as Buffer)
  return Buffer.concat(parts)
}

/**
 * The behaviour every FileStore owes material-files.ts, run against each implementation (disk, memory, PostgreSQL).
 * `open` gives a fresh, empty store.
 */
export function fileStoreSuite(name: string, open: () => Promise<{ store: FileStore; close(): Promise<void> }>): void {
  describe(`FileStore: ${name}`, () => {
    let store: FileStore
    let close: () => Promise<void>
    // Three whole chunks and a part: every range below lands in a known place.
    const data = randomBytes(3 * CHUNK + 1234)
    const id = randomUUID()
    beforeAll(async () => {
      ;({ store, close } = await open())
      expect(await store.write(id, pieces(data, 10_000))).toBe(data.length)
    }, 30_000)
    afterAll(() => close?.())

    it('gives back what was written, whole, and its size', async () => {
      expect(await store.size(id)).toBe(data.length)
      expect((await readRange(store, id, 0, data.length - 1)).equals(data)).toBe(true)
    })

    it('serves byte ranges: first byte, last byte, the middle across a chunk boundary, a suffix', async () => {
      const n = data.length
      const ranges: [number, number][] = [
        [0, 0],
        [n - 1, n - 1],
        [CHUNK - 10, CHUNK + 9],
        [CHUNK - 1, 2 * CHUNK],
        [n - 500, n - 1],
        [2 * CHUNK, 3 * CHUNK - 1],
      ]
      for (const [start, end] of ranges) {
        const got = await readRange(store, id, start, end)
        expect(got.length, `${start}-${end}`).toBe(end - start + 1)
        expect(got.equals(data.subarray(start, end + 1)), `${start}-${end}`).toBe(true)
      }
    })

    it('stores an empty file and files smaller than a chunk', async () => {
      const empty = randomUUID()
      const small = randomUUID()
      expect(await store.write(empty, pieces(Buffer.alloc(0), 10))).toBe(0)
      expect(await store.size(empty)).toBe(0)
      expect(await store.write(small, pieces(Buffer.from('%PDF-1.4 small'), 3))).toBe(14)
      expect((await readRange(store, small, 5, 7)).toString()).toBe('1.4')
    })

    it('knows nothing of an id never written: no size, a stream that errs, a removal that does nothing', async () => {
      const unknown = randomUUID()
      expect(await store.size(unknown)).toBeNull()
      await expect(readRange(store, unknown, 0, 0)).rejects.toThrow()
      await store.remove(unknown)
      expect(await store.size(unknown)).toBeNull()
    })

    it('deletes a file, and only that one', async () => {
      const other = randomUUID()
      const bytes = randomBytes(CHUNK + 1)
      await store.write(other, pieces(bytes, 64 * 1024))
      await store.remove(other)
      expect(await store.size(other)).toBeNull()
      await expect(readRange(store, other, 0, 10)).rejects.toThrow()
      expect((await readRange(store, id, 0, data.length - 1)).equals(data)).toBe(true)
    })

    it('replaces a file whole; a write that fails half-way leaves the file as it was', async () => {
      const target = randomUUID()
      const first = randomBytes(2 * CHUNK + 7)
      const second = randomBytes(CHUNK + 3)
      await store.write(target, pieces(first, 50_000))
      await store.write(target, pieces(second, 50_000))
      expect((await readRange(store, target, 0, second.length - 1)).equals(second)).toBe(true)
      async function* broken(): AsyncGenerator<Buffer> {
        yield* pieces(randomBytes(CHUNK + 100), 40_000)
        throw new Error('upload cut off')
      }
      await expect(store.write(target, broken())).rejects.toThrow('upload cut off')
      expect(await store.size(target)).toBe(second.length)
      expect((await readRange(store, target, 0, second.length - 1)).equals(second)).toBe(true)
    })

    it('takes concurrent writes: of different files all whole, of one file one of them whole', async () => {
      const files = Array.from({ length: 6 }, () => ({ id: randomUUID(), bytes: randomBytes(CHUNK + Math.floor(Math.random() * CHUNK)) }))
      await Promise.all(files.map((f) => store.write(f.id, pieces(f.bytes, 30_000))))
      for (const f of files) expect((await readRange(store, f.id, 0, f.bytes.length - 1)).equals(f.bytes)).toBe(true)

      const same = randomUUID()
      const versions = [randomBytes(2 * CHUNK + 11), randomBytes(2 * CHUNK + 11), randomBytes(3 * CHUNK)]
      await Promise.all(versions.map((v) => store.write(same, pieces(v, 20_000))))
      const size = (await store.size(same))!
      const stored = await readRange(store, same, 0, size - 1)
      expect(versions.filter((v) => v.equals(stored))).toHaveLength(1)
    })
  })
}
