/**
 * Security headers on every kind of answer: API JSON, errors, the sidebar's files, the demo's OAuth page.
 * The browser side of the policy (the built sidebar runs under it without a violation) is in csp.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv, securityOf } from '../../server/config.js'
import { cspDirectives, jsonCsp, SVG_CSP } from '../../server/security.js'
import { DEMO_FILES } from '../../server/demo/materials.js'
import { testCredentials } from '../helpers/app.js'
import { EXPECTED_CSP as CSP, startSecureApp, type SecureApp } from './helpers.js'

let t: SecureApp
let dir: string
let cookie: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'security-static-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>客户助手</title><div id="app"></div>')
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)')
  writeFileSync(join(dir, 'assets', 'index-abc123.css'), 'body{margin:0}')
  writeFileSync(join(dir, 'assets', 'icon-abc123.woff2'), 'wOF2')
  writeFileSync(join(dir, 'assets', 'photo-abc123.png'), '\x89PNG')
  writeFileSync(join(dir, 'assets', 'logo-abc123.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  t = await startSecureApp({ config: { staticDir: dir } })
  cookie = await t.login('zhangwei')
})
afterAll(async () => {
  await t?.close()
  rmSync(dir, { recursive: true, force: true })
})

const oauthPage = `/sim/connect/oauth2/authorize?appid=${testCredentials.wecom.corpId}&redirect_uri=${encodeURIComponent('http://sidebar.test/api/auth/callback')}&response_type=code&scope=snsapi_base&state=s&agentid=1000002`

/** Every header helmet sets for this config, as a document's answer carries them. */
function expectDocumentSet(headers: Record<string, unknown>): void {
  expect(headers['content-security-policy']).toBe(CSP)
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('no-referrer')
  expect(headers['x-frame-options']).toBe('SAMEORIGIN')
  expect(headers['cross-origin-opener-policy']).toBe('same-origin')
  expect(headers['cross-origin-resource-policy']).toBe('same-origin')
}

describe('every answer carries the security headers', () => {
  // Answered as JSON (the API, its errors and refusals, a missing file): a policy that loads nothing and is framed
  // only where the sidebar may be, nosniff, CORP — and none of a page's headers (what a page loads, how it is embedded).
  const jsonAnswers: Array<[string, () => Promise<{ statusCode: number; headers: Record<string, unknown> }>, number]> = [
    ['API JSON', () => t.app.inject({ url: '/api/session', headers: { cookie } }), 200],
    ['health', () => t.app.inject('/api/health'), 200],
    ['an API error (401)', () => t.app.inject('/api/sends'), 401],
    ['a validation error (400)', () => t.app.inject({ method: 'POST', url: '/api/sends', headers: { cookie }, payload: {} }), 400],
    [
      "a hook's refusal before any route runs (403)",
      () => t.app.inject({ method: 'POST', url: '/api/sends', headers: { cookie, origin: 'https://evil.example' }, payload: {} }),
      403,
    ],
    ['an unknown API path (404)', () => t.app.inject('/api/nope'), 404],
    // A file that is not there is a JSON answer: the JSON set, even under /assets/.
    ['a missing built asset (404)', () => t.app.inject('/assets/nope-abc123.js'), 404],
  ]
  it.each(jsonAnswers)('%s: the JSON set', async (_name, call, status) => {
    const res = await call()
    expect(res.statusCode).toBe(status)
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/)
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'self'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin')
    for (const name of DOCUMENT_ONLY.filter((n) => n !== 'content-security-policy')) expect(res.headers[name], name).toBeUndefined()
    expect(res.headers['referrer-policy']).toBeUndefined()
    expect(res.headers['x-powered-by']).toBeUndefined()
    expect(res.headers.server).toBeUndefined()
    expect(res.headers['strict-transport-security']).toBeUndefined()
  })

  // Pages, redirects and anything not JSON nor a passive file: the whole set.
  const documents: Array<[string, () => Promise<{ statusCode: number; headers: Record<string, unknown> }>, number]> = [
    ['the sidebar page', () => t.app.inject('/campaigns/1'), 200],
    ['the sign-in redirect', () => t.app.inject('/api/auth/login'), 302],
    ['a sign-in failure page', () => t.app.inject('/api/auth/callback'), 400],
    ['the demo OAuth page (passed through /sim)', () => t.app.inject(oauthPage), 200],
  ]
  it.each(documents)('%s: the whole set', async (_name, call, status) => {
    const res = await call()
    expect(res.statusCode).toBe(status)
    expect(String(res.headers['content-type'] ?? '')).not.toMatch(/javascript|css|font|image|json/)
    expectDocumentSet(res.headers)
    expect(res.headers['x-powered-by']).toBeUndefined()
    expect(res.headers.server).toBeUndefined()
    // Plain http: no HSTS (a browser would refuse the demo over http afterwards), no upgrading of requests.
    expect(res.headers['strict-transport-security']).toBeUndefined()
  })

  it('the demo OAuth page needs nothing the policy forbids: one inline <style> (allowed), no script, no outside asset', async () => {
    const page = (await t.app.inject(oauthPage)).body
    expect(page).toContain('<style>')
    expect(page).not.toMatch(/<script/i)
    expect(page).not.toMatch(/\son[a-z]+\s*=/i)
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//i)
    const failure = (await t.app.inject('/api/auth/callback')).body
    expect(failure).not.toMatch(/<script/i)
  })
})

