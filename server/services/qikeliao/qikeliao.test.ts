import { describe, expect, it } from 'vitest'
import { ConfigError, parseEnv } from '../../config.js'
import { decrypt, encrypt } from './codec.js'
import { keyBytes, resolveKeys, type CipherKeys } from './keys.js'
import { DEFAULT_MAPPING, mapPayload, maskPhone, parseFieldMap } from './mapping.js'
import { field, parsePayload } from './payload.js'
import { formatEntryTime, parseEntryTime } from './time.js'

const keys = (cipher = 'aes-128-cbc', key = 'K9fq2LmZp0aXw7Rt', iv = 'Iv83nQpL0zYx5Wm1', systemKey = ''): CipherKeys => {
  const r = resolveKeys({ cipher, key, iv, systemKey })
  if (!r.ok) throw new Error(r.problems.join('; '))
  return r.keys
}

describe('keys', () => {
  it('reads a key as characters, hex or base64, whichever makes the right length; a prefix forces one', () => {
    expect(keyBytes('K9fq2LmZp0aXw7Rt', 16)!.toString()).toBe('K9fq2LmZp0aXw7Rt')
    expect(keyBytes('00112233445566778899aabbccddeeff', 16)!.toString('hex')).toBe('00112233445566778899aabbccddeeff')
    expect(keyBytes(Buffer.from('sixteen-byte-key').toString('base64'), 16)!.toString()).toBe('sixteen-byte-key')
    // 32 hex digits are 32 characters too: for a 32-byte key the characters win, unless `hex:` says otherwise.
    expect(keyBytes('00112233445566778899aabbccddeeff', 32)!.toString()).toBe('00112233445566778899aabbccddeeff')
    expect(keyBytes('hex:00112233445566778899aabbccddeeff', 16)!.length).toBe(16)
    expect(keyBytes('utf8:0011223344556677', 16)!.toString()).toBe('0011223344556677')
    expect(keyBytes('too-short', 16)).toBeNull()
    expect(keyBytes('hex:zz', 1)).toBeNull()
  })

  it('refuses unknown ciphers, modes without padding, wrong lengths and an IV for ECB, saying what to give', () => {
    const problems = (o: Partial<Parameters<typeof resolveKeys>[0]>) => {
      const r = resolveKeys({ cipher: 'aes-128-cbc', key: 'K9fq2LmZp0aXw7Rt', iv: 'Iv83nQpL0zYx5Wm1', systemKey: '', ...o })
      return r.ok ? [] : r.problems
    }
    expect(problems({})).toEqual([])
    expect(problems({ cipher: 'rot13' })[0]).toMatch(/^QIKELIAO_CIPHER: "rot13" is not a cipher/)
    expect(problems({ cipher: 'aes-128-gcm' })[0]).toMatch(/^QIKELIAO_CIPHER: .*only CBC and ECB/)
    expect(problems({ key: 'short' })[0]).toMatch(
      /^QIKELIAO_KEY: does not make a 16-byte key for aes-128-cbc: give 16 characters, or 32 hex digits/,
    )
    expect(problems({ cipher: 'aes-256-cbc' })[0]).toMatch(/^QIKELIAO_KEY: does not make a 32-byte key for aes-256-cbc/)
    expect(problems({ iv: 'x' })[0]).toMatch(/^QIKELIAO_IV: does not make a 16-byte IV/)
    expect(problems({ systemKey: 'x' })[0]).toMatch(/^QIKELIAO_SYSTEM_KEY: /)
    expect(problems({ cipher: 'aes-128-ecb' })[0]).toMatch(/^QIKELIAO_IV: aes-128-ecb takes no IV.*aes-128-cbc/)
    // No IV: a 16-byte key stands in for it; a 32-byte key cannot.
    expect(problems({ iv: '' })).toEqual([])
    expect(problems({ cipher: 'aes-256-cbc', key: 'k'.repeat(32), iv: '' })[0]).toMatch(/^QIKELIAO_IV: missing/)
  })

  it('parseEnv lists the 企客聊 problems with the others, and is quiet when 企客聊 is off', () => {
    expect(() => parseEnv({})).not.toThrow()
    expect(parseEnv({}).QIKELIAO_FRIEND_FIELD).toBe('uid')
    let error: unknown
    try {
      parseEnv({ QIKELIAO_KEY: 'short', QIKELIAO_CIPHER: 'aes-128-cbc', QIKELIAO_IV: 'x', QIKELIAO_FIELD_MAP: 'nonsense=x,machineKey' })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    const listed = (error as ConfigError).problems.join('\n')
    expect(listed).toMatch(/QIKELIAO_KEY: does not make a 16-byte key/)
    expect(listed).toMatch(/QIKELIAO_IV: does not make a 16-byte IV/)
    expect(listed).toMatch(/QIKELIAO_FIELD_MAP: "nonsense" is not one of/)
    expect(listed).toMatch(/QIKELIAO_FIELD_MAP: write machineKey=<payload field>/)
    expect(() => parseEnv({ QIKELIAO_IV: 'Iv83nQpL0zYx5Wm1' })).toThrow(/QIKELIAO_IV set but QIKELIAO_KEY missing/)
    expect(() => parseEnv({ QIKELIAO_FRIEND_FIELD: 'openid' })).toThrow(/QIKELIAO_FRIEND_FIELD/)
  })
})

describe('codec', () => {
  it('decrypts what it encrypts, in base64 (either alphabet, + turned into a space, encoded again) and hex', () => {
    const k = keys()
    const text = '{"UserID":"zhangwei","TEL":"13812345678","nickname":"晓雯🌸"}'
    const b64 = encrypt(k, 'merchant', text)
    expect(decrypt(k, 'merchant', b64)?.text).toBe(text)
    expect(decrypt(k, 'merchant', encrypt(k, 'merchant', text, 'base64url'))?.text).toBe(text)
    expect(decrypt(k, 'merchant', encrypt(k, 'merchant', text, 'hex'))?.text).toBe(text)
    expect(decrypt(k, 'merchant', b64.replace(/\+/g, ' '))?.text).toBe(text)
    expect(decrypt(k, 'merchant', encodeURIComponent(b64))?.text).toBe(text)
    expect(decrypt(k, 'merchant', b64.replace(/=+$/, ''))?.text).toBe(text)
  })

  it('refuses the other key, another IV, the wrong role and damaged text', () => {
    const k = keys('aes-128-cbc', 'K9fq2LmZp0aXw7Rt', 'Iv83nQpL0zYx5Wm1', 'Sys0Sys1Sys2Sys3')
    const b64 = encrypt(k, 'merchant', 'zhangwei')
    expect(decrypt(k, 'system', b64)).toBeNull()
    expect(
      decrypt(
        keys('aes-128-cbc', 'K9fq2LmZp0aXw7Rt', 'another-iv-00000'),
        'merchant',
        encrypt(k, 'merchant', '{"a":"bbbbbbbbbbbbbbbbbbbbb"}'),
      )?.text,
    ).not.toBe('{"a":"bbbbbbbbbbbbbbbbbbbbb"}')
    expect(decrypt(k, 'merchant', 'abc')).toBeNull()
    expect(decrypt(k, 'merchant', '')).toBeNull()
    expect(decrypt(k, 'merchant', 'A'.repeat(9000))).toBeNull()
  })
})

describe('payload, time and mapping', () => {
  it('reads JSON and key=value payloads, values as text, names in any case', () => {
    const json = parsePayload('{"UserID":"zhangwei","wechat":45292,"ok":true,"nested":{"x":1}}')!
    expect(json).toEqual({ UserID: 'zhangwei', wechat: '45292', ok: 'true' })
    expect(field(json, 'userid')).toBe('zhangwei')
    const kv = parsePayload('UserID=lina&merchantid=640462692&nickname=%E6%99%93%E9%9B%AF')!
    expect(kv).toMatchObject({ UserID: 'lina', merchantid: '640462692', nickname: '晓雯' })
    for (const bad of ['', 'garbage', '[1,2]', '{"a":', 'null']) expect(parsePayload(bad)).toBeNull()
  })

  it('reads Beijing date-times and unix seconds or milliseconds; refuses dates that do not exist', () => {
    const at = Date.UTC(2024, 11, 19, 9, 21, 51)
    expect(parseEntryTime('2024-12-19 17:21:51')).toBe(at)
    expect(parseEntryTime('2024/12/19T17:21:51')).toBe(at)
    expect(parseEntryTime('20241219172151')).toBe(at)
    expect(parseEntryTime(String(at / 1000))).toBe(at)
    expect(parseEntryTime(String(at))).toBe(at)
    expect(formatEntryTime(at + 400)).toBe('2024-12-19 17:21:51')
    for (const bad of ['2024-02-30 10:00:00', '2024-12-19 24:00:00', 'now', '123', '']) expect(parseEntryTime(bad)).toBeNull()
  })

  it('masks phones and maps a payload to a friend, naming what is missing without its values', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678')
    expect(maskPhone('12345')).toBe('***45')
    expect(maskPhone('')).toBe('')
    const payload = parsePayload(
      '{"UserID":"lina","merchantid":"6404","uid":"2716475","WX":"wxid_a","wechat":45292,"Number":"zvzv9223","TEL":"13812345678"}',
    )!
    const mapped = mapPayload(payload, 'lina', DEFAULT_MAPPING)
    expect(mapped).toEqual({
      ok: true,
      friend: {
        userId: 'lina',
        tenantId: '6404',
        wechatId: 'wxid_a',
        nickname: '',
        phoneMasked: '138****5678',
        youmi: {
          adWechatId: 45292,
          machineKey: 'zvzv9223',
          machineName: 'zvzv9223',
          qvCompanyId: '',
          objectId: '2716475',
          objectNickname: '',
          belongStaffCode: 'lina',
        },
      },
    })
    const byWx = mapPayload(payload, 'lina', {
      friendField: 'WX',
      fields: { ...DEFAULT_MAPPING.fields, ...parseFieldMap('machineName=,qvCompanyId=merchantid').fields },
    })
    expect(byWx.ok && byWx.friend.youmi).toMatchObject({ objectId: 'wxid_a', machineName: '', qvCompanyId: '6404' })
    const missing = mapPayload(parsePayload('{"UserID":"lina","wechat":"wxid_op","TEL":"13812345678"}')!, 'lina', DEFAULT_MAPPING)
    expect(missing.ok).toBe(false)
    const problems = missing.ok ? '' : missing.problems.join('；')
    expect(problems).toMatch(/merchantid/)
    expect(problems).toMatch(/uid/)
    expect(problems).toMatch(/wechat（运营微信号，友米 ad_wechat_id）不是数字/)
    expect(problems).not.toContain('wxid_op')
  })
})
