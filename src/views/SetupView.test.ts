import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { loadMessages } from '../i18n/index.js'
import { routes } from '../router/index.js'
import SetupGuideView from './SetupGuideView.vue'
import SetupView from './SetupView.vue'

let wrapper: VueWrapper | undefined
let router: Router

async function open(component: typeof SetupView, path: string) {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/setup', component: SetupView },
      { path: '/setup/guide', component: SetupGuideView },
    ],
  })
  await router.push(path)
  wrapper = mount(component, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

describe('the setup page and its guide', () => {
  beforeAll(() => loadMessages('setup'))
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
  })

  it('names the https addresses WeCom requires, even when opened over http, and says so', async () => {
    const host = window.location.host
    expect(window.location.protocol).toBe('http:')
    const w = await open(SetupView, '/setup')
    const steps = w.findAll('[data-test="setup-step"]').map((s) => s.text())
    expect(steps.find((s) => s.includes('可信域名'))).toContain(`https://${host}`)
    expect(steps.find((s) => s.includes('聊天工具栏'))).toContain(`https://${host}/`)
    expect(w.text()).not.toContain(`http://${host}`)
    expect(w.get('[data-test="setup-http-warning"]').text()).toContain('企业微信要求 https://')
  })

  it('「查看部署说明」 opens the guide as a page of this app, not the raw Markdown file', async () => {
    const w = await open(SetupView, '/setup')
    const link = w.get('[data-test="setup-guide-link"]')
    expect(link.text()).toBe('查看部署说明')
    expect(link.attributes('href')).toBe('/setup/guide')
    await link.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/setup/guide')
  })

  it('the guide is rendered Chinese: the console steps with this deployment’s https addresses, no Markdown marks', async () => {
    const host = window.location.host
    const w = await open(SetupGuideView, '/setup/guide')
    expect(w.get('h1').text()).toBe('部署说明')
    const sections = w.findAll('[data-test="setup-guide-section"]')
    expect(sections.map((s) => s.get('h2').text())).toContain('2. 企业微信管理后台')
    const wecom = sections.find((s) => s.get('h2').text().includes('企业微信管理后台'))!
    expect(wecom.text()).toContain('网页授权及JS-SDK')
    expect(wecom.text()).toContain('聊天工具栏')
    const codes = wecom.findAll('code').map((c) => c.text())
    expect(codes).toContain(host)
    expect(codes).toContain(`https://${host}/`)
    expect(codes).toContain(`https://${host}/api/auth/callback`)
    // Rendered, not raw: no Markdown syntax, no backtick left over, no English console steps.
    expect(w.text()).not.toMatch(/\*\*|^#|`|\| ---/m)
    expect(w.text()).not.toContain('WeCom admin console')
    expect(w.text()).not.toContain('{host}')
    // The full English reference is still one link away.
    expect(w.get('.reference a').attributes('href')).toBe('/docs/deploy.md')
  })

  it('both pages are lazy chunks that bring their own words: not part of the sidebar’s first load', () => {
    for (const name of ['setup', 'setup-guide']) {
      const route = routes.find((r) => r.name === name)!
      // A loader, not the component itself: the page and its words come when it is opened (npm run build checks the size).
      expect(typeof route.component, name).toBe('function')
      expect((route.component as { render?: unknown }).render, name).toBeUndefined()
    }
  })
})
