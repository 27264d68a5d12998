import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { MaterialList } from '../../contracts/materials.js'
import * as api from '../api/admin-materials.js'
import { ApiFailure } from '../api/http.js'
import { material } from '../views/admin/testing.js'
import { useAdminMaterialsStore } from './admin-materials.js'

vi.mock('../api/admin-materials.js', () => ({
  listMaterials: vi.fn(),
  getMaterial: vi.fn(),
  createMaterial: vi.fn(),
  updateMaterial: vi.fn(),
  deleteMaterial: vi.fn(),
}))
const listMaterials = vi.mocked(api.listMaterials)
const deleteMaterial = vi.mocked(api.deleteMaterial)
const updateMaterial = vi.mocked(api.updateMaterial)

function deferred<T>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

describe('admin materials store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
  })

  it('keeps the answer to the last question when an older one arrives late', async () => {
    const store = useAdminMaterialsStore()
    const older = deferred<MaterialList>()
    const newer = deferred<MaterialList>()
    listMaterials.mockReturnValueOnce(older.promise).mockReturnValueOnce(newer.promise)
    const a = store.load({ q: '海' })
    const b = store.load({ q: '海报' })
    const fresh = material({ title: '海报' })
    newer.resolve({ items: [fresh], folders: [] })
    await b
    older.resolve({ items: [material({ title: '海' }), material()], folders: [] })
    await a
    expect(store.items).toEqual([fresh])
    expect(store.loading).toBe(false)
  })

  it('an error keeps what was shown and says why', async () => {
    const store = useAdminMaterialsStore()
    const shown = material()
    listMaterials.mockResolvedValueOnce({ items: [shown], folders: [] })
    await store.load()
    listMaterials.mockRejectedValueOnce(new ApiFailure(502, 'HTTP_502', '服务暂时出错（502），请稍后重试。'))
    await store.load()
    expect(store.items).toEqual([shown])
    expect(store.error?.message).toBe('服务暂时出错（502），请稍后重试。')
  })

  it('a material already deleted elsewhere counts as deleted; other failures are thrown', async () => {
    const store = useAdminMaterialsStore()
    const [a, b] = [material(), material()]
    listMaterials.mockResolvedValueOnce({ items: [a, b], folders: [] })
    await store.load()
    deleteMaterial.mockRejectedValueOnce(new ApiFailure(404, 'MATERIAL_NOT_FOUND', '素材不存在'))
    await store.remove(a.id)
    expect(store.items).toEqual([b])
    deleteMaterial.mockRejectedValueOnce(new ApiFailure(403, 'ADMIN_ONLY', '只有管理员可以管理素材库。'))
    await expect(store.remove(b.id)).rejects.toMatchObject({ code: 'ADMIN_ONLY' })
    expect(store.items).toEqual([b])
  })

  it('a saved edit replaces its row', async () => {
    const store = useAdminMaterialsStore()
    const a = material({ title: '旧标题' })
    listMaterials.mockResolvedValueOnce({ items: [a], folders: [] })
    await store.load()
    updateMaterial.mockResolvedValueOnce({ ...a, title: '新标题' })
    await store.save(a.id, { title: '新标题', content: a.content })
    expect(updateMaterial).toHaveBeenCalledWith(a.id, { title: '新标题', content: a.content })
    expect(store.items.map((m) => m.title)).toEqual(['新标题'])
  })
})
