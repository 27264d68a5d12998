import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { reactive } from 'vue'
import { FILE_ONLY_FORMATS, formatsText, MEDIA_FORMATS } from '../../../contracts/content.js'
import type { StoredFile } from '../../../contracts/materials.js'
import * as api from '../../api/admin-materials.js'
import { ApiFailure } from '../../api/http.js'
import MediaField from './MediaField.vue'
import { emptyDraft, type MediaDraft } from './material-form.js'

vi.mock('../../api/admin-materials.js', async (importActual) => {
  const actual = await importActual<typeof import('../../api/admin-materials.js')>()
  return { ...actual, uploadMaterialFile: vi.fn() }
})
const upload = vi.mocked(api.uploadMaterialFile)

const STORED: StoredFile = {
  fileId: '6f1c2a4e-8a7b-4c1d-9e2f-0a1b2c3d4e5f',
  name: 'poster.png',
  format: 'png',
  mime: 'image/png',
  size: 2048,
  kinds: ['image', 'file'],
}

/** An upload the test drives: progress, success, failure, or waiting for the cancel. */
function controlled() {
  let options: api.UploadOptions = {}
  let resolve!: (f: StoredFile) => void
  let reject!: (e: unknown) => void
  upload.mockImplementation((_file, o = {}) => {
    options = o
    return new Promise<StoredFile>((res, rej) => {
      resolve = res
      reject = rej
      o.signal?.addEventListener('abort', () => rej(new ApiFailure(0, api.UPLOAD_CANCELLED, '已取消上传')))
    })
  })
  return { progress: (p: number) => options.onProgress?.(p), resolve: (f: StoredFile) => resolve(f), reject: (e: unknown) => reject(e) }
}

let wrapper: VueWrapper | undefined
function open(media: MediaDraft = reactive(emptyDraft('image').media)) {
  // The form's part of the draft: it takes each new version the field hands back (v-model:media).
  const take = (next: MediaDraft) => Object.assign(media, next)
  wrapper = mount(MediaField, { props: { media, kind: 'image', 'onUpdate:media': take }, attachTo: document.body })
  return { w: wrapper, media }
}
async function pick(w: VueWrapper, file: File) {
  const input = w.get('[data-test="admin-file-input"]')
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
}
const png = (size = 2048) => new File([new Uint8Array(size)], 'poster.png', { type: 'image/png' })

