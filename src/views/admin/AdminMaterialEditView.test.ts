import { flushPromises, mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { RouterView, type Router } from 'vue-router'
import type { StoredFile } from '../../../contracts/materials.js'
import * as api from '../../api/admin-materials.js'
import { ApiFailure } from '../../api/http.js'
import * as feedback from '../../composables/useFeedback.js'
import { useSessionStore } from '../../stores/session.js'
import { adminRouter, material } from './testing.js'

vi.mock('../../api/admin-materials.js', async (importActual) => ({
  ...(await importActual<typeof import('../../api/admin-materials.js')>()),
  listMaterials: vi.fn(),
  getMaterial: vi.fn(),
  createMaterial: vi.fn(),
  updateMaterial: vi.fn(),
  uploadMaterialFile: vi.fn(),
}))
vi.mock('../../composables/useFeedback.js', () => ({ confirmAction: vi.fn(), toast: vi.fn() }))
const api$ = vi.mocked(api)
const confirmAction = vi.mocked(feedback.confirmAction)
const toast = vi.mocked(feedback.toast)

const FILE_ID = '0b1c2a4e-8a7b-4c1d-9e2f-0a1b2c3d4e5f'
const PDF: StoredFile = { fileId: FILE_ID, name: '报价单.pdf', format: 'pdf', mime: 'application/pdf', size: 300_000, kinds: ['file'] }

let pinia: Pinia
let wrapper: VueWrapper | undefined
const Root = defineComponent({ render: () => h(RouterView) })

async function open(path = '/admin/materials/new'): Promise<{ w: VueWrapper; router: Router }> {
  const router = adminRouter()
  useSessionStore(pinia).session = { userId: 'zhangwei', isAdmin: true } as never
  await router.push(path)
  wrapper = mount(Root, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { w: wrapper, router }
}
const field = (w: VueWrapper, test: string) => w.get(`[data-test="${test}"]`) as DOMWrapper<HTMLInputElement>
const kind = (w: VueWrapper, value: string) => w.get(`[data-test="admin-kind"] [data-value="${value}"]`)
const problem = (w: VueWrapper, key: string) => w.find(`[data-test="problem-${key}"]`)
async function type(w: VueWrapper, test: string, value: string) {
  await field(w, test).setValue(value)
  await field(w, test).trigger('focusout')
}
async function save(w: VueWrapper) {
  await w.get('[data-test="admin-form"]').trigger('submit')
  await flushPromises()
}

describe('the material form', () => {
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    vi.clearAllMocks()
    api$.listMaterials.mockResolvedValue({ items: [], folders: [{ name: '活动', count: 2 }] })
    api$.createMaterial.mockImplementation(async (input) => material({ title: input.title }))
    confirmAction.mockResolvedValue(true)
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('saving an empty form shows the contract’s messages beside the fields and sends nothing', async () => {
    const { w } = await open()
    expect(problem(w, 'title').exists()).toBe(false)
    await save(w)
    expect(api$.createMaterial).not.toHaveBeenCalled()
    expect(problem(w, 'title').text()).toBe('素材标题不能为空')
    expect(problem(w, 'content.file').text()).toBe('请上传文件，或改用链接')
    expect(toast).toHaveBeenCalledWith('请先修改标出的问题')
  })

  it('shows a field’s problem once the admin leaves it, not before', async () => {
    const { w } = await open()
    await kind(w, 'miniprogram').trigger('click')
    await field(w, 'admin-mp-page').setValue('pages/index/index')
    expect(problem(w, 'content.page').exists()).toBe(false)
    await field(w, 'admin-mp-page').trigger('focusout')
    expect(problem(w, 'content.page').text()).toBe('小程序页面路径必须以 .html 结尾，例如 pages/index/index.html')
    expect(problem(w, 'content.appId').exists()).toBe(false)
    await type(w, 'admin-mp-page', 'pages/index/index.html')
    expect(problem(w, 'content.page').exists()).toBe(false)
  })

  it('a link: fields, a preview card, and the checked input saved', async () => {
    const { w, router } = await open()
    await type(w, 'admin-title', '  双十一会场 ')
    await type(w, 'admin-folder', '活动')
    const tags = field(w, 'admin-tags-input')
    await tags.setValue('双十一')
    await tags.trigger('keydown', { key: 'Enter' })
    await kind(w, 'link').trigger('click')
    await type(w, 'admin-link-url', 'https://shop.example.com/11')
    await type(w, 'admin-link-title', '双十一主会场')
    await type(w, 'admin-link-description', '全场八折')
    const preview = w.get('[data-test="admin-preview"]')
    expect(preview.attributes('data-kind')).toBe('link')
    expect(preview.text()).toContain('双十一主会场')
    expect(preview.text()).toContain('全场八折')

    await save(w)
    expect(api$.createMaterial).toHaveBeenCalledWith({
      title: '双十一会场',
      folder: '活动',
      tags: ['双十一'],
      content: { type: 'link', url: 'https://shop.example.com/11', title: '双十一主会场', description: '全场八折' },
    })
    // Saved: back to the list (a lazy chunk, whose first load can outlast vi.waitFor's default 1 s) without asking,
    // with the saved material named for its highlight.
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/admin/materials'), { timeout: 5_000 })
    expect(router.currentRoute.value.query.saved).toEqual(expect.any(String))
    expect(confirmAction).not.toHaveBeenCalled()
    expect(toast).toHaveBeenCalledWith('已保存')
  })

  it('a group invitation: the seed’s example fields become numbers where the contract wants them', async () => {
    const { w } = await open()
    await type(w, 'admin-title', 'VIP 群邀请')
    await kind(w, 'groupShare').trigger('click')
    expect(w.text()).toContain('例如 46218981780@chatroom')
    expect(w.text()).toContain('例如 flag:000022')
    await type(w, 'admin-gs-roomid', '46218981780@chatroom')
    await type(w, 'admin-gs-roomname', 'VIP 客户群')
    await type(w, 'admin-gs-flag', 'flag:000022')
    await type(w, 'admin-gs-wechatid', '3430')
    expect(w.get('[data-test="admin-preview"]').text()).toContain('VIP 客户群')
    await save(w)
    expect(api$.createMaterial.mock.calls[0]![0].content).toEqual({
      type: 'groupShare',
      roomId: '46218981780@chatroom',
      roomName: 'VIP 客户群',
      flag: 'flag:000022',
      msgType: '6',
      wechatId: 3430,
      wechatLei: 0,
    })
  })

  it('text: a counter, and the limit named inline', async () => {
    const { w } = await open()
    await type(w, 'admin-title', '问候语')
    await kind(w, 'text').trigger('click')
    await type(w, 'admin-text', 'a'.repeat(2001))
    expect(w.get('[data-test="admin-text-counter"]').text()).toBe('2001 / 2000')
    expect(problem(w, 'content.text').text()).toBe('文字最多 2000 字')
    await save(w)
    expect(api$.createMaterial).not.toHaveBeenCalled()
    await type(w, 'admin-text', '您好，欢迎光临')
    expect(w.get('[data-test="admin-preview"]').text()).toContain('您好，欢迎光临')
    await save(w)
    expect(api$.createMaterial.mock.calls[0]![0].content).toEqual({ type: 'text', text: '您好，欢迎光临' })
  })

  it('after an upload the kinds come from the stored file: a pdf picked as an image becomes a file', async () => {
    api$.uploadMaterialFile.mockResolvedValue(PDF)
    const { w } = await open()
    expect(kind(w, 'image').attributes('aria-checked')).toBe('true')
    const input = w.get('[data-test="admin-file-input"]')
    Object.defineProperty(input.element, 'files', { value: [new File(['%PDF'], '报价单.pdf')], configurable: true })
    await input.trigger('change')
    await flushPromises()
    expect(kind(w, 'file').attributes('aria-checked')).toBe('true')
    expect(kind(w, 'image').attributes('disabled')).toBeDefined()
    expect(kind(w, 'video').attributes('disabled')).toBeDefined()
    expect(kind(w, 'link').attributes('disabled')).toBeUndefined()
    // The title is the file's name until the admin writes one.
    expect(field(w, 'admin-title').element.value).toBe('报价单')
    expect(w.get('[data-test="admin-preview"]').text()).toContain('报价单.pdf')
    await save(w)
    expect(api$.createMaterial.mock.calls[0]![0]).toEqual({
      title: '报价单',
      folder: '',
      tags: [],
      content: { type: 'file', file: { fileId: FILE_ID, name: '报价单.pdf', size: 300_000 } },
    })
  })

  it('an 11 MB png uploaded as an image says why it became a file, and the admin chooses: keep it as a file or upload another', async () => {
    const MB = 1024 * 1024
    const BIG: StoredFile = { fileId: FILE_ID, name: '展厅.png', format: 'png', mime: 'image/png', size: 11 * MB, kinds: ['file'] }
    const SMALL: StoredFile = { ...BIG, fileId: '1b1c2a4e-8a7b-4c1d-9e2f-0a1b2c3d4e5f', size: 2 * MB, kinds: ['image', 'file'] }
    const pick = async (name: string) => {
      const input = w.get('[data-test="admin-file-input"]')
      Object.defineProperty(input.element, 'files', { value: [new File(['x'], name)], configurable: true })
      await input.trigger('change')
      await flushPromises()
    }
    api$.uploadMaterialFile.mockResolvedValueOnce(BIG)
    const { w } = await open()
    await pick('展厅.png')
    const notice = () => w.find('[data-test="admin-as-file"]')
    expect(notice().text()).toContain('图片不能超过 10 MB：这张图片将作为文件发送，或压缩后重新上传')
    expect(kind(w, 'file').attributes('aria-checked')).toBe('true')
    // Not saved behind the admin's back: the choice comes first.
    await save(w)
    expect(api$.createMaterial).not.toHaveBeenCalled()
    expect(problem(w, 'content.file').text()).toBe('请先选择：作为文件发送，或重新上传')

    // 重新上传 with a smaller picture: an image again, nothing left to choose.
    api$.uploadMaterialFile.mockResolvedValueOnce(SMALL)
    expect(notice().find('[data-test="admin-as-file-replace"]').exists()).toBe(true)
    await pick('展厅-小.png')
    expect(kind(w, 'image').attributes('aria-checked')).toBe('true')
    expect(notice().exists()).toBe(false)

    // The big one again, and this time kept as a file: saved as a file.
    api$.uploadMaterialFile.mockResolvedValueOnce(BIG)
    await pick('展厅.png')
    expect(notice().exists()).toBe(true)
    await notice().get('[data-test="admin-as-file-keep"]').trigger('click')
    expect(notice().exists()).toBe(false)
    await save(w)
    expect(api$.createMaterial.mock.calls[0]![0].content).toEqual({
      type: 'file',
      file: { fileId: FILE_ID, name: '展厅.png', size: 11 * MB },
    })
  })

  it('does not save while a file is still uploading', async () => {
    api$.uploadMaterialFile.mockReturnValue(new Promise(() => {}))
    const { w } = await open()
    await type(w, 'admin-title', '海报')
    const input = w.get('[data-test="admin-file-input"]')
    Object.defineProperty(input.element, 'files', { value: [new File(['x'], 'a.png')], configurable: true })
    await input.trigger('change')
    await flushPromises()
    await save(w)
    expect(api$.createMaterial).not.toHaveBeenCalled()
    expect(toast).toHaveBeenCalledWith('请等文件上传完成')
  })

  it('edits a stored material with PUT, and shows the proxy’s refusal when saving fails', async () => {
    const stored = material({
      title: '报价单',
      folder: '销售',
      content: { type: 'file', file: { fileId: FILE_ID, name: '报价单.pdf', size: 300_000 } },
    })
    api$.getMaterial.mockResolvedValue(stored)
    api$.updateMaterial.mockRejectedValueOnce(new ApiFailure(404, 'MATERIAL_NOT_FOUND', '这个素材已被删除。'))
    const { w, router } = await open(`/admin/materials/${stored.id}`)
    expect(api$.getMaterial).toHaveBeenCalledWith(stored.id)
    expect(field(w, 'admin-title').element.value).toBe('报价单')
    expect(field(w, 'admin-folder').element.value).toBe('销售')
    expect(w.get('[data-test="admin-stored-file"]').text()).toContain('报价单.pdf')
    await type(w, 'admin-title', '2025 报价单')
    await save(w)
    expect(api$.updateMaterial).toHaveBeenCalledWith(stored.id, expect.objectContaining({ title: '2025 报价单', folder: '销售' }))
    expect(w.get('[data-test="admin-save-error"]').text()).toBe('没能保存：这个素材已被删除。')
    expect(router.currentRoute.value.name).toBe('admin-material-edit')
  })

  it('a material that cannot be read says why', async () => {
    api$.getMaterial.mockRejectedValue(new ApiFailure(404, 'MATERIAL_NOT_FOUND', '这个素材已被删除。'))
    const { w } = await open('/admin/materials/0b1c2a4e-8a7b-4c1d-9e2f-0a1b2c3d4e5f')
    expect(w.get('[data-test="admin-form-failed"]').text()).toContain('这个素材已被删除。')
    // Gone is gone: no 重试, but where to go instead.
    expect(w.find('[data-test="state-action"]').exists()).toBe(false)
    expect(w.get('[data-test="admin-form-failed"]').text()).toContain('可能已被删除或移走')
  })

  it('leaving with unsaved changes asks first; staying keeps the page', async () => {
    const { w, router } = await open()
    // Nothing typed: leaving asks nothing.
    await router.push('/admin/materials')
    expect(confirmAction).not.toHaveBeenCalled()
    await router.push('/admin/materials/new')
    await flushPromises()

    await type(w, 'admin-title', '半截的素材')
    confirmAction.mockResolvedValueOnce(false)
    await router.push('/admin/materials')
    expect(confirmAction).toHaveBeenCalledWith(expect.objectContaining({ message: '有未保存的修改，离开后将丢失。确定离开吗？' }))
    expect(router.currentRoute.value.fullPath).toBe('/admin/materials/new')
    expect(field(w, 'admin-title').element.value).toBe('半截的素材')

    confirmAction.mockResolvedValueOnce(true)
    await router.push('/admin/materials')
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/admin/materials'))
  })

  it('asks the browser to confirm closing the tab only while there are unsaved changes', async () => {
    const { w } = await open()
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true })
      window.dispatchEvent(event)
      return event.defaultPrevented
    }
    expect(unload()).toBe(false)
    await type(w, 'admin-title', '半截的素材')
    expect(unload()).toBe(true)
  })
})
