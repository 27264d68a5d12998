import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, type Router } from 'vue-router'
import type { Session } from '../../contracts/session.js'
import { ApiFailure } from '../api/http.js'
import * as api from '../api/session.js'
import * as signatures from '../api/signatures.js'
import type { Placement } from '../host/index.js'
import { createAppRouter } from '../router/index.js'
import { useHostStore } from '../stores/host.js'
import { useBoot } from './useBoot.js'

vi.mock('../api/signatures.js', () => ({ fetchSignatures: vi.fn() }))
vi.mock('../api/session.js', async (importActual) => {
  const actual = await importActual<typeof import('../api/session.js')>()
  return { ...actual, fetchAppInfo: vi.fn(), fetchSession: vi.fn(), logout: vi.fn() }
})
// The views do not matter here (and are edited by others): only the routes and their meta do.
vi.mock('../views/SidebarLayout.vue', () => ({ default: { name: 'SidebarLayout', render: () => null } }))
vi.mock('../views/CustomerView.vue', () => ({ default: { name: 'CustomerView', render: () => null } }))
vi.mock('../views/CampaignsView.vue', () => ({ default: { name: 'CampaignsView', render: () => null } }))
vi.mock('../views/ReachView.vue', () => ({ default: { name: 'ReachView', render: () => null } }))
vi.mock('../views/PlaygroundView.vue', () => ({ default: { name: 'PlaygroundView', render: () => null } }))
vi.mock('../views/SetupView.vue', () => ({ default: { name: 'SetupView', render: () => null } }))
vi.mock('../views/admin/AdminLayout.vue', () => ({ default: { name: 'AdminLayout', render: () => null } }))
vi.mock('../views/admin/AdminMaterialsView.vue', () => ({ default: { name: 'AdminMaterialsView', render: () => null } }))
vi.mock('../views/admin/AdminMaterialEditView.vue', () => ({ default: { name: 'AdminMaterialEditView', render: () => null } }))

const fetchAppInfo = vi.mocked(api.fetchAppInfo)
const fetchSession = vi.mocked(api.fetchSession)
const fetchSignatures = vi.mocked(signatures.fetchSignatures)

/** The host was (last) started for `kind`, with the session's ids once the session check answers. */
async function expectStarted(start: { mock: { calls: unknown[][] } }, kind: string, app: Record<string, string>) {
  const call = start.mock.calls.findLast((c) => c[0] === kind)
  expect(call, `host.start('${kind}', …)`).toBeDefined()
  expect(await call![1]).toMatchObject(app)
}

const SESSION: Session = { userId: 'zhangsan', corpId: 'ww-corp', agentId: '1000002', isAdmin: false, demo: false }
const DEMO_SESSION: Session = { ...SESSION, corpId: 'wwdemo', demo: true }

async function boot(path: string, placement: Placement) {
  const router: Router = createAppRouter(createMemoryHistory())
  await router.push(path)
  const host = useHostStore()
  const start = vi.spyOn(host, 'start').mockResolvedValue(undefined)
  const b = useBoot({ router, placement: () => placement })
  return { router, start, ...b, where: () => router.currentRoute.value.fullPath }
}

