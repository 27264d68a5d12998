import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Content, isMedia } from '../../contracts/content.js'
import { openStore, type Store } from '../store/db.js'
import { materialFiles, materials } from '../store/schema.js'
import { DEMO_MATERIALS, seedDemoMaterials } from './materials.js'
import { MaterialFileStore } from '../services/material-files.js'

let store: Store
beforeAll(async () => {
  store = await openStore({ kind: 'memory' })
})
afterAll(async () => {
  await store?.close()
})

const now = new Date('2025-03-01T08:00:00Z')
const seed = (files: MaterialFileStore) =>
  seedDemoMaterials(store.db, files, { publicUrl: 'http://localhost:8080', createdBy: 'zhangwei', now })

describe('the demo materials', () => {
  it('a dozen of every kind, in folders, stored once however often the demo starts', async () => {
    await seed(new MaterialFileStore({ db: store.db }))
    const first = await store.db.select().from(materials)
    // A restart: a new (memory) file store, the same database.
    const restarted = new MaterialFileStore({ db: store.db })
    await seed(restarted)
    const rows = await store.db.select().from(materials)
    expect(rows).toEqual(first)
    expect(rows).toHaveLength(12)
    expect(await store.db.select().from(materialFiles)).toHaveLength(6)

    const kinds: Record<string, number> = {}
    for (const r of rows) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1
    expect(kinds).toEqual({ text: 2, image: 3, video: 1, file: 2, link: 2, miniprogram: 1, groupShare: 1 })
    expect(new Set(rows.map((r) => r.folder))).toEqual(new Set(['常用话术', '产品图片', '产品视频', '价格政策', '售后服务', '活动']))
    expect(new Set(rows.map((r) => r.useCount)).size).toBeGreaterThan(8)

    for (const r of rows) {
      const content = Content.parse(r.content)
      expect(content.type).toBe(r.kind)
      // The restarted store serves every file again.
      if (isMedia(content)) expect((await restarted.read(content.file.fileId!))?.length, r.title).toBe(content.file.size)
      if ('thumbUrl' in content && content.thumbUrl) expect(content.thumbUrl).toMatch(/^http:\/\/localhost:8080\/files\/[0-9a-f-]{36}\//)
    }
    // Newest first in the list: each a day older than the one before.
    const byId = new Map(rows.map((r) => [r.id, r]))
    expect(byId.get(DEMO_MATERIALS[0]!.id)!.createdAt.getTime() - byId.get(DEMO_MATERIALS[1]!.id)!.createdAt.getTime()).toBe(24 * 3600_000)
  })
})
