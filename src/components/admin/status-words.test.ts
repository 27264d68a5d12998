import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { StatusCheck } from '../../../contracts/status.js'
import { loadMessages, setLocale } from '../../i18n/index.js'
import StatusChecks from './StatusChecks.vue'
import { adviceText, databaseAdvice, messageText, wordCheck } from './status-words.js'

// 系统状态's checks as the proxy answers them (server/services/status/checks.ts), worded in the page's language.

const HAN = /\p{Script=Han}/u

const live: StatusCheck = {
  id: 'signatureLive',
  name: '为 https://sidebar.example.com/ 签名',
  ok: true,
  detail: '企业签名 5c1e0a3b…，应用签名 9d2f47e1…',
  detailKey: 'signed',
  params: { page: 'https://sidebar.example.com/', corp: '5c1e0a3b', agent: '9d2f47e1' },
}
const refused: StatusCheck = {
  id: 'wecomCorpTicket',
  name: '企业 jsapi_ticket',
  ok: false,
  code: 'WECOM_IP_NOT_TRUSTED',
  detail: '代理服务器的出口 IP 不在应用的「企业可信IP」中：请管理员在企业微信后台添加。',
  advice: '把本服务的出口 IP 加入企业可信IP（企业微信管理后台 → 应用管理 → 本应用 → 企业可信IP）。',
  adviceKey: 'wecom:60020',
}
const unreachable: StatusCheck = {
  id: 'health',
  name: 'https://sidebar.example.com/api/health',
  ok: false,
  code: 'PUBLIC_URL_UNREACHABLE',
  detail: '访问失败：connect ECONNREFUSED',
  detailKey: 'unreachable',
  params: { url: 'https://sidebar.example.com/api/health', reason: 'connect ECONNREFUSED' },
  advice:
    '本服务从 PUBLIC_URL 访问不到自己：检查 PUBLIC_URL 是否填对、域名解析和反向代理是否指向本服务（服务器不能访问自己的公网地址时，这一项可以忽略）。',
  adviceKey: 'PUBLIC_URL_UNREACHABLE',
}
/** A check a newer proxy may add: this sidebar has no words for it. */
const unknown: StatusCheck = { id: 'somethingNew', name: '新的检查', ok: false, advice: '新的建议', adviceKey: 'new:1' }

describe('系统状态 in English', () => {
  afterEach(() => setLocale('zh-CN'))

  it('words each check by its id, sentence, values and advice, with no Chinese left', async () => {
    await setLocale('en')
    await loadMessages('adminStatus')
    expect(wordCheck(live, 0)).toMatchObject({
      name: { text: 'Signing https://sidebar.example.com/' },
      detail: { text: 'Corp signature 5c1e0a3b…, app signature 9d2f47e1…' },
    })
    const ip = wordCheck(refused, 1)
    expect(ip.name).toEqual({ text: 'Corp jsapi_ticket' })
    // The failure's message by its code, as any refusal; the advice from the English beside the Chinese.
    expect(ip.detail).toEqual({ text: expect.stringContaining('trusted IPs') })
    expect(ip.advice).toEqual({ text: expect.stringContaining("Add this service's outbound IP") })
    const health = wordCheck(unreachable, 2)
    expect(health.detail).toEqual({ text: 'Could not fetch it: connect ECONNREFUSED' })
    expect(health.advice?.text).toContain('cannot reach itself at PUBLIC_URL')
    for (const c of [wordCheck(live, 0), ip, health]) expect(JSON.stringify(c)).not.toMatch(HAN)
  })

  it("shows the proxy's words where it has none, marked as Chinese", async () => {
    await setLocale('en')
    await loadMessages('adminStatus')
    const c = wordCheck(unknown, 0)
    expect(c.name).toEqual({ text: '新的检查', proxy: 'words' })
    expect(c.advice).toEqual({ text: '新的建议', proxy: 'words' })
    expect(adviceText('toString', '原话')).toEqual({ text: '原话', proxy: 'words' })
    // An error message whose code has no English: free text, kept as the proxy wrote it.
    expect(messageText('WSHOTO_NEW_THING', '微盛拒绝了请求（x）：无说明（错误码 1）')).toMatchObject({ proxy: 'message' })

    const list = mount(StatusChecks, { props: { checks: [wordCheck(refused, 0), c] } })
    const [known, fallback] = list.findAll('[data-test="status-check"]')
    expect(known!.findAll('[lang]')).toHaveLength(0)
    expect(fallback!.find('.name span').attributes('lang')).toBe('zh-CN')
    expect(fallback!.find('[data-test="status-advice"]').attributes('lang')).toBe('zh-CN')
    // Only error messages are free text the English page may show in Chinese (test/e2e/english.test.ts).
    expect(list.findAll('[data-proxy-message]')).toHaveLength(0)
  })

  it('in Chinese, the same words as the proxy wrote', async () => {
    await loadMessages('adminStatus')
    for (const check of [live, refused, unreachable]) {
      const c = wordCheck(check, 0)
      expect([c.name.text, c.detail?.text, c.advice?.text]).toEqual([check.name, check.detail, check.advice])
    }
  })
})

describe('the database’s advice', () => {
  afterEach(() => setLocale('zh-CN'))
  const db = { kind: 'postgres', ok: false, migrationsExpected: 7, sizeBytes: null, filesBytes: null } as const

  it('says what to do in the page’s language, the driver’s own words kept in brackets', async () => {
    await setLocale('en')
    await loadMessages('adminStatus')
    const behind = databaseAdvice({ ...db, migrationsApplied: 5, reason: 'migrations applied 5 of 7' })
    expect(behind).toContain('5 of 7 migrations')
    const down = databaseAdvice({ ...db, migrationsApplied: null, reason: 'database does not answer: connect ECONNREFUSED 127.0.0.1:5432' })
    expect(down).toContain('check DATABASE_URL')
    expect(down).toContain('(connect ECONNREFUSED 127.0.0.1:5432)')
    for (const text of [behind, down]) expect(text).not.toMatch(HAN)
  })

  it('in Chinese too: the proxy’s reason is a log line in English, not the page’s words', async () => {
    await loadMessages('adminStatus')
    const down = databaseAdvice({ ...db, migrationsApplied: null, reason: 'database does not answer: timeout' })
    expect(down).toMatch(/^数据库没有应答/)
    expect(down).not.toContain('does not answer')
  })
})
