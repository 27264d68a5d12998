import { createHash } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Db } from '../../store/db.js'
import { materialFiles } from '../../store/schema.js'
import type { DiskFileStore } from './disk-file-store.js'
import type { FileStore } from './file-store.js'

export interface ImportCounts {
  /** Copied into the database now. */
  imported: number
  /** Already in the database with the recorded size (an earlier run): left as they are. */
  present: number
  /** On disk but named by no `material_files` row (a crash between bytes and row, or a deleted file): not copied. */
  unknown: number
  /** Whose bytes on disk do not match the recorded hash: not copied (nothing in the database is replaced by them). */
  damaged: number
  /** Removed from disk after being found in the database (`--delete`). */
  deleted: number
}

/**
 * Moves the library's files from DATA_DIR/files into the database's store (`npm run files:import`), one file at a time
 * and streamed, so it runs in little memory whatever the library's size. Safe to run again: a file already there is
 * left alone. Disk files stay unless `deleteFromDisk`, and even then only those now safely in the database.
 */
export async function importDiskFiles(o: {
  db: Db
  disk: DiskFileStore
  target: FileStore
  deleteFromDisk?: boolean
  log?: (line: string) => void
}): Promise<ImportCounts> {
  const counts: ImportCounts = { imported: 0, present: 0, unknown: 0, damaged: 0, deleted: 0 }
  const log = o.log ?? (() => undefined)
  for (const id of await o.disk.ids()) {
    const [row] = await o.db.select().from(materialFiles).where(eq(materialFiles.id, id)).limit(1)
    if (!row) {
      counts.unknown += 1
      log(`? ${id}: no material_files row names it — left on disk`)
      continue
    }
    if ((await o.target.size(id)) === row.size) {
      counts.present += 1
    } else {
      const size = (await o.disk.size(id))!
      const hash = createHash('sha256')
      const source = size === 0 ? [] : o.disk.stream(id, 0, size - 1)
      async function* hashed() {
        for await (const piece of source as AsyncIterable<Buffer>) {
          hash.update(piece)
          yield piece
        }
      }
      // Written under the id only once whole (FileStore.write); removed again if it is not the file the row describes.
      await o.target.write(id, hashed())
      if (hash.digest('hex') !== row.sha256) {
        await o.target.remove(id)
        counts.damaged += 1
        log(`✗ ${id} (${row.name}): bytes on disk do not match the recorded sha256 — not imported`)
        continue
      }
      counts.imported += 1
      log(`✓ ${id} (${row.name}, ${size} bytes)`)
    }
    if (o.deleteFromDisk) {
      await o.disk.remove(id)
      counts.deleted += 1
    }
  }
  return counts
}
