import type { Store } from '../../store/db.js'
import { DiskFileStore } from './disk-file-store.js'
import { MemoryFileStore, type FileStore } from './file-store.js'
import { PostgresFileStore } from './postgres-file-store.js'

/**
 * On a PostgreSQL server the files go into it, so every instance behind a load balancer serves every file; on PGlite
 * (one process) they stay in `dir` (DATA_DIR/files); without a `dir`, in memory (tests).
 */
export function fileStoreFor(store: Pick<Store, 'db' | 'kind'>, dir: string | undefined): FileStore {
  if (store.kind === 'postgres') return new PostgresFileStore(store.db)
  return dir ? new DiskFileStore(dir) : new MemoryFileStore()
}
