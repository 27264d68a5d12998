import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Material, MaterialList } from '../../contracts/materials.js'
import { useLatest } from '../composables/latest.js'
import { failureOf, type Failure } from '../errors.js'
import { listMaterials, type MaterialQuery } from '../api/materials.js'

type Folder = MaterialList['folders'][number]

const keyOf = (q: MaterialQuery) => JSON.stringify([q.q?.trim() ?? '', q.folder ?? null, q.kind ?? null])

/**
 * The materials library as the 素材 tab shows it: one query at a time (search words, folder), its answer most used
 * first, and every folder with its count. Answers already seen are shown at once when a query comes back (flipping
 * between folders) while a fresh copy loads; an answer to a query that is no longer current is ignored.
 */
export const useMaterialsStore = defineStore('materials', () => {
  const query = ref<MaterialQuery>({})
  const items = shallowRef<Material[]>([])
  const folders = shallowRef<Folder[]>([])
  const loading = ref(false)
  const error = ref<Failure | null>(null)
  /** The current query has been answered at least once: an empty list means "none", not "not asked yet". */
  const loaded = ref(false)
  const seen = new Map<string, MaterialList>()
  const latest = useLatest()

  /** Nothing in the library at all (not just nothing matching). */
  const libraryEmpty = computed(() => loaded.value && folders.value.reduce((n, f) => n + f.count, 0) === 0 && items.value.length === 0)
  /** The library has materials, this query found none. */
  const noResults = computed(() => loaded.value && !libraryEmpty.value && items.value.length === 0)
  /** Some answer has come: the folders' counts are known (they are the whole library's, whatever the query). */
  const counted = ref(false)
  /** null until counted: 「全部 0」 while loading or after a failed first load would say the library is empty. */
  const total = computed(() => (counted.value ? folders.value.reduce((n, f) => n + f.count, 0) : null))

  async function load(next: MaterialQuery = query.value): Promise<void> {
    const key = keyOf(next)
    query.value = { ...next }
    error.value = null
    const cached = seen.get(key)
    if (cached) show(cached)
    else loaded.value = false
    loading.value = true
    const answer = await latest.ask(async () => {
      const list = await listMaterials(next)
      // Kept even when a newer query overtook it: coming back to this query shows it at once.
      seen.set(key, list)
      return list
    })
    if (!answer) return
    loading.value = false
    if (answer.ok) show(answer.value)
    else error.value = failureOf(answer.error)
  }

  function show(list: MaterialList) {
    items.value = list.items
    folders.value = list.folders
    loaded.value = true
    counted.value = true
  }

  /** Pull to refresh, retry: the same query again, from the proxy. */
  const refresh = () => load(query.value)

  const find = (id: string) => items.value.find((m) => m.id === id)

  return { query, items, folders, total, loading, error, loaded, libraryEmpty, noResults, load, refresh, find }
})
