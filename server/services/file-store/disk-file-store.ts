import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import type { FileStore, Source } from './file-store.js'

/** Ids are uuids from this process; anything else never reaches the disk. */
export const FILE_ID = /^[0-9a-f-]{36}$/

/**
 * One file per id under `dir` (DATA_DIR/files). A write goes to a temporary name, is synced and renamed, so a crash
 * never leaves half a file under a real id.
 */
export class DiskFileStore implements FileStore {
  readonly kind = 'disk'
  constructor(readonly dir: string) {}

  private path(id: string): string {
    if (!FILE_ID.test(id)) throw new Error('not a file id')
    return join(this.dir, id)
  }

  async write(id: string, source: Source): Promise<number> {
    const target = this.path(id)
    await mkdir(this.dir, { recursive: true })
    const temp = join(this.dir, `.${id}.${randomUUID()}.tmp`)
    const handle = await open(temp, 'wx', 0o600)
    let size = 0
    try {
      for await (const piece of source) {
        let offset = 0
        while (offset < piece.length) offset += (await handle.write(piece, offset)).bytesWritten
        size += piece.length
      }
      await handle.sync()
    } catch (err) {
      await handle.close()
      await rm(temp, { force: true })
      throw err
    }
    await handle.close()
    await rename(temp, target)
    return size
  }

  async size(id: string): Promise<number | null> {
    return (await stat(this.path(id)).catch(missing))?.size ?? null
  }

  stream(id: string, start: number, end: number): Readable {
    return createReadStream(this.path(id), { start, end })
  }

  async remove(id: string): Promise<void> {
    await rm(this.path(id), { force: true })
  }

  /** The ids stored here (temporary files left by a crash are not ones): what `npm run files:import` moves. */
  async ids(): Promise<string[]> {
    const names = await readdir(this.dir).catch(missing)
    return (names ?? []).filter((name) => FILE_ID.test(name)).sort()
  }

  async totalBytes(): Promise<number> {
    let total = 0
    for (const id of await this.ids()) total += (await this.size(id)) ?? 0
    return total
  }
}

function missing(err: NodeJS.ErrnoException): null {
  if (err.code === 'ENOENT') return null
  throw err
}
