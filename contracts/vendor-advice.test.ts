import { describe, expect, it } from 'vitest'
import { STAFF_DOMAIN_NOT_TRUSTED, STAFF_SIGNATURE_INVALID } from './jssdk-advice.js'
import { adminAdvice, adviceFor, adviceKey, VENDOR_ADVICE } from './vendor-advice.js'

// The admins' advice in both languages, side by side: the English page (src/components/admin/status-words.ts) reads
// the `en` column by the key the proxy sends with its Chinese.

const HAN = /\p{Script=Han}/u

describe('the admin advice', () => {
  it('has every piece in Chinese and in English, with no Chinese left in the English', () => {
    const zh = adminAdvice('zh-CN')
    const en = adminAdvice('en')
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort())
    expect(Object.keys(zh).length).toBeGreaterThan(25)
    expect(Object.entries(zh).filter(([, text]) => !HAN.test(text))).toEqual([])
    expect(Object.entries(en).filter(([, text]) => !text || HAN.test(text))).toEqual([])
  })

  it('is chosen by vendor code, then by the proxy code, then by its kind', () => {
    expect(adviceKey('wecom', 'WECOM_IP_NOT_TRUSTED', 60020)).toBe('wecom:60020')
    expect(adviceKey('youmi', 'YOUMI_CREDENTIALS_INVALID')).toBe('YOUMI_CREDENTIALS_INVALID')
    expect(adviceKey('public', 'PUBLIC_URL_UNREACHABLE')).toBe('PUBLIC_URL_UNREACHABLE')
    expect(adviceKey('wshoto', 'WSHOTO_TIMEOUT')).toBe('kind:TIMEOUT')
    expect(adviceKey('wecom', 'WECOM_NEW_THING', 12345)).toBe('default')
    // Not a property every object has.
    expect(adviceKey('wecom', 'constructor')).toBe('default')
    expect(adviceFor('wecom', 'WECOM_IP_NOT_TRUSTED', '60020')).toEqual({
      adviceKey: 'wecom:60020',
      advice: adminAdvice('zh-CN')['wecom:60020'],
    })
  })

  it("gives staff the same words for 40093 and 80001 as the sidebar's own JS-SDK failures", () => {
    expect(VENDOR_ADVICE['wecom:40093'].staff).toBe(STAFF_SIGNATURE_INVALID)
    expect(VENDOR_ADVICE['wecom:80001'].staff).toBe(STAFF_DOMAIN_NOT_TRUSTED)
  })
})
