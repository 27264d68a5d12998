import { describe, expect, it } from 'vitest'
import { testConfig } from '../../test/helpers/app.js'
import { buildApp } from '../app.js'
import type { DemoMode } from '../demo-mode.js'
import type { App } from './context.js'

// The real app, with a stand-in for demo mode: the one way a caller adds routes to buildApp's two scopes.
const config = testConfig('http://127.0.0.1:9')
const extra = (o: Partial<DemoMode>): DemoMode => ({
  seed: async () => {},
  publicRoutes: async () => {},
  signedInRoutes: async () => {},
  ...o,
})
const ok = async () => ({ ok: true })

describe('route scopes', () => {
  it('refuses to start with an /api/ route registered outside both scopes', async () => {
    const app = await buildApp(config, { logger: false })
    try {
      // A plugin of its own: its own Fastify context, neither public nor signed in.
      await expect(
        app.register(async (elsewhere: App) => {
          elsewhere.get('/api/elsewhere', ok)
        }),
      ).rejects.toThrow('GET /api/elsewhere is registered outside the signed-in and public scopes')
    } finally {
      await app.close()
    }
  })

  it('refuses to start with a public-scope /api/ route that PUBLIC_API_ROUTES does not list', async () => {
    const demo = extra({ publicRoutes: async (scope) => void scope.get('/api/demo/open', ok) })
    await expect(buildApp(config, { logger: false, demo })).rejects.toThrow(
      'GET /api/demo/open is in the public scope but PUBLIC_API_ROUTES does not list it',
    )
  })

  it('refuses to start with a listed public route registered in the signed-in scope', async () => {
    const demo = extra({ signedInRoutes: async (scope) => void scope.post('/api/auth/logout', ok) })
    await expect(buildApp(config, { logger: false, demo })).rejects.toThrow(
      'POST /api/auth/logout is listed in PUBLIC_API_ROUTES but registered in the signed-in scope',
    )
  })

  it('a route in the signed-in scope needs a session though it names no hook of its own; non-API public routes are fine', async () => {
    const demo = extra({
      signedInRoutes: async (scope) => void scope.get('/api/demo/extra', ok),
      publicRoutes: async (scope) => void scope.get('/demo-page', ok),
    })
    const app = await buildApp(config, { logger: false, demo })
    try {
      const res = await app.inject('/api/demo/extra')
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe('NO_SESSION')
      expect((await app.inject('/demo-page')).json()).toEqual({ ok: true })
    } finally {
      await app.close()
    }
  })
})
