import { Material, MaterialList } from '../../contracts/materials.js'
import type { ContentKind } from '../../contracts/content.js'
import { call } from './http.js'

/** What the 素材 tab asks for. `folder: ''` is 「未分类」; `undefined` means every folder. */
export interface MaterialQuery {
  q?: string
  folder?: string
  kind?: ContentKind
}

/** The library, most used first, with every folder and its count (whatever the filter). */
export function listMaterials(query: MaterialQuery = {}) {
  const params: Record<string, string> = {}
  const q = query.q?.trim()
  if (q) params.q = q
  if (query.folder !== undefined) params.folder = query.folder
  if (query.kind) params.kind = query.kind
  return call(MaterialList, { url: '/materials', params })
}

export const getMaterial = (id: string) => call(Material, { url: `/materials/${encodeURIComponent(id)}` })
