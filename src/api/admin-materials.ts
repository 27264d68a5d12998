import * as z from 'zod/mini'
import { Material, StoredFile, type MaterialInput } from '../../contracts/materials.js'
import { ApiFailure, call } from './http.js'
import { t } from '../i18n/index.js'

// The admin side of the materials library. Every route answers 403 ADMIN_ONLY to anyone else.

// Reading is the same call the 素材 tab makes (`folder: ''` is 未分类, `undefined` every folder).
export { listMaterials, getMaterial, type MaterialQuery as MaterialFilter } from './materials.js'

export const createMaterial = (input: MaterialInput) => call(Material, { url: '/materials', method: 'POST', data: input })

export const updateMaterial = (id: string, input: MaterialInput) =>
  call(Material, { url: `/materials/${encodeURIComponent(id)}`, method: 'PUT', data: input })

/** 204. */
export const deleteMaterial = (id: string) => call(z.undefined(), { url: `/materials/${encodeURIComponent(id)}`, method: 'DELETE' })

export interface UploadOptions {
  /** Called with 0–100 as bytes leave the browser. */
  onProgress?: (percent: number) => void
  signal?: AbortSignal
}

/** A cancelled upload is not a failure to report: callers check `code === 'CANCELLED'`. */
export const UPLOAD_CANCELLED = 'CANCELLED'

/**
 * Stores one file (multipart, field `file`, ≤ 20 MB). The answer says what the bytes really are and which kinds the
 * file can be sent as.
 */
export async function uploadMaterialFile(file: File, options: UploadOptions = {}): Promise<StoredFile> {
  const form = new FormData()
  form.append('file', file, file.name)
  try {
    return await call(StoredFile, {
      url: '/material-files',
      method: 'POST',
      data: form,
      signal: options.signal,
      // 20 MB over a slow office line takes minutes; the default 45 s is for JSON calls.
      timeout: 10 * 60_000,
      onUploadProgress: (e) => {
        const total = e.total ?? file.size
        if (total > 0) options.onProgress?.(Math.min(100, Math.round((e.loaded / total) * 100)))
      },
    })
  } catch (err) {
    // `call` reports an aborted request as a network failure; here it was the admin's choice.
    if (options.signal?.aborted) throw new ApiFailure(0, UPLOAD_CANCELLED, t('admin.form.uploadCancelled'))
    throw err
  }
}
