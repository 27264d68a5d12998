import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { RouterView, type Router } from 'vue-router'
import * as api from '../../api/admin-materials.js'
import { ApiFailure } from '../../api/http.js'
import { logout } from '../../api/session.js'
import * as feedback from '../../composables/useFeedback.js'
import { useSessionStore } from '../../stores/session.js'
import { adminRouter, material } from './testing.js'

vi.mock('../../api/admin-materials.js', async (importActual) => ({
  ...(await importActual<typeof import('../../api/admin-materials.js')>()),
  listMaterials: vi.fn(),
  deleteMaterial: vi.fn(),
  getMaterial: vi.fn(),
  createMaterial: vi.fn(),
  updateMaterial: vi.fn(),
}))
vi.mock('../../api/session.js', async (importActual) => ({
  ...(await importActual<typeof import('../../api/session.js')>()),
  logout: vi.fn(),
}))
vi.mock('../../composables/useFeedback.js', () => ({ confirmAction: vi.fn(), toast: vi.fn() }))
const listMaterials = vi.mocked(api.listMaterials)
const deleteMaterial = vi.mocked(api.deleteMaterial)
const confirmAction = vi.mocked(feedback.confirmAction)
const toast = vi.mocked(feedback.toast)

const IMAGE = material({
  title: '双十一海报',
  folder: '活动',
  tags: ['双十一', '海报'],
  useCount: 12,
  content: { type: 'image', file: { fileId: '0b1c2a4e-8a7b-4c1d-9e2f-0a1b2c3d4e5f', name: 'poster.png', size: 2048 } },
})
const LINK = material({ title: '会场链接', content: { type: 'link', url: 'https://shop.example.com/11', title: '双十一会场' } })
const FOLDERS = [
  { name: '', count: 1 },
  { name: '活动', count: 1 },
]

let pinia: Pinia
let wrapper: VueWrapper | undefined
const Root = defineComponent({ render: () => h(RouterView) })

