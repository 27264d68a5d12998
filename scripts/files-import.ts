// npm run files:import [-- --delete]: moves the materials library's files from DATA_DIR/files into the PostgreSQL
// server named by DATABASE_URL (where the proxy keeps them when it has one), so that every instance serves them.
// Idempotent; prints what it did; leaves the disk files unless --delete (then only those safely in the database).
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { DiskFileStore } from '../server/services/file-store/disk-file-store.js'
import { importDiskFiles, type ImportCounts } from '../server/services/file-store/import-disk-files.js'
import { PostgresFileStore } from '../server/services/file-store/postgres-file-store.js'
import { openStore } from '../server/store/db.js'

export async function filesImport(env: NodeJS.ProcessEnv, args: string[], log = console.log): Promise<ImportCounts> {
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set: files are imported into a PostgreSQL server only')
  const dir = join(resolve(env.DATA_DIR ?? './data'), 'files')
  // Opening the store applies the migrations, so the chunk table exists even before the new release first starts.
  const store = await openStore({ kind: 'postgres', url: env.DATABASE_URL })
  try {
    log(`Importing ${dir} into the database${args.includes('--delete') ? ', deleting each file imported' : ''}`)
    const counts = await importDiskFiles({
      db: store.db,
      disk: new DiskFileStore(dir),
      target: new PostgresFileStore(store.db),
      deleteFromDisk: args.includes('--delete'),
      log,
    })
    log(
      `${counts.imported} imported, ${counts.present} already in the database, ${counts.unknown} unknown (no row), ` +
        `${counts.damaged} damaged (hash differs), ${counts.deleted} deleted from disk`,
    )
    return counts
  } finally {
    await store.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  filesImport(process.env, process.argv.slice(2)).then(
    (c) => (process.exitCode = c.damaged ? 1 : 0),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err)
      process.exitCode = 1
    },
  )
}