describe('MediaField', () => {
  beforeEach(() => {
    upload.mockReset()
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('shows the upload’s progress, then the stored file; the draft gets its id, name and kinds', async () => {
    const up = controlled()
    const { w, media } = open()
    await pick(w, png())
    expect(upload).toHaveBeenCalledTimes(1)
    expect(upload.mock.calls[0]![0].name).toBe('poster.png')
    const bar = () => w.get('[data-test="admin-upload-progress"]')
    expect(bar().attributes('aria-valuenow')).toBe('0')
    expect(w.emitted('update:uploading')?.at(-1)).toEqual([true])

    up.progress(42)
    await flushPromises()
    expect(bar().attributes('aria-valuenow')).toBe('42')
    expect(w.text()).toContain('正在上传 42%')

    up.resolve(STORED)
    await flushPromises()
    expect(w.find('[data-test="admin-upload-progress"]').exists()).toBe(false)
    expect(media.stored).toEqual({ fileId: STORED.fileId, name: 'poster.png', size: 2048, kinds: ['image', 'file'] })
    expect(media.name).toBe('poster.png')
    expect(w.emitted('uploaded')).toEqual([[STORED]])
    expect(w.emitted('update:uploading')?.at(-1)).toEqual([false])
    expect(w.get('[data-test="admin-stored-file"]').text()).toContain('可作为：图片、文件')
  })

  it('cancel stops the request and says so; retry sends the same file again', async () => {
    const up = controlled()
    const { w, media } = open()
    const file = png()
    await pick(w, file)
    up.progress(30)
    await w.get('[data-test="admin-upload-cancel"]').trigger('click')
    await flushPromises()
    const signal = upload.mock.calls[0]![1]!.signal!
    expect(signal.aborted).toBe(true)
    expect(w.find('[data-test="admin-upload-progress"]').exists()).toBe(false)
    expect(w.get('[data-test="admin-upload-error"]').text()).toContain('已取消上传')
    expect(media.stored).toBeNull()

    const again = controlled()
    await w.get('[data-test="admin-upload-retry"]').trigger('click')
    expect(upload).toHaveBeenCalledTimes(2)
    expect(upload.mock.calls[1]![0]).toBe(file)
    again.resolve(STORED)
    await flushPromises()
    expect(media.stored?.fileId).toBe(STORED.fileId)
  })

  it('a refused upload shows the proxy’s reason and offers no retry: the same file fails the same way', async () => {
    const up = controlled()
    const { w, media } = open()
    await pick(w, png())
    up.reject(new ApiFailure(400, 'FILE_NAME_MISMATCH', '文件名「poster.png」和文件内容不符：它其实是 pdf 文件。'))
    await flushPromises()
    expect(w.get('[data-test="admin-upload-error"]').text()).toBe('上传失败：文件名「poster.png」和文件内容不符：它其实是 pdf 文件。')
    expect(w.find('[data-test="admin-upload-retry"]').exists()).toBe(false)
    expect(media.stored).toBeNull()
    expect(w.emitted('uploaded')).toBeUndefined()
  })

  it('an upload that failed on its way (the proxy busy, the network gone) offers a retry', async () => {
    for (const failure of [new ApiFailure(503, 'SHUTTING_DOWN', '服务正在重启，请稍后重试。'), new ApiFailure(0, 'NETWORK', '网络断了')]) {
      const up = controlled()
      const { w } = open()
      await pick(w, png())
      up.reject(failure)
      await flushPromises()
      expect(w.find('[data-test="admin-upload-retry"]').exists(), failure.code).toBe(true)
      wrapper?.unmount()
    }
  })

  it('one list of formats, from the contract, in the hint and in every refusal of a type', async () => {
    const hint = () => w.get('[data-test="admin-drop-hint"]').text()
    const { w } = open()
    const lists = [formatsText(MEDIA_FORMATS.image), formatsText(MEDIA_FORMATS.video), formatsText(FILE_ONLY_FORMATS)]
    for (const list of lists) expect(hint()).toContain(list)
    // gif, webp and mov are taken, as files: the hint says so, as the refusals do.
    expect(hint()).toContain('gif')

    // A type the library does not take: refused before a byte is sent, with the hint's list, and no retry.
    await pick(w, new File(['a,b'], '名单.csv'))
    expect(upload).not.toHaveBeenCalled()
    const refusal = () => w.get('[data-test="admin-upload-error"]').text()
    expect(refusal()).toContain('无法识别「名单.csv」的文件类型')
    for (const list of lists) expect(refusal()).toContain(list)
    expect(w.find('[data-test="admin-upload-retry"]').exists()).toBe(false)

    // Bytes the proxy cannot read behind a known name: its refusal is worded with the same list.
    const up = controlled()
    await pick(w, png())
    up.reject(new ApiFailure(400, 'FILE_TYPE_UNKNOWN', 'whatever the proxy said'))
    await flushPromises()
    expect(refusal()).toContain('无法识别「poster.png」的文件类型')
    for (const list of lists) expect(refusal()).toContain(list)
    expect(w.find('[data-test="admin-upload-retry"]').exists()).toBe(false)
  })

  it('a file over 20 MB is refused before a byte is sent, without a retry', async () => {
    const { w } = open()
    await pick(w, png(20 * 1024 * 1024 + 1))
    expect(upload).not.toHaveBeenCalled()
    expect(w.get('[data-test="admin-upload-error"]').text()).toContain('文件不能超过 20 MB')
    expect(w.find('[data-test="admin-upload-retry"]').exists()).toBe(false)
  })

  it('a dropped file is uploaded like a picked one', async () => {
    const up = controlled()
    const { w } = open()
    const file = png()
    await w.get('[data-test="admin-drop"]').trigger('drop', { dataTransfer: { files: [file] } })
    expect(upload).toHaveBeenCalledTimes(1)
    expect(upload.mock.calls[0]![0]).toBe(file)
    up.resolve(STORED)
    await flushPromises()
    expect(w.emitted('uploaded')).toHaveLength(1)
  })

  it('the URL option takes an address and names the file after it', async () => {
    const { w, media } = open()
    await w.get('[data-test="admin-source-url"]').trigger('click')
    expect(media.source).toBe('url')
    const url = w.get('[data-test="admin-file-url"]')
    await url.setValue('https://cdn.example.com/img/%E6%B5%B7%E6%8A%A5.jpg')
    await url.trigger('blur')
    expect(media.url).toBe('https://cdn.example.com/img/%E6%B5%B7%E6%8A%A5.jpg')
    expect(media.name).toBe('海报.jpg')
    expect((w.get('[data-test="admin-file-name"]').element as HTMLInputElement).value).toBe('海报.jpg')
  })
})
