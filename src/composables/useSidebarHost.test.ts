import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { ApiFailure } from '../api/http.js'
import type { HostContext } from '../host/types.js'
import { useSidebarHost } from './useSidebarHost.js'

const FRIEND_ID = '3f0e7a52-8c1d-4b6e-9f21-0a4d5c6b7e81'

function setup(initial: HostContext | null, stored: string | null = null) {
  const context = ref<HostContext | null>(initial)
  const generation = ref(0)
  const saved = new Map<string, string>(stored ? [['playground.sidebarHost', stored]] : [])
  const storage = {
    getItem: (k: string) => saved.get(k) ?? null,
    setItem: (k: string, v: string) => void saved.set(k, v),
    removeItem: (k: string) => void saved.delete(k),
  }
  let n = 0
  const mint = vi.fn(async (id: string) => ({ url: `/api/qikeliao/enter?Type=WL&n=${++n}&for=${id}` }))
  let api!: ReturnType<typeof useSidebarHost>
  mount(defineComponent({ setup: () => ((api = useSidebarHost({ context, generation, mint, storage })), () => h('div')) }))
  return { context, generation, saved, mint, api: () => api }
}

beforeEach(() => {
  window.sessionStorage.clear()
})

describe("useSidebarHost (the playground's 企业微信 / 企客聊 switch)", () => {
  it('WeCom by default: the sidebar at / with no entry link, and the tab forgets an earlier 企客聊 entry', async () => {
    window.sessionStorage.setItem('sidebar.qikeliao.friend', FRIEND_ID)
    const { api, mint } = setup({ kind: 'contact', externalUserId: 'wmA' })
    await flushPromises()
    expect(api().mode.value).toBe('wecom')
    expect(api().src.value).toBe('/')
    expect(mint).not.toHaveBeenCalled()
    expect(window.sessionStorage.getItem('sidebar.qikeliao.friend')).toBeNull()
  })

  it('企客聊: a fresh entry link per customer, per reload, and none for a group', async () => {
    const { api, mint, context, generation, saved } = setup({ kind: 'contact', externalUserId: 'wmA' })
    api().setMode('qikeliao')
    await flushPromises()
    expect(saved.get('playground.sidebarHost')).toBe('qikeliao')
    expect(mint).toHaveBeenLastCalledWith('wmA')
    expect(api().src.value).toBe('/api/qikeliao/enter?Type=WL&n=1&for=wmA')

    // The next link waits for the frame to have loaded the previous one (it replaces the session cookie).
    context.value = { kind: 'contact', externalUserId: 'wmB' }
    await flushPromises()
    expect(api().state.value).toBe('minting')
    expect(mint).toHaveBeenCalledTimes(1)
    api().frameLoaded()
    await flushPromises()
    expect(api().src.value).toBe('/api/qikeliao/enter?Type=WL&n=2&for=wmB')

    api().frameLoaded()
    generation.value++
    await flushPromises()
    expect(api().src.value).toBe('/api/qikeliao/enter?Type=WL&n=3&for=wmB')

    context.value = { kind: 'group', chatId: 'wrG' }
    await flushPromises()
    expect(api().src.value).toBeNull()
    expect(api().state.value).toBe('unavailable')
    expect(api().problem.value).toContain('客户群')
  })

  it('says why a customer cannot be opened in 企客聊 (no Youmi identity), and goes back to WeCom', async () => {
    const { api, mint } = setup({ kind: 'contact', externalUserId: 'wmA' }, 'qikeliao')
    mint.mockRejectedValueOnce(new ApiFailure(409, 'NO_YOUMI_IDENTITY', '吴敏还没有关联友米身份'))
    await flushPromises()
    expect(api().mode.value).toBe('qikeliao')
    expect(api().state.value).toBe('unavailable')
    expect(api().problem.value).toBe('吴敏还没有关联友米身份')
    api().setMode('wecom')
    await flushPromises()
    expect(api().src.value).toBe('/')
    expect(api().state.value).toBe('ready')
  })
})