async function open(path = '/admin/materials', admin = true): Promise<{ w: VueWrapper; router: Router }> {
  const router = adminRouter()
  useSessionStore(pinia).session = { userId: 'zhangwei', isAdmin: admin } as never
  await router.push(path)
  wrapper = mount(Root, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { w: wrapper, router }
}
const rows = (w: VueWrapper) => w.findAll('[data-test="admin-material-row"]')
const lastFilter = () => listMaterials.mock.calls.at(-1)?.[0]

describe('the admin materials list', () => {
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    vi.clearAllMocks()
    listMaterials.mockResolvedValue({ items: [IMAGE, LINK], folders: FOLDERS })
  })
  afterEach(() => {
    vi.useRealTimers()
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('lists each material with its kind, folder, tags, use count and author', async () => {
    const { w } = await open()
    // The page's own name under the admin pages' header (管理后台), the word its tab in the header uses.
    expect(w.get('[data-test="admin-list-title"]').text()).toBe('素材库')
    expect(listMaterials).toHaveBeenCalledWith({ q: undefined, folder: undefined, kind: undefined })
    expect(rows(w).map((r) => r.attributes('data-id'))).toEqual([IMAGE.id, LINK.id])
    const first = rows(w)[0]!
    expect(first.text()).toContain('双十一海报')
    expect(first.text()).toContain('图片')
    expect(first.text()).toContain('活动')
    expect(first.text()).toContain('双十一')
    expect(first.text()).toContain('12')
    expect(first.text()).toContain('zhangwei')
    expect(first.get('img').attributes('src')).toBe(`/files/${IMAGE.content.type === 'image' ? IMAGE.content.file.fileId : ''}/poster.png`)
    expect(rows(w)[1]!.text()).toContain('未分类')
    expect(w.get('[data-test="admin-count"]').text()).toBe('共 2 条')
    expect(w.get('[data-test="admin-new"]').attributes('href')).toBe('/admin/materials/new')
  })

  it('searches when typing pauses, with the words in the address', async () => {
    vi.useFakeTimers()
    const { w, router } = await open()
    const search = w.get('[data-test="admin-search"]')
    await search.setValue('海')
    await search.setValue('海报')
    expect(listMaterials).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(350)
    await flushPromises()
    expect(listMaterials).toHaveBeenCalledTimes(2)
    expect(lastFilter()).toEqual({ q: '海报', folder: undefined, kind: undefined })
    expect(router.currentRoute.value.query).toEqual({ q: '海报' })
  })

  it('filters by folder (未分类 included) and kind, together', async () => {
    const { w, router } = await open()
    const folder = w.get('[data-test="admin-filter-folder"]')
    expect(folder.findAll('option').map((o) => o.text())).toEqual(['全部文件夹', '未分类（1）', '活动（1）'])
    await folder.setValue('活动')
    await flushPromises()
    expect(lastFilter()).toEqual({ q: undefined, folder: '活动', kind: undefined })
    await w.get('[data-test="admin-filter-kind"] [data-value="image"]').trigger('click')
    await flushPromises()
    expect(lastFilter()).toEqual({ q: undefined, folder: '活动', kind: 'image' })
    expect(router.currentRoute.value.query).toEqual({ folder: '活动', kind: 'image' })

    const options = folder.findAll('option')
    ;(options[1]!.element as HTMLOptionElement).selected = true
    await folder.trigger('change')
    await flushPromises()
    expect(lastFilter()).toEqual({ q: undefined, folder: '', kind: 'image' })
  })

  it('opens with the filters of its address (coming back from a form)', async () => {
    await open('/admin/materials?kind=link&q=会场')
    expect(listMaterials).toHaveBeenCalledWith({ q: '会场', folder: undefined, kind: 'link' })
    expect((wrapper!.get('[data-test="admin-search"]').element as HTMLInputElement).value).toBe('会场')
    expect(wrapper!.get('[data-test="admin-filter-kind"] [aria-checked="true"]').attributes('data-value')).toBe('link')
  })

  it('an empty library invites to add; a filter that finds nothing offers to clear it', async () => {
    listMaterials.mockResolvedValue({ items: [], folders: [] })
    const { w, router } = await open()
    expect(w.get('[data-test="admin-empty"]').text()).toContain('素材库还是空的')
    wrapper!.unmount()

    const again = await open('/admin/materials?kind=video')
    expect(again.w.find('[data-test="admin-empty"]').exists()).toBe(false)
    await again.w.get('[data-test="admin-no-match"] [data-test="state-action"]').trigger('click')
    await flushPromises()
    expect(again.router.currentRoute.value.query).toEqual({})
    expect(lastFilter()).toEqual({ q: undefined, folder: undefined, kind: undefined })
    expect(router).not.toBe(again.router)
  })

  it('a list refused for good says why with no retry; one that failed on its way retries', async () => {
    listMaterials.mockRejectedValueOnce(new ApiFailure(403, 'ADMIN_ONLY', '只有管理员可以管理素材库。'))
    const refused = (await open()).w
    expect(refused.get('[data-test="admin-list-failed"]').text()).toContain('只有管理员可以管理素材库。')
    expect(refused.find('[data-test="admin-list-failed"] [data-test="state-action"]').exists()).toBe(false)
    expect(refused.get('[data-test="admin-list-failed"]').text()).toContain('复制错误信息')
    refused.unmount()

    listMaterials.mockRejectedValueOnce(new ApiFailure(502, 'HTTP_502', '服务暂时出错（502），请稍后重试。'))
    const { w } = await open()
    expect(w.get('[data-test="admin-list-failed"]').text()).toContain('服务暂时出错')
    await w.get('[data-test="admin-list-failed"] [data-test="state-action"]').trigger('click')
    await flushPromises()
    expect(rows(w)).toHaveLength(2)
  })

  it('deletes after confirmation only', async () => {
    const { w } = await open()
    confirmAction.mockResolvedValueOnce(false)
    await rows(w)[0]!.get('[data-test="admin-delete"]').trigger('click')
    await flushPromises()
    expect(confirmAction).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining('双十一海报') }))
    expect(deleteMaterial).not.toHaveBeenCalled()

    confirmAction.mockResolvedValueOnce(true)
    deleteMaterial.mockResolvedValueOnce(undefined)
    listMaterials.mockResolvedValue({ items: [LINK], folders: [{ name: '', count: 1 }] })
    await rows(w)[0]!.get('[data-test="admin-delete"]').trigger('click')
    await flushPromises()
    expect(deleteMaterial).toHaveBeenCalledWith(IMAGE.id)
    expect(rows(w).map((r) => r.attributes('data-id'))).toEqual([LINK.id])
    expect(toast).toHaveBeenCalledWith('已删除')
  })

  it('a failed delete keeps the row and says why', async () => {
    const { w } = await open()
    confirmAction.mockResolvedValueOnce(true)
    deleteMaterial.mockRejectedValueOnce(new ApiFailure(0, 'NETWORK', '网络连接不上服务，请检查网络后重试。'))
    await rows(w)[0]!.get('[data-test="admin-delete"]').trigger('click')
    await flushPromises()
    expect(rows(w)).toHaveLength(2)
    expect(toast).toHaveBeenCalledWith('没能删除：网络连接不上服务，请检查网络后重试。')
  })
})