describe('useBoot', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
    fetchAppInfo.mockResolvedValue({ demo: true })
    fetchSession.mockResolvedValue(SESSION)
    fetchSignatures.mockReturnValue(new Promise(() => {}))
  })
  afterEach(() => vi.restoreAllMocks())

  it('in a plain browser with the demo: goes to the playground and signs in', async () => {
    fetchSession.mockResolvedValue(DEMO_SESSION)
    const b = await boot('/', 'browser')
    await b.run()
    expect(b.where()).toBe('/playground')
    expect(fetchAppInfo).toHaveBeenCalledTimes(1)
    expect(fetchSession).toHaveBeenCalledTimes(1)
    expect(b.start).not.toHaveBeenCalled()
    expect(b.state.value).toBe('ready')
    expect(b.error.value).toBeNull()
  })

  it('in a plain browser without the demo: goes to the setup guide without signing in', async () => {
    fetchAppInfo.mockResolvedValue({ demo: false })
    const b = await boot('/campaigns', 'browser')
    await b.run()
    expect(b.where()).toBe('/setup')
    expect(fetchSession).not.toHaveBeenCalled()
    expect(b.start).not.toHaveBeenCalled()
    expect(b.state.value).toBe('ready')
  })

  it('in WeCom: signs in and starts the wecom host with the session’s corpId and agentId', async () => {
    const b = await boot('/', 'wecom')
    const running = b.run()
    expect(b.state.value).toBe('loading')
    await running
    expect(fetchSession).toHaveBeenCalledTimes(1)
    expect(fetchAppInfo).not.toHaveBeenCalled()
    expect(b.start).toHaveBeenCalledTimes(1)
    await expectStarted(b.start, 'wecom', { corpId: 'ww-corp', agentId: '1000002' })
    expect(b.where()).toBe('/')
    expect(b.state.value).toBe('ready')
  })

  it('in WeCom: the host starts and the JS-SDK signatures are asked for while the session is still being checked', async () => {
    let answer: (s: Session) => void = () => {}
    fetchSession.mockReturnValue(new Promise<Session>((resolve) => (answer = resolve)))
    fetchSignatures.mockReturnValue(new Promise(() => {}))
    const b = await boot('/', 'wecom')
    const running = b.run()
    await vi.waitFor(() => expect(b.start).toHaveBeenCalled())
    expect(fetchSignatures).toHaveBeenCalledTimes(1)
    expect(b.state.value).toBe('loading')
    answer(SESSION)
    await running
    expect(b.state.value).toBe('ready')
    await expectStarted(b.start, 'wecom', { corpId: 'ww-corp' })
  })

  it('framed by the playground: its host does not wait for the session', async () => {
    fetchSession.mockReturnValue(new Promise<Session>(() => {}))
    const b = await boot('/', 'playground')
    void b.run()
    await vi.waitFor(() => expect(b.start).toHaveBeenCalledWith('playground', expect.anything()))
    expect(fetchSignatures).not.toHaveBeenCalled()
  })

  it('in WeCom at a deep link of the sidebar: stays there', async () => {
    const b = await boot('/campaigns', 'wecom')
    await b.run()
    expect(b.where()).toBe('/campaigns')
    await expectStarted(b.start, 'wecom', { corpId: 'ww-corp' })
  })

  it('in WeCom at the playground page: back to the sidebar, host started', async () => {
    const b = await boot('/playground', 'wecom')
    await b.run()
    expect(b.where()).toBe('/')
    expect(fetchAppInfo).not.toHaveBeenCalled()
    await expectStarted(b.start, 'wecom', { agentId: '1000002' })
  })

  it('framed by the playground: signs in and starts the playground host', async () => {
    fetchSession.mockResolvedValue(DEMO_SESSION)
    const b = await boot('/', 'playground')
    await b.run()
    await expectStarted(b.start, 'playground', { corpId: 'wwdemo', agentId: '1000002' })
    expect(b.where()).toBe('/')
  })

  it('the playground page in a browser: stays and signs in when the demo runs', async () => {
    const b = await boot('/playground', 'browser')
    await b.run()
    expect(b.where()).toBe('/playground')
    expect(fetchSession).toHaveBeenCalledTimes(1)
    expect(b.start).not.toHaveBeenCalled()
  })

  it('the playground page without the demo: goes to the setup guide', async () => {
    fetchAppInfo.mockResolvedValue({ demo: false })
    const b = await boot('/playground', 'browser')
    await b.run()
    expect(b.where()).toBe('/setup')
    expect(fetchSession).not.toHaveBeenCalled()
  })

  it.each(['browser', 'wecom'] as const)('at /setup (%s): nothing is fetched', async (placement) => {
    const b = await boot('/setup', placement)
    await b.run()
    expect(fetchAppInfo).not.toHaveBeenCalled()
    expect(fetchSession).not.toHaveBeenCalled()
    expect(b.start).not.toHaveBeenCalled()
    expect(b.where()).toBe('/setup')
    expect(b.state.value).toBe('ready')
  })

  // The admin pages open in a desktop browser, on a real deployment too (where / goes to the setup guide).
  it.each(['browser', 'wecom', 'playground'] as const)('at /admin/materials (%s): signs in and stays, no host', async (placement) => {
    fetchAppInfo.mockResolvedValue({ demo: false })
    const b = await boot('/admin/materials', placement)
    await b.run()
    expect(b.where()).toBe('/admin/materials')
    expect(fetchSession).toHaveBeenCalledTimes(1)
    expect(b.start).not.toHaveBeenCalled()
    expect(b.state.value).toBe('ready')
  })

  it('at /admin without a session: leaves for sign-in and comes back to the admin page', async () => {
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {})
    vi.spyOn(window, 'location', 'get').mockReturnValue({
      ...window.location,
      pathname: '/admin/materials',
      search: '?kind=image',
      assign,
    } as Location)
    fetchSession.mockRejectedValue(new ApiFailure(401, 'NO_SESSION', '登录已过期'))
    const b = await boot('/admin/materials?kind=image', 'browser')
    void b.run()
    await new Promise((r) => setTimeout(r, 0))
    expect(assign).toHaveBeenCalledWith('/api/auth/login?returnTo=%2Fadmin%2Fmaterials%3Fkind%3Dimage')
    expect(b.where()).toBe('/admin/materials?kind=image')
    expect(b.state.value).toBe('loading')
  })

  it('a failing app-info is an error with a readable message; run() again recovers', async () => {
    fetchAppInfo
      .mockRejectedValueOnce(new ApiFailure(0, 'NETWORK', '网络连接不上服务，请检查网络后重试。'))
      .mockResolvedValueOnce({ demo: false })
    const b = await boot('/', 'browser')
    await b.run()
    expect(b.state.value).toBe('error')
    expect(b.error.value?.message).toBe('网络连接不上服务，请检查网络后重试。')
    expect(b.where()).toBe('/')

    const again = b.run()
    expect(b.state.value).toBe('loading')
    expect(b.error.value).toBeNull()
    await again
    expect(b.state.value).toBe('ready')
    expect(b.error.value).toBeNull()
    expect(b.where()).toBe('/setup')
  })

  it('a failing sign-in in WeCom is an error too, and the host never gets its ids; run() again starts it anew', async () => {
    fetchSession.mockRejectedValueOnce(new ApiFailure(503, 'UPSTREAM_UNAVAILABLE', '企业微信暂时不可用，请稍后重试。'))
    const b = await boot('/', 'wecom')
    await b.run()
    expect(b.state.value).toBe('error')
    expect(b.error.value?.message).toBe('企业微信暂时不可用，请稍后重试。')
    await expect(b.start.mock.calls[0]![1]).rejects.toThrow('企业微信暂时不可用')
    await b.run()
    expect(b.state.value).toBe('ready')
    expect(b.start).toHaveBeenCalledTimes(2)
    await expectStarted(b.start, 'wecom', { corpId: 'ww-corp' })
  })

  it('an expired session in WeCom leaves for sign-in and stays loading', async () => {
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {})
    fetchSession.mockRejectedValue(new ApiFailure(401, 'NO_SESSION', '登录已过期'))
    const b = await boot('/', 'wecom')
    void b.run()
    await new Promise((r) => setTimeout(r, 0))
    expect(assign).toHaveBeenCalledTimes(1)
    expect(assign.mock.calls[0]![0]).toMatch(/^\/api\/auth\/login\?returnTo=/)
    expect(b.state.value).toBe('loading')
  })
})
