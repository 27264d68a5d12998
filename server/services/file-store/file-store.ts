import { Readable } from 'node:stream'

/** Bytes as they arrive: an upload's stream, or a buffer in a list. */
export type Source = AsyncIterable<Uint8Array> | Iterable<Uint8Array>

/**
 * Where a library file's bytes live, by id: DATA_DIR/files on one machine (disk-file-store.ts), the PostgreSQL server
 * when there is one, so every instance serves every file (postgres-file-store.ts), or this process's memory (tests).
 * What a file is (name, type, hash) is in `material_files`, kept by material-files.ts; a store holds bytes only.
 * test/helpers/file-store-suite.ts holds every implementation to the same behaviour.
 */
export interface FileStore {
  /** Where the bytes are, for the status page. */
  readonly kind: 'disk' | 'postgres' | 'memory'
  /**
   * Stores `source` under `id`, read piece by piece (never whole in memory but in the memory store), replacing what
   * was there. Readers see the old bytes or the new ones, never part of either: a write that fails — `source` throwing
   * included — leaves the old bytes. Answers the number of bytes written.
   */
  write(id: string, source: Source): Promise<number>
  /** The file's length, or null when there is no such file. */
  size(id: string): Promise<number | null>
  /** Bytes `start` to `end` (inclusive, within the file), read as they are sent; the stream errs if the file goes. */
  stream(id: string, start: number, end: number): Readable
  /** Deletes the file's bytes; nothing happens when there are none. */
  remove(id: string): Promise<void>
  /** What the files take on disk or in the database, for the status page. */
  totalBytes(): Promise<number>
}

/** The whole file in memory: for the few callers that need one buffer (a WeCom media upload), never for serving. */
export async function readWhole(store: FileStore, id: string): Promise<Buffer | null> {
  const size = await store.size(id)
  if (size === null) return null
  if (size === 0) return Buffer.alloc(0)
  const parts: Buffer[] = []
  for await (const part of store.stream(id, 0, size - 1)) parts.push(part as Buffer)
  return Buffer.concat(parts)
}

/** `source` again, as pieces of exactly `size` bytes but the last (which may be short; none for an empty source). */
export async function* fixedChunks(source: Source, size: number): AsyncGenerator<Buffer> {
  let chunk = Buffer.allocUnsafe(size)
  let filled = 0
  for await (const piece of source) {
    let offset = 0
    while (offset < piece.length) {
      const n = Math.min(size - filled, piece.length - offset)
      chunk.set(piece.subarray(offset, offset + n), filled)
      filled += n
      offset += n
      if (filled === size) {
        yield chunk
        chunk = Buffer.allocUnsafe(size)
        filled = 0
      }
    }
  }
  if (filled > 0) yield chunk.subarray(0, filled)
}

/** Tests' store (a config without `media`): whole buffers in a map. */
export class MemoryFileStore implements FileStore {
  readonly kind = 'memory'
  private readonly files = new Map<string, Buffer>()
  async write(id: string, source: Source): Promise<number> {
    const parts: Buffer[] = []
    for await (const part of source) parts.push(Buffer.from(part))
    const data = Buffer.concat(parts)
    this.files.set(id, data)
    return data.length
  }
  async size(id: string): Promise<number | null> {
    return this.files.get(id)?.length ?? null
  }
  stream(id: string, start: number, end: number): Readable {
    const data = this.files.get(id)
    if (data) return Readable.from([data.subarray(start, end + 1)])
    const gone = new Readable({ read: () => undefined })
    process.nextTick(() => gone.destroy(new Error(`no file ${id}`)))
    return gone
  }
  async remove(id: string): Promise<void> {
    this.files.delete(id)
  }
  async totalBytes(): Promise<number> {
    let total = 0
    for (const data of this.files.values()) total += data.length
    return total
  }
}
