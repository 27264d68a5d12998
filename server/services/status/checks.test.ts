import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { StatusCheck } from '../../../contracts/status.js'
import { fillWords, STATUS_CHECK_WORDS } from '../../../contracts/status-words.js'
import { adminAdvice, type AdviceKey } from '../../../contracts/vendor-advice.js'
import type { HttpClient } from '../../upstream/http.js'
import { publicUrlChecks } from './checks.js'

// PUBLIC_URL's checks, failure by failure: each with its id, the sentence and values its words were made from (the
// sidebar words it again from those, in its language), and the advice for the proxy's own set-up.

const refused: HttpClient = async () => {
  throw new Error('connect ECONNREFUSED 203.0.113.7:443')
}
const answers =
  (status: number, text: string): HttpClient =>
  async () => ({ status, text })

/** The check's Chinese is what its keys say: the sidebar, wording it from them, shows the same. */
function expectWordedByKeys(c: StatusCheck): void {
  const words = STATUS_CHECK_WORDS[c.id as keyof typeof STATUS_CHECK_WORDS] as Record<string, string>
  expect(c.name).toBe(fillWords(words.name!, c.params))
  if (c.detailKey) expect(c.detail).toBe(fillWords(words[c.detailKey]!, c.params))
  if (c.adviceKey) expect(c.advice).toBe(adminAdvice('zh-CN')[c.adviceKey as AdviceKey])
}

describe('PUBLIC_URL checks', () => {
  it('http outside the demo, and a PUBLIC_URL this service cannot reach', async () => {
    const checks = await publicUrlChecks({ publicUrl: 'http://sidebar.example.com', demo: false, http: refused, timeoutMs: 100 })
    expect(checks[0]).toMatchObject({ id: 'https', ok: false, code: 'PUBLIC_URL_NOT_HTTPS', adviceKey: 'PUBLIC_URL_NOT_HTTPS' })
    expect(checks[1]).toMatchObject({
      id: 'health',
      ok: false,
      code: 'PUBLIC_URL_UNREACHABLE',
      detail: '访问失败：connect ECONNREFUSED 203.0.113.7:443',
      detailKey: 'unreachable',
      params: { url: 'http://sidebar.example.com/api/health', reason: 'connect ECONNREFUSED 203.0.113.7:443' },
      // Its own advice, not the one for an unreachable vendor.
      adviceKey: 'PUBLIC_URL_UNREACHABLE',
    })
    expect(checks[1]!.advice).toContain('本服务从 PUBLIC_URL 访问不到自己')
    checks.forEach(expectWordedByKeys)
  })

  it("WeCom's verification file served with other content, and the health check answering 404", async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'ww-verify-'))
    writeFileSync(join(staticDir, 'WW_verify_abc123.txt'), 'abc123\n')
    const checks = await publicUrlChecks({
      publicUrl: 'https://sidebar.example.com',
      demo: false,
      staticDir,
      http: async (req) => (req.url.endsWith('/api/health') ? answers(404, '')(req) : answers(200, 'something else')(req)),
      timeoutMs: 100,
    })
    expect(checks.map((c) => [c.id, c.ok])).toEqual([
      ['https', true],
      ['health', false],
      ['wwVerify', false],
    ])
    expect(checks[1]).toMatchObject({ detail: 'HTTP 404', detailKey: 'status', params: { status: '404' } })
    expect(checks[2]).toMatchObject({
      name: 'https://sidebar.example.com/WW_verify_abc123.txt',
      code: 'WW_VERIFY_NOT_SERVED',
      detailKey: 'different',
      adviceKey: 'WW_VERIFY_NOT_SERVED',
    })
    expect(checks[2]!.advice).toContain('WW_verify_*.txt')
    checks.forEach(expectWordedByKeys)
  })

  it('the demo on http, answering its own health check', async () => {
    const checks = await publicUrlChecks({ publicUrl: 'http://localhost:8080', demo: true, http: answers(200, '{}'), timeoutMs: 100 })
    expect(checks).toEqual([
      { id: 'https', name: 'HTTPS', ok: true, detail: '演示模式：可以用 http', detailKey: 'demo' },
      {
        id: 'health',
        name: 'http://localhost:8080/api/health',
        ok: true,
        detail: 'HTTP 200',
        detailKey: 'status',
        params: { url: 'http://localhost:8080/api/health', status: '200' },
      },
    ])
  })
})
