import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import { sql } from 'drizzle-orm'
import type { Db } from '../../store/db.js'
import { rowsOf } from '../../store/migrate.js'
import { fixedChunks, type FileStore, type Source } from './file-store.js'

/**
 * Every chunk of a file but its last holds exactly this many bytes, so byte N is in chunk N / CHUNK_BYTES. Files
 * stored with one size are misread with another: never change it without rewriting every file.
 */
export const CHUNK_BYTES = 256 * 1024

// pg_advisory_xact_lock(int, int): a key space apart from the migration lock's single bigint.
const WRITE_LOCK = 748_213_912

/**
 * Files in the PostgreSQL server (`material_file_chunks`), so that every instance of the proxy serves every file.
 * An upload is written chunk by chunk under a temporary key, each chunk its own statement (a slow upload holds no
 * connection or transaction open), then renamed to its id in one short transaction: readers see the whole file or
 * the one before. Reads fetch one chunk per query, only the chunks a byte range covers, and only the part of the
 * first and last chunk the range needs.
 */
export class PostgresFileStore implements FileStore {
  readonly kind = 'postgres'
  constructor(private readonly db: Db) {}

  async write(id: string, source: Source): Promise<number> {
    const temp = `upload:${randomUUID()}`
    let seq = 0
    let size = 0
    try {
      for await (const chunk of fixedChunks(source, CHUNK_BYTES)) {
        await this.db.execute(sql`INSERT INTO material_file_chunks (file_id, seq, bytes) VALUES (${temp}, ${seq}, ${chunk})`)
        seq += 1
        size += chunk.length
      }
      // An empty file is one empty chunk, so that it exists.
      if (seq === 0)
        await this.db.execute(sql`INSERT INTO material_file_chunks (file_id, seq, bytes) VALUES (${temp}, 0, ${Buffer.alloc(0)})`)
      await this.db.transaction(async (tx) => {
        // Two writes of one id take turns here, so the rename never meets the other write's chunks.
        await tx.execute(sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK}, hashtext(${id}))`)
        await tx.execute(sql`DELETE FROM material_file_chunks WHERE file_id = ${id}`)
        await tx.execute(sql`UPDATE material_file_chunks SET file_id = ${id} WHERE file_id = ${temp}`)
      })
    } catch (err) {
      await this.db.execute(sql`DELETE FROM material_file_chunks WHERE file_id = ${temp}`).catch(() => undefined)
      throw err
    }
    return size
  }

  async size(id: string): Promise<number | null> {
    // octet_length of an out-of-line value reads its pointer, not its bytes.
    const [row] = rowsOf<{ n: number; size: string | number | null }>(
      await this.db.execute(
        sql`SELECT count(*)::int AS n, sum(octet_length(bytes)) AS size FROM material_file_chunks WHERE file_id = ${id}`,
      ),
    )
    return row && Number(row.n) > 0 ? Number(row.size) : null
  }

  stream(id: string, start: number, end: number): Readable {
    const db = this.db
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let seq = Math.floor(start / CHUNK_BYTES); seq <= Math.floor(end / CHUNK_BYTES); seq++) {
        const from = Math.max(start - seq * CHUNK_BYTES, 0)
        const to = Math.min(end - seq * CHUNK_BYTES, CHUNK_BYTES - 1)
        const [row] = rowsOf<{ part: Uint8Array }>(
          await db.execute(
            sql`SELECT substring(bytes FROM ${from + 1} FOR ${to - from + 1}) AS part FROM material_file_chunks
              WHERE file_id = ${id} AND seq = ${seq}`,
          ),
        )
        if (!row) throw new Error(`file ${id} has no chunk ${seq}: deleted or replaced while being read`)
        yield Buffer.isBuffer(row.part) ? row.part : Buffer.from(row.part.buffer, row.part.byteOffset, row.part.length)
      }
    }
    // One chunk read ahead at most: a slow client never makes the process hold more of the file.
    return Readable.from(chunks(), { highWaterMark: 1 })
  }

  async remove(id: string): Promise<void> {
    await this.db.execute(sql`DELETE FROM material_file_chunks WHERE file_id = ${id}`)
  }

  async totalBytes(): Promise<number> {
    const [row] = rowsOf<{ size: string | number }>(
      await this.db.execute(sql`SELECT pg_total_relation_size('material_file_chunks') AS size`),
    )
    return Number(row?.size ?? 0)
  }
}