/** Headers that act on documents only: a script, stylesheet, font or image answer goes without them. */
const DOCUMENT_ONLY = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'x-frame-options',
  'origin-agent-cluster',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
]

describe('a passive file carries what a file needs, not the headers of a document', () => {
  const files: Array<[string, string, RegExp]> = [
    ['a built script', '/assets/index-abc123.js', /^(application|text)\/javascript/],
    ['a built stylesheet', '/assets/index-abc123.css', /^text\/css/],
    ['a built font', '/assets/icon-abc123.woff2', /^font\/woff2/],
    ['a built raster image', '/assets/photo-abc123.png', /^image\/png/],
    ['a materials-library image (no session)', `/files/${DEMO_FILES.lock.id}/x.png`, /^image\//],
  ]
  it.each(files)('%s', async (_name, url, type) => {
    const res = await t.app.inject(url)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(type)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    for (const name of DOCUMENT_ONLY) expect(res.headers[name], name).toBeUndefined()
    expect(res.headers['x-powered-by']).toBeUndefined()
  })

  // An SVG opened on its own is a document that could run script: it gets a policy that allows nothing and sandboxes it.
  it.each([
    ['a built SVG', '/assets/logo-abc123.svg'],
    ['a demo avatar (SVG)', '/sim/sim-assets/avatar/zhangwei.svg'],
  ])('%s: a CSP that allows no script, fetch or frame, and a sandbox', async (_name, url) => {
    const res = await t.app.inject(url)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/)
    expect(res.headers['content-security-policy']).toBe(SVG_CSP)
    expect(SVG_CSP).toContain("default-src 'none'")
    expect(SVG_CSP).toMatch(/(^|;)sandbox($|;)/)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
  })
})

describe('on https', () => {
  it('adds HSTS and upgrades insecure requests (WeCom gives some avatars as http://)', async () => {
    const https = await startSecureApp({ config: { publicUrl: 'https://sidebar.example.com', staticDir: dir } })
    try {
      const res = await https.app.inject('/campaigns/1')
      expect(res.statusCode).toBe(200)
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000')
      expect(res.headers['content-security-policy']).toBe(`${CSP};upgrade-insecure-requests`)
      // JSON keeps HSTS with its own policy.
      const json = await https.app.inject('/api/health')
      expect(json.headers['strict-transport-security']).toBe('max-age=31536000')
      expect(json.headers['content-security-policy']).toBe(jsonCsp())
      // A file sheds the document's headers but keeps HSTS.
      const file = await https.app.inject('/assets/index-abc123.js')
      expect(file.statusCode).toBe(200)
      expect(file.headers['strict-transport-security']).toBe('max-age=31536000')
      expect(file.headers['content-security-policy']).toBeUndefined()
    } finally {
      await https.close()
    }
  })
})

describe('settings', () => {
  it('CSP_FRAME_ANCESTORS lets another client frame the sidebar; X-Frame-Options then steps aside', async () => {
    const framed = await startSecureApp({ config: { csp: { frameAncestors: ['https://chat.example.com'], reportOnly: false } } })
    try {
      const res = await framed.app.inject('/api/auth/callback')
      expect(res.headers['content-type']).toMatch(/^text\/html/)
      expect(res.headers['content-security-policy']).toBe(
        CSP.replace("frame-ancestors 'self'", "frame-ancestors 'self' https://chat.example.com"),
      )
      expect(res.headers['x-frame-options']).toBeUndefined()
      // A JSON answer (a refusal of the 企客聊 entry in that client's frame) may be shown there too.
      const json = await framed.app.inject('/api/health')
      expect(json.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'self' https://chat.example.com")
    } finally {
      await framed.close()
    }
  })

  it('CSP_FRAME_ANCESTORS takes origins only', () => {
    expect(securityOf(parseEnv({ CSP_FRAME_ANCESTORS: 'https://a.example/x, https://b.example:8443' })).csp.frameAncestors).toEqual([
      'https://a.example',
      'https://b.example:8443',
    ])
    expect(() => parseEnv({ CSP_FRAME_ANCESTORS: "* 'unsafe-inline'" })).toThrow(/CSP_FRAME_ANCESTORS/)
    expect(securityOf(parseEnv({ CSP_REPORT_ONLY: '1' })).csp).toEqual({ frameAncestors: [], reportOnly: true })
  })

  it('CSP_REPORT_ONLY sends the same policy as report-only', async () => {
    const trial = await startSecureApp({ config: { csp: { frameAncestors: [], reportOnly: true } } })
    try {
      const res = await trial.app.inject('/api/auth/callback')
      expect(res.headers['content-type']).toMatch(/^text\/html/)
      expect(res.headers['content-security-policy']).toBeUndefined()
      expect(res.headers['content-security-policy-report-only']).toBe(CSP)
      // A JSON answer's policy allows nothing, so it is enforced all the same.
      const json = await trial.app.inject('/api/health')
      expect(json.headers['content-security-policy']).toBe(jsonCsp())
      expect(json.headers['content-security-policy-report-only']).toBeUndefined()
    } finally {
      await trial.close()
    }
  })

  it('the policy has no wildcard source, no unsafe-eval and no inline script', () => {
    const all = Object.values(cspDirectives('https://x.example'))
      .flat()
      .filter((v): v is string => typeof v === 'string')
    expect(all).not.toContain('*')
    expect(all).not.toContain("'unsafe-eval'")
    expect(cspDirectives('https://x.example').scriptSrc).toEqual(["'self'"])
  })
})
