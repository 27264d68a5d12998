import { randomBytes, randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileStoreSuite, pieces } from '../../../test/helpers/file-store-suite.js'
import { findPostgresBin, startPostgres, type TempPostgres } from '../../../test/helpers/postgres.js'
import type { Db } from '../../store/db.js'
import { openStore, type Store } from '../../store/db.js'
import { rowsOf } from '../../store/migrate.js'
import { CHUNK_BYTES, PostgresFileStore } from './postgres-file-store.js'

// A real PostgreSQL 15 (Debian's package), thrown away after: the store's SQL, its bytea and its transactions as they
// run in a deployment. Without the binaries this file says so and is skipped, as server/store/postgres.test.ts is.
const bin = findPostgresBin()
if (!bin) console.warn('postgres-file-store.test.ts skipped: no PostgreSQL server binaries (apt-get install postgresql)')

describe.skipIf(!bin)('files in PostgreSQL', () => {
  let server: TempPostgres
  let store: Store
  beforeAll(async () => {
    server = await startPostgres(bin!)
    store = await openStore({ kind: 'postgres', url: server.url })
  }, 60_000)
  afterAll(async () => {
    await store?.close()
    await server?.stop()
  })

  fileStoreSuite('postgres', async () => ({ store: new PostgresFileStore(store.db), close: async () => undefined }))

  /** The store on a db that counts its statements. */
  function counted(): { files: PostgresFileStore; statements: () => number } {
    let n = 0
    const db = new Proxy(store.db, {
      get: (target, key) =>
        key === 'execute'
          ? (query: Parameters<Db['execute']>[0]) => {
              n += 1
              return target.execute(query)
            }
          : Reflect.get(target, key),
    })
    return { files: new PostgresFileStore(db), statements: () => n }
  }

  async function read(files: PostgresFileStore, id: string, start: number, end: number): Promise<Buffer> {
    const parts: Buffer[] = []
    for await (const part of files.stream(id, start, end)) parts.push(part as Buffer)
    return Buffer.concat(parts)
  }

  it('keeps 256 KB chunks, and reads only the chunks a range covers', async () => {
    const id = randomUUID()
    const data = randomBytes(10 * CHUNK_BYTES + 5)
    const { files, statements } = counted()
    await files.write(id, pieces(data, 100_000))
    const chunks = rowsOf<{ seq: number; len: number }>(
      await store.db.execute(sql`SELECT seq, octet_length(bytes) AS len FROM material_file_chunks WHERE file_id = ${id} ORDER BY seq`),
    )
    expect(chunks.map((c) => Number(c.len))).toEqual([...Array(10).fill(CHUNK_BYTES), 5])

    const before = statements()
    expect((await read(files, id, 0, 0)).equals(data.subarray(0, 1))).toBe(true)
    expect(statements() - before).toBe(1)
    const across = [4 * CHUNK_BYTES - 3, 4 * CHUNK_BYTES + 2]
    expect((await read(files, id, across[0]!, across[1]!)).equals(data.subarray(across[0], across[1]! + 1))).toBe(true)
    expect(statements() - before).toBe(1 + 2)
    expect((await read(files, id, data.length - 1, data.length - 1))[0]).toBe(data[data.length - 1])
    expect(statements() - before).toBe(1 + 2 + 1)
  })

  it('removes every chunk of a deleted file, and leaves no temporary chunks after a failed upload', async () => {
    const files = new PostgresFileStore(store.db)
    const id = randomUUID()
    await files.write(id, pieces(randomBytes(3 * CHUNK_BYTES), 65_536))
    async function* broken(): AsyncGenerator<Buffer> {
      yield* pieces(randomBytes(2 * CHUNK_BYTES + 1), 65_536)
      throw new Error('client went away')
    }
    await expect(files.write(randomUUID(), broken())).rejects.toThrow('client went away')
    await files.remove(id)
    const left = rowsOf<{ file_id: string }>(
      await store.db.execute(sql`SELECT DISTINCT file_id FROM material_file_chunks WHERE file_id = ${id} OR file_id LIKE 'upload:%'`),
    )
    expect(left).toEqual([])
  })

  it('takes many writes of one file at the same moment: none fails, one of them is kept whole', async () => {
    // Small files finish together, so their renames meet: without the per-id lock all but one fail on the key.
    const files = new PostgresFileStore(store.db)
    for (let round = 0; round < 5; round++) {
      const id = randomUUID()
      const versions = Array.from({ length: 8 }, () => randomBytes(1000))
      const results = await Promise.allSettled(versions.map((v) => files.write(id, [v])))
      expect(results.filter((r) => r.status === 'rejected')).toEqual([])
      const stored = await read(files, id, 0, 999)
      expect(versions.filter((v) => v.equals(stored))).toHaveLength(1)
    }
  })

  it('stores the bytes uncompressed and out of line (STORAGE EXTERNAL), so substring reads only what it needs', async () => {
    const [row] = rowsOf<{ storage: string }>(
      await store.db.execute(
        sql`SELECT attstorage AS storage FROM pg_attribute WHERE attrelid = 'material_file_chunks'::regclass AND attname = 'bytes'`,
      ),
    )
    expect(row?.storage).toBe('e')
  })
})
