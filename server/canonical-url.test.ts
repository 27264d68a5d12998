import { describe, expect, it } from 'vitest'
import { canonicalUrl } from './canonical-url.js'

describe('canonicalUrl', () => {
  it.each([
    ['/api/health', '/api/health'],
    ['/%61pi/health', '/api/health'],
    ['/%41%50%49/x', '/API/x'],
    ['/api/%7Euser/%2d%2E%5f', '/api/~user/-._'],
    ['/api//auth///callback?code=a//b', '/api/auth/callback?code=a//b'],
    ['//api/health', '/api/health'],
    ['/api/./health', '/api/health'],
    ['/api/x/../health', '/api/health'],
    ['/api/%2e%2e/api/health', '/api/health'],
    ['/../../api/health', '/api/health'],
    ['/api/health/.', '/api/health/'],
    ['/api/health/x/..', '/api/health/'],
    ['http://evil.test/api/health?x=1', '/api/health?x=1'],
    ['HTTPS://evil.test:8443/%61pi/health', '/api/health'],
    ['http://evil.test', '/'],
    ['/files/a%2Fb/%E6%8A%A5.png', '/files/a%2Fb/%E6%8A%A5.png'],
    ['/api/x%20y', '/api/x%20y'],
    ['/api/%zz', '/api/%zz'],
    ['*', '*'],
    ['/', '/'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected)
  })

  it('leaves the query exactly as sent, dots and encodings included', () => {
    expect(canonicalUrl('/%61pi/qikeliao/enter?PKID=%61%2F..&UserID=./x')).toBe('/api/qikeliao/enter?PKID=%61%2F..&UserID=./x')
  })

  it('is idempotent', () => {
    for (const u of ['/%2e%2e%2f/api', '/a/%2e/%2E%2e/b//c/..', '/x/%252e%252e/y'])
      expect(canonicalUrl(canonicalUrl(u))).toBe(canonicalUrl(u))
  })
})
