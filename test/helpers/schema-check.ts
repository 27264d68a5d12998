import { createRequire } from 'node:module'
import { eq, sql } from 'drizzle-orm'
import type { PgDatabase } from 'drizzle-orm/pg-core'
import { rowsOf } from '../../server/store/migrate.js'
import * as schema from '../../server/store/schema.js'

type AnyDb = PgDatabase<any, any>

// drizzle-kit's programmatic API is CommonJS with esbuild inside: loaded on demand, by the tests that compare schemas.
const require = createRequire(import.meta.url)
export const drizzleKit = () => require('drizzle-kit/api') as typeof import('drizzle-kit/api')

/**
 * The public schema as PostgreSQL describes it: columns in table order with type, nullability and default, every
 * constraint's definition and every index's. Two databases with equal catalogues hold the same tables.
 */
export async function catalogue(db: AnyDb, except: string[] = []): Promise<string[]> {
  const skip = new Set(except)
  const columns = rowsOf<Record<string, string>>(
    await db.execute(sql`SELECT table_name AS t, ordinal_position AS n, column_name AS c, data_type AS type, is_nullable AS null,
      column_default AS def FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`),
  )
  const constraints = rowsOf<Record<string, string>>(
    await db.execute(sql`SELECT conrelid::regclass::text AS t, conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`),
  )
  const indexes = rowsOf<Record<string, string>>(
    await db.execute(
      sql`SELECT tablename AS t, indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`,
    ),
  )
  return [
    ...columns.map((r) => `column ${r.t}.${r.c} #${r.n} ${r.type} ${r.null} ${r.def}`),
    ...constraints.map((r) => `constraint ${r.t}.${r.name} ${r.def}`),
    ...indexes.map((r) => `index ${r.t}.${r.name} ${r.def}`),
  ].filter((line) => !skip.has(line.split(' ')[1]!.split('.')[0]!))
}

/**
 * What schema.ts declares, made real by drizzle-kit itself: `pushSchema` into `empty`, then read back as a catalogue.
 * (Comparing catalogues, not asking push for a diff of a migrated database: drizzle-kit 0.31's push introspection
 * loses a composite primary key's column order and its programmatic API drops query parameters, so it reports
 * drift on every database with a composite key — drizzle-team/drizzle-orm#6193.)
 */
export async function declaredCatalogue(empty: AnyDb): Promise<string[]> {
  const { pushSchema } = drizzleKit()
  const push = await pushSchema(schema, empty)
  await push.apply()
  return catalogue(empty)
}

/** A send goes in and comes back out: the table works, not only exists. */
export async function roundTripSend(db: AnyDb, id: string): Promise<unknown> {
  const at = new Date('2025-06-01T08:00:00.000Z')
  await db.insert(schema.sends).values({
    id,
    userId: 'zhangwei',
    idempotencyKey: `key-${id}`,
    requestHash: 'h',
    channel: 'rpa',
    externalUserId: 'wmA',
    content: [{ type: 'text', text: '你好' }],
    status: 'pending',
    createdAt: at,
    updatedAt: at,
  })
  const [row] = await db.select().from(schema.sends).where(eq(schema.sends.id, id))
  return row && { status: row.status, content: row.content, attempts: row.attempts, mediaRefreshed: row.mediaRefreshed }
}
