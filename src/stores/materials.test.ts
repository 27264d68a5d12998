// @vitest-environment node
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { MaterialList } from '../../contracts/materials.js'
import { ApiFailure } from '../api/http.js'
import * as api from '../api/materials.js'
import { everyKind, makeList } from '../components/materials/testing.js'
import { useMaterialsStore } from './materials.js'

vi.mock('../api/materials.js', () => ({ listMaterials: vi.fn(), getMaterial: vi.fn() }))
const listMaterials = vi.mocked(api.listMaterials)

const deferred = <T>() => {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

const all = everyKind()
const FULL = makeList(Object.values(all))

describe('materials store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
  })

  it('loads a query: items as the proxy ordered them, folders, loaded', async () => {
    listMaterials.mockResolvedValue(FULL)
    const store = useMaterialsStore()
    expect(store.loaded).toBe(false)
    const loading = store.load({ q: '报价' })
    expect(store.loading).toBe(true)
    await loading
    expect(listMaterials).toHaveBeenCalledWith({ q: '报价' })
    expect(store.items.map((m) => m.id)).toEqual(FULL.items.map((m) => m.id))
    expect(store.folders).toEqual(FULL.folders)
    expect(store.total).toBe(7)
    expect(store.loading).toBe(false)
    expect(store.loaded).toBe(true)
    expect(store.query).toEqual({ q: '报价' })
  })

  it('ignores the answer to a query that is no longer current', async () => {
    const slow = deferred<MaterialList>()
    const fast = deferred<MaterialList>()
    listMaterials.mockReturnValueOnce(slow.promise).mockReturnValueOnce(fast.promise)
    const store = useMaterialsStore()
    const first = store.load({ q: '报' })
    const second = store.load({ q: '报价单' })
    fast.resolve(makeList([all.file]))
    await second
    slow.resolve(FULL)
    await first
    expect(store.items.map((m) => m.id)).toEqual([all.file.id])
    expect(store.query.q).toBe('报价单')
    expect(store.loading).toBe(false)
  })

  it('an old failure does not overwrite a newer answer', async () => {
    const slow = deferred<MaterialList>()
    listMaterials.mockReturnValueOnce(slow.promise).mockResolvedValueOnce(FULL)
    const store = useMaterialsStore()
    const first = store.load({ folder: '资料' })
    await store.load({})
    slow.reject(new ApiFailure(502, 'UPSTREAM', '坏了'))
    await first
    expect(store.error).toBeNull()
    expect(store.items).toHaveLength(7)
  })

  it('shows a query seen before at once while asking again', async () => {
    listMaterials.mockResolvedValueOnce(makeList([all.file, all.link])).mockResolvedValueOnce(FULL)
    const store = useMaterialsStore()
    await store.load({ folder: '资料' })
    await store.load({})
    const again = deferred<MaterialList>()
    listMaterials.mockReturnValueOnce(again.promise)
    const pending = store.load({ folder: '资料' })
    expect(store.items.map((m) => m.id)).toEqual([all.file.id, all.link.id])
    expect(store.loaded).toBe(true)
    again.resolve(makeList([all.link]))
    await pending
    expect(store.items.map((m) => m.id)).toEqual([all.link.id])
  })

  it('a new query not seen before is not loaded until it answers', async () => {
    listMaterials.mockResolvedValueOnce(FULL)
    const store = useMaterialsStore()
    await store.load({})
    listMaterials.mockReturnValueOnce(new Promise(() => {}))
    void store.load({ q: '新' })
    expect(store.loaded).toBe(false)
  })

  it('tells an empty library from a search without results', async () => {
    listMaterials.mockResolvedValueOnce(makeList([], []))
    const store = useMaterialsStore()
    await store.load({})
    expect(store.libraryEmpty).toBe(true)
    expect(store.noResults).toBe(false)

    listMaterials.mockResolvedValueOnce(makeList([], FULL.folders))
    await store.load({ q: '没有这个' })
    expect(store.libraryEmpty).toBe(false)
    expect(store.noResults).toBe(true)
  })

  it('keeps the error to show with a retry; refresh asks the same query again', async () => {
    listMaterials.mockRejectedValueOnce(new ApiFailure(0, 'NETWORK', '网络连接不上服务，请检查网络后重试。'))
    const store = useMaterialsStore()
    await store.load({ folder: '' })
    expect(store.error?.message).toBe('网络连接不上服务，请检查网络后重试。')
    expect(store.loaded).toBe(false)
    listMaterials.mockResolvedValueOnce(makeList([all.miniprogram, all.groupShare]))
    await store.refresh()
    expect(listMaterials).toHaveBeenLastCalledWith({ folder: '' })
    expect(store.error).toBeNull()
    expect(store.items).toHaveLength(2)
  })
})
