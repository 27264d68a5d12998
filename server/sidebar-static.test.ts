import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../test/helpers/app.js'

// The proxy serves the built sidebar: hashed assets cached for good, index.html for every app route, never for /api.

let t: TestApp
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sidebar-dist-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>客户助手</title><div id="app"></div>')
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)')
  writeFileSync(join(dir, 'favicon.svg'), '<svg/>')
  t = await startTestApp({ config: { staticDir: dir } })
})
afterAll(async () => {
  await t.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the built sidebar', () => {
  it('answers index.html for the app routes, checked again on every open', async () => {
    for (const url of ['/', '/campaigns/30101', '/playground?x=1']) {
      const res = await t.app.inject({ url })
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['content-type']).toContain('text/html')
      expect(res.headers['cache-control']).toBe('no-cache')
      expect(res.body).toContain('<div id="app">')
    }
    expect((await t.app.inject({ method: 'HEAD', url: '/campaigns' })).statusCode).toBe(200)
  })

  it('caches hashed assets for a year and other files not at all', async () => {
    const asset = await t.app.inject({ url: '/assets/index-abc123.js' })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect((await t.app.inject({ url: '/favicon.svg' })).headers['cache-control']).toBe('no-cache')
  })

  it('never answers the page for an API path or a missing file', async () => {
    const api = await t.app.inject({ url: '/api/nothing-here' })
    expect(api.statusCode).toBe(404)
    expect(api.json().code).toBe('NOT_FOUND')
    expect((await t.app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404)
  })
})
