import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { precompressDir } from '../scripts/precompress.js'
import { startTestApp, type TestApp } from '../test/helpers/app.js'

// The proxy serves the built sidebar: hashed assets cached for good, index.html for every app route, never for /api.

let t: TestApp
const APP_JS = Array.from({ length: 300 }, (_, i) => `export const v${i} = () => 'value ${i}'`).join('\n')
const APP_CSS = Array.from({ length: 200 }, (_, i) => `.c${i} { color: #${(i * 4999).toString(16).padStart(6, '0')} }`).join('\n')
const PAGE = `<!doctype html><title>客户助手</title><div id="app"></div>${'<!-- padding -->'.repeat(40)}`
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sidebar-dist-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>客户助手</title><div id="app"></div>')
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)')
  writeFileSync(join(dir, 'favicon.svg'), '<svg/>')
  // Large enough to be compressed at build time, like every real chunk.
  writeFileSync(join(dir, 'assets', 'app-def456.js'), APP_JS)
  writeFileSync(join(dir, 'assets', 'app-def456.css'), APP_CSS)
  writeFileSync(join(dir, 'page.html'), PAGE)
  precompressDir(dir)
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

describe('compressed transfer', () => {
  const decode = { br: brotliDecompressSync, gzip: gunzipSync }

  it("serves each JS and CSS asset brotli or gzip as asked, the decoded bytes equal to the build's, with Vary", async () => {
    for (const [url, source] of [
      ['/assets/app-def456.js', APP_JS],
      ['/assets/app-def456.css', APP_CSS],
    ] as const) {
      for (const [asked, expected] of [
        ['br, gzip, deflate', 'br'],
        ['gzip', 'gzip'],
      ] as const) {
        const res = await t.app.inject({ url, headers: { 'accept-encoding': asked } })
        expect(res.statusCode, url).toBe(200)
        expect(res.headers['content-encoding'], `${url} ${asked}`).toBe(expected)
        expect(String(res.headers.vary)).toMatch(/accept-encoding/i)
        expect(res.headers['content-type']).toMatch(url.endsWith('.js') ? /javascript/ : /css/)
        expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
        expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(source) / 3)
        expect(decode[expected](res.rawPayload).toString()).toBe(source)
        // The build's copy itself, not one compressed again per request.
        const built = readFileSync(join(dir, `${url}.${expected === 'br' ? 'br' : 'gz'}`))
        expect(res.rawPayload.equals(built), `${url} ${asked}`).toBe(true)
      }
      const plain = await t.app.inject({ url, headers: { 'accept-encoding': 'identity' } })
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(plain.body).toBe(source)
    }
  })

  it('serves even the smallest script compressed when asked (a build has chunks of a few bytes)', async () => {
    for (const [asked, expected] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const res = await t.app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': asked } })
      expect(res.headers['content-encoding'], asked).toBe(expected)
      expect(decode[expected](res.rawPayload).toString()).toBe('console.log(1)')
    }
  })

  it('serves the app page compressed for every app route, brotli or gzip, still checked again on every open', async () => {
    writeFileSync(join(dir, 'index.html'), PAGE)
    precompressDir(dir)
    for (const url of ['/', '/campaigns/30101', '/page.html']) {
      for (const [asked, expected] of [
        ['br', 'br'],
        ['gzip', 'gzip'],
      ] as const) {
        const res = await t.app.inject({ url, headers: { 'accept-encoding': asked } })
        expect(res.statusCode, url).toBe(200)
        expect(res.headers['content-encoding'], `${url} ${asked}`).toBe(expected)
        expect(res.headers['content-type']).toContain('text/html')
        expect(res.headers['cache-control']).toBe('no-cache')
        expect(decode[expected](res.rawPayload).toString()).toBe(PAGE)
      }
    }
  })

  it('compresses JSON answers above 1 KB, not small ones, and never a library file', async () => {
    const cookie = await t.login('zhangwei')
    const list = await t.app.inject({ url: '/api/materials', headers: { cookie, 'accept-encoding': 'br' } })
    expect(list.statusCode).toBe(200)
    expect(list.headers['content-encoding']).toBe('br')
    const items = JSON.parse(brotliDecompressSync(list.rawPayload).toString()).items as {
      content: { type: string; file?: { fileId: string; name: string } }
    }[]
    expect(items.length).toBeGreaterThan(3)
    const health = await t.app.inject({ url: '/api/health', headers: { 'accept-encoding': 'br' } })
    expect(health.headers['content-encoding']).toBeUndefined()
    const image = items.find((m) => m.content.type === 'image')!.content.file!
    const file = await t.app.inject({
      url: `/files/${image.fileId}/${encodeURIComponent(image.name)}`,
      headers: { 'accept-encoding': 'br, gzip' },
    })
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-encoding']).toBeUndefined()
  })
})
