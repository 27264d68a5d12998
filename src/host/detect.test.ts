import { describe, expect, it } from 'vitest'
import { detectPlacement } from './detect.js'

const CHROME = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'
const WECOM_MAC = `${CHROME} wxwork/4.1.20 (MicroMessenger/6.2) WeChat/2.0.4 Language/zh ColorScheme/Light`
const WECOM_ANDROID =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0 Mobile Safari/537.36 wxwork/4.1.22 MicroMessenger/7.0.1 NetType/WIFI Language/zh'

/** Just enough of a `Window` for `detectPlacement`. */
function fakeWindow(options: { userAgent?: string; origin?: string; parent?: 'self' | { origin: string } | 'cross-origin' }): Window {
  const win = {
    navigator: { userAgent: options.userAgent ?? CHROME },
    location: { origin: options.origin ?? 'https://sidebar.example.com' },
  } as { navigator: { userAgent: string }; location: { origin: string }; parent?: unknown }
  const parent = options.parent ?? 'self'
  if (parent === 'self') win.parent = win
  else if (parent === 'cross-origin')
    win.parent = {
      get location(): never {
        throw new DOMException(
          'Blocked a frame with origin "https://sidebar.example.com" from accessing a cross-origin frame.',
          'SecurityError',
        )
      },
    }
  else win.parent = { location: { origin: parent.origin } }
  return win as unknown as Window
}

describe('detectPlacement', () => {
  it('a wxwork user agent is WeCom', () => {
    expect(detectPlacement(fakeWindow({ userAgent: WECOM_MAC }))).toBe('wecom')
    expect(detectPlacement(fakeWindow({ userAgent: WECOM_ANDROID }))).toBe('wecom')
  })

  it('WeCom wins even when framed (the WeCom desktop client frames the sidebar)', () => {
    expect(detectPlacement(fakeWindow({ userAgent: WECOM_MAC, parent: 'cross-origin' }))).toBe('wecom')
  })

  it('"wxwork" without a version is not WeCom (the JS-SDK tests for wxwork/x.y.z)', () => {
    expect(detectPlacement(fakeWindow({ userAgent: `${CHROME} wxwork` }))).toBe('browser')
  })

  it('a frame whose parent is our own origin is the playground', () => {
    expect(detectPlacement(fakeWindow({ parent: { origin: 'https://sidebar.example.com' } }))).toBe('playground')
  })

  it('a frame whose parent is another origin is a plain browser', () => {
    expect(detectPlacement(fakeWindow({ parent: 'cross-origin' }))).toBe('browser')
  })

  it('a readable parent of another origin is not the playground either', () => {
    expect(detectPlacement(fakeWindow({ parent: { origin: 'https://evil.example.net' } }))).toBe('browser')
  })

  it('the top-level page is a plain browser', () => {
    expect(detectPlacement(fakeWindow({}))).toBe('browser')
  })

  it('reads the real window by default (happy-dom: top level, no wxwork)', () => {
    expect(detectPlacement()).toBe('browser')
  })
})