describe('the admin gate', () => {
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    vi.clearAllMocks()
    listMaterials.mockResolvedValue({ items: [IMAGE], folders: FOLDERS })
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
  })

  it('a staff member who is not an admin sees why, and nothing is asked of the proxy', async () => {
    const { w } = await open('/admin/materials', false)
    expect(w.get('[data-test="admin-denied"]').text()).toContain('只有管理员可以打开管理后台')
    expect(w.get('[data-test="admin-denied"]').text()).toContain('zhangwei')
    expect(w.find('[data-test="admin-material-list"]').exists()).toBe(false)
    expect(w.find('[data-test="admin-new"]').exists()).toBe(false)
    expect(listMaterials).not.toHaveBeenCalled()
    // No links to pages that would refuse them too.
    expect(w.find('[data-test="admin-nav-status"]').exists()).toBe(false)
  })

  it('outside WeCom, a refused account can sign out and scan again with another; inside WeCom nothing is offered', async () => {
    const assign = vi.fn()
    vi.stubGlobal('location', { ...window.location, pathname: '/admin/status', search: '', assign })
    vi.mocked(logout).mockResolvedValue(undefined)
    try {
      const { w } = await open('/admin/materials', false)
      await w.get('[data-test="admin-switch-account"]').trigger('click')
      await flushPromises()
      expect(logout).toHaveBeenCalledOnce()
      expect(assign).toHaveBeenCalledWith('/api/auth/login?returnTo=%2Fadmin%2Fstatus')
    } finally {
      vi.unstubAllGlobals()
    }
    wrapper?.unmount()
    const ua = vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue('Mozilla/5.0 wxwork/4.1.20 MicroMessenger/7.0.1')
    try {
      const { w } = await open('/admin/materials', false)
      expect(w.find('[data-test="admin-denied"]').exists()).toBe(true)
      expect(w.find('[data-test="admin-switch-account"]').exists()).toBe(false)
    } finally {
      ua.mockRestore()
    }
  })

  it('the form is gated too', async () => {
    const { w } = await open('/admin/materials/new', false)
    expect(w.find('[data-test="admin-denied"]').exists()).toBe(true)
    expect(w.find('[data-test="admin-form"]').exists()).toBe(false)
  })

  it('an admin gets the list', async () => {
    const { w } = await open('/admin/materials', true)
    expect(w.find('[data-test="admin-denied"]').exists()).toBe(false)
    expect(rows(w)).toHaveLength(1)
  })
})
