import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from './db.js'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { MIGRATIONS_FOLDER } from './migrate.js'
import * as schema from './schema.js'

const tables: PgTable[] = [
  schema.sessions,
  schema.contactLinks,
  schema.sends,
  schema.campaigns,
  schema.materialFiles,
  schema.materials,
  schema.mediaUploads,
  schema.friends,
  schema.qikeliaoEntries,
]

describe('store', () => {
  it('migrations create exactly the columns schema.ts describes', async () => {
    const store = await openStore({ kind: 'memory' })
    try {
      for (const table of tables) {
        const cfg = getTableConfig(table)
        const res = await store.db.execute(
          sql`SELECT column_name, is_nullable, data_type FROM information_schema.columns WHERE table_name = ${cfg.name} ORDER BY column_name`,
        )
        const actual = ((res as { rows: unknown[] }).rows as Array<{ column_name: string; is_nullable: string; data_type: string }>).map(
          (r) => `${r.column_name}:${r.is_nullable === 'NO' ? 'notnull' : 'null'}`,
        )
        const expected = cfg.columns.map((c) => `${c.name}:${c.notNull ? 'notnull' : 'null'}`).sort()
        expect(actual, cfg.name).toEqual(expected)
      }
    } finally {
      await store.close()
    }
  })

  it('keeps data in DATA_DIR across restarts and applies each migration once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'store-'))
    const first = await openStore({ kind: 'pglite', dataDir })
    await first.db.insert(schema.campaigns).values({ taskId: 42, name: '双十一', addedBy: 'zhangwei', createdAt: new Date() })
    await first.close()
    const second = await openStore({ kind: 'pglite', dataDir })
    try {
      const rows = await second.db.select().from(schema.campaigns)
      expect(rows.map((r) => r.name)).toEqual(['双十一'])
      const applied = await second.db.execute(sql`SELECT hash FROM drizzle.__drizzle_migrations`)
      expect((applied as { rows: unknown[] }).rows).toHaveLength(readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length)
    } finally {
      await second.close()
    }
  })

  it('a send names exactly one target: a customer or a customer group', async () => {
    const store = await openStore({ kind: 'memory' })
    const at = new Date()
    const row = (n: number, target: { externalUserId?: string | null; chatId?: string | null }) => ({
      id: `send-${n}`,
      userId: 'zhangwei',
      idempotencyKey: `key-${n}`,
      requestHash: 'h',
      channel: 'chat' as const,
      content: [],
      status: 'awaiting_client' as const,
      createdAt: at,
      updatedAt: at,
      ...target,
    })
    try {
      await store.db.insert(schema.sends).values(row(1, { externalUserId: 'wmA' }))
      await store.db.insert(schema.sends).values(row(2, { chatId: 'wrB' }))
      await expect(store.db.insert(schema.sends).values(row(3, { externalUserId: 'wmA', chatId: 'wrB' }))).rejects.toThrow()
      await expect(store.db.insert(schema.sends).values(row(4, {}))).rejects.toThrow()
      expect(await store.db.select({ id: schema.sends.id }).from(schema.sends)).toHaveLength(2)
    } finally {
      await store.close()
    }
  })
})
