import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Material, MaterialInput, MaterialList } from '../../contracts/materials.js'
import { createMaterial, deleteMaterial, getMaterial, listMaterials, updateMaterial, type MaterialFilter } from '../api/admin-materials.js'
import { useLatest } from '../composables/latest.js'
import { ApiFailure, failureOf, type Failure } from '../errors.js'

/** What the list is filtered by; the admin pages build it from the address without reaching into src/api/. */
export type { MaterialFilter }

/** The library as the admin pages see it: one filtered list, and the writes that change it. */
export const useAdminMaterialsStore = defineStore('admin-materials', () => {
  const items = ref<Material[]>([])
  const folders = ref<MaterialList['folders']>([])
  /** The creators' names by userid (null: WeCom withholds it). */
  const creators = ref<Record<string, string | null>>({})
  /** True once a list has arrived: an empty list before that means "not asked yet". */
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<Failure | null>(null)
  const latest = useLatest()

  /** Reads the list for `filter`; an answer to an older question (the admin kept typing) is ignored. */
  async function load(filter: MaterialFilter = {}): Promise<void> {
    loading.value = true
    const answer = await latest.ask(() => listMaterials(filter))
    if (!answer) return
    loading.value = false
    if (!answer.ok) {
      error.value = failureOf(answer.error)
      return
    }
    items.value = answer.value.items
    folders.value = answer.value.folders
    creators.value = answer.value.names?.staff ?? {}
    loaded.value = true
    error.value = null
  }

  /** One material, fresh from the proxy (the form edits what is stored now, not what the list showed). */
  const fetchOne = (id: string) => getMaterial(id)

  /** Creates (`id` null) or replaces. Throws the proxy's `ApiFailure` for the form to show. */
  async function save(id: string | null, input: MaterialInput): Promise<Material> {
    const saved = id ? await updateMaterial(id, input) : await createMaterial(input)
    const at = items.value.findIndex((m) => m.id === saved.id)
    if (at >= 0) items.value.splice(at, 1, saved)
    return saved
  }

  /** A material someone else deleted already counts as deleted. */
  async function remove(id: string): Promise<void> {
    try {
      await deleteMaterial(id)
    } catch (err) {
      if (!(err instanceof ApiFailure && err.status === 404)) throw err
    }
    latest.drop() // a list on its way was asked before this delete and must not bring the row back
    loading.value = false
    items.value = items.value.filter((m) => m.id !== id)
  }

  return { items, folders, creators, loaded, loading, error, load, fetchOne, save, remove }
})
