import { describe, expect, it } from 'vitest'
import { pageLanguage } from './login-failed.js'

const WECOM_UA = 'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 wxwork/4.1.20 MicroMessenger/7.0.1'

describe('the language of a sign-in failure page', () => {
  it('follows WeCom’s language, then the browser’s first English or Chinese one, else Chinese', () => {
    const lang = (ua: string, acceptLanguage?: string) =>
      pageLanguage({ headers: { 'user-agent': ua, ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}) } })
    expect(lang(`${WECOM_UA} Language/en`, 'zh-CN,zh;q=0.9')).toBe('en')
    expect(lang(`${WECOM_UA} Language/zh_CN`, 'en-US,en;q=0.9')).toBe('zh-CN')
    expect(lang(WECOM_UA, 'en-GB,en;q=0.9')).toBe('en')
    expect(lang(WECOM_UA, 'fr-FR,en;q=0.8')).toBe('en')
    expect(lang(WECOM_UA, 'zh-TW,en;q=0.8')).toBe('zh-CN')
    expect(lang(WECOM_UA, 'fr-FR')).toBe('zh-CN')
    expect(lang(WECOM_UA)).toBe('zh-CN')
  })
})
