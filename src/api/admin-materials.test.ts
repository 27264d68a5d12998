import { CanceledError, type AxiosAdapter, type AxiosProgressEvent, type InternalAxiosRequestConfig } from 'axios'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StoredFile } from '../../contracts/materials.js'
import { listMaterials, uploadMaterialFile, UPLOAD_CANCELLED } from './admin-materials.js'
import { ApiFailure, http } from './http.js'

const original = http.defaults.adapter
let seen: InternalAxiosRequestConfig[] = []
const STORED: StoredFile = {
  fileId: '6f1c2a4e-8a7b-4c1d-9e2f-0a1b2c3d4e5f',
  name: 'poster.png',
  format: 'png',
  mime: 'image/png',
  size: 1000,
  kinds: ['image', 'file'],
}

function use(adapter: AxiosAdapter) {
  http.defaults.adapter = async (config) => {
    seen.push(config)
    return adapter(config)
  }
}
const json = (config: InternalAxiosRequestConfig, status: number, data: unknown) => ({
  data,
  status,
  statusText: '',
  headers: { 'content-type': 'application/json' },
  config,
})
const progress = (loaded: number, total: number) => ({ loaded, total }) as AxiosProgressEvent

async function failureOf(promise: Promise<unknown>): Promise<ApiFailure> {
  const err = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ApiFailure)
  return err as ApiFailure
}

describe('admin materials API', () => {
  beforeEach(() => (seen = []))
  afterEach(() => (http.defaults.adapter = original))

  it('lists with only the filters that are set; an empty folder (未分类) is a filter', async () => {
    use(async (config) => json(config, 200, { items: [], folders: [] }))
    await listMaterials({ q: '  海报 ', kind: 'image' })
    await listMaterials({ folder: '' })
    await listMaterials({ q: '   ' })
    expect(seen.map((c) => c.params)).toEqual([{ q: '海报', kind: 'image' }, { folder: '' }, {}])
    expect(seen[0]!.url).toBe('/materials')
  })

  it('uploads the file as the multipart field `file` and reports progress as bytes leave', async () => {
    const percents: number[] = []
    use(async (config) => {
      config.onUploadProgress?.(progress(250, 1000))
      config.onUploadProgress?.(progress(1000, 1000))
      return json(config, 201, STORED)
    })
    const file = new File([new Uint8Array(1000)], 'poster.png', { type: 'image/png' })
    const stored = await uploadMaterialFile(file, { onProgress: (p) => percents.push(p) })
    expect(stored).toEqual(STORED)
    expect(percents).toEqual([25, 100])
    const sent = seen[0]!
    expect(sent.method).toBe('post')
    expect(sent.url).toBe('/material-files')
    expect(sent.data).toBeInstanceOf(FormData)
    const part = (sent.data as FormData).get('file') as File
    expect(part.name).toBe('poster.png')
    expect(part.size).toBe(1000)
    expect([...(sent.data as FormData).keys()]).toEqual(['file'])
    // Big files over slow lines: far longer than the JSON calls' 45 s.
    expect(sent.timeout).toBeGreaterThanOrEqual(5 * 60_000)
  })

  it('a cancelled upload is CANCELLED, not a network failure', async () => {
    use(
      (config) =>
        new Promise((_, reject) => {
          config.signal?.addEventListener?.('abort', () => reject(new CanceledError(undefined, undefined, config)))
        }),
    )
    const controller = new AbortController()
    const pending = uploadMaterialFile(new File(['x'], 'a.pdf'), { signal: controller.signal })
    await Promise.resolve()
    controller.abort()
    const failure = await failureOf(pending)
    expect(failure.code).toBe(UPLOAD_CANCELLED)
    expect(failure.message).toBe('已取消上传')
  })

  it('a refusal keeps the proxy’s code and words', async () => {
    use(async (config) => json(config, 413, { code: 'FILE_TOO_LARGE', message: '文件不能超过 20 MB' }))
    const failure = await failureOf(uploadMaterialFile(new File(['x'], 'a.pdf')))
    expect(failure).toMatchObject({ status: 413, code: 'FILE_TOO_LARGE', message: '文件不能超过 20 MB' })
  })
})
