import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readWhole } from '../server/services/file-store/file-store.js'
import { PostgresFileStore } from '../server/services/file-store/postgres-file-store.js'
import { openStore, type Store } from '../server/store/db.js'
import { rowsOf } from '../server/store/migrate.js'
import { materialFiles } from '../server/store/schema.js'
import { findPostgresBin, startPostgres, type TempPostgres } from '../test/helpers/postgres.js'
import { filesImport } from './files-import.js'

const bin = findPostgresBin()
if (!bin) console.warn('files-import.test.ts skipped: no PostgreSQL server binaries (apt-get install postgresql)')

describe.skipIf(!bin)('npm run files:import', () => {
  let server: TempPostgres
  let store: Store
  let dataDir: string
  const files = [randomBytes(600 * 1024), randomBytes(1000)].map((bytes) => ({ id: randomUUID(), bytes }))
  const stray = randomUUID()
  const damaged = { id: randomUUID(), bytes: randomBytes(2000) }
  beforeAll(async () => {
    server = await startPostgres(bin!)
    store = await openStore({ kind: 'postgres', url: server.url })
    dataDir = mkdtempSync(join(tmpdir(), 'files-import-'))
    mkdirSync(join(dataDir, 'files'))
    const row = (id: string, bytes: Buffer) => ({
      id,
      name: `${id}.pdf`,
      format: 'pdf',
      mime: 'application/pdf',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      createdBy: 'zhangwei',
      createdAt: new Date(),
    })
    for (const f of files) {
      writeFileSync(join(dataDir, 'files', f.id), f.bytes)
      await store.db.insert(materialFiles).values(row(f.id, f.bytes))
    }
    // On disk without a row, and on disk with other bytes than its row records.
    writeFileSync(join(dataDir, 'files', stray), randomBytes(10))
    writeFileSync(join(dataDir, 'files', damaged.id), randomBytes(damaged.bytes.length))
    await store.db.insert(materialFiles).values(row(damaged.id, damaged.bytes))
    writeFileSync(join(dataDir, 'files', `.${randomUUID()}.tmp`), 'half an upload')
  }, 60_000)
  afterAll(async () => {
    await store?.close()
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const env = () => ({ DATABASE_URL: server.url, DATA_DIR: dataDir })
  const lines: string[] = []
  const log = (line: string) => lines.push(line)

  it('copies the files the library knows, byte for byte, and reports what it did', async () => {
    const counts = await filesImport(env(), [], log)
    expect(counts).toEqual({ imported: 2, present: 0, unknown: 1, damaged: 1, deleted: 0 })
    const target = new PostgresFileStore(store.db)
    for (const f of files) expect((await readWhole(target, f.id))!.equals(f.bytes)).toBe(true)
    expect(await target.size(damaged.id)).toBeNull()
    expect(await target.size(stray)).toBeNull()
    expect(lines.at(-1)).toBe('2 imported, 0 already in the database, 1 unknown (no row), 1 damaged (hash differs), 0 deleted from disk')
    for (const f of files) expect(existsSync(join(dataDir, 'files', f.id))).toBe(true)
  })

  it('is idempotent, and with --delete removes from disk only what is in the database', async () => {
    const chunks = async () =>
      Number(rowsOf<{ n: string }>(await store.db.execute(sql`SELECT count(*) AS n FROM material_file_chunks`))[0]!.n)
    const before = await chunks()
    expect(await filesImport(env(), [], log)).toEqual({ imported: 0, present: 2, unknown: 1, damaged: 1, deleted: 0 })
    expect(await chunks()).toBe(before)
    expect(await filesImport(env(), ['--delete'], log)).toEqual({ imported: 0, present: 2, unknown: 1, damaged: 1, deleted: 2 })
    for (const f of files) expect(existsSync(join(dataDir, 'files', f.id))).toBe(false)
    expect(existsSync(join(dataDir, 'files', stray))).toBe(true)
    expect(existsSync(join(dataDir, 'files', damaged.id))).toBe(true)
  })

  it('refuses to run without DATABASE_URL', async () => {
    await expect(filesImport({ DATA_DIR: dataDir }, [], log)).rejects.toThrow('DATABASE_URL is not set')
  })
})
