import { describe, expect, it } from 'vitest'
import { ConfigError, isSimulated, parseEnv, publicUrlOf } from './config.js'

describe('parseEnv', () => {
  it('has the documented defaults and simulates every vendor without credentials', () => {
    const env = parseEnv({})
    expect(env.PORT).toBe(8080)
    expect(env.HOST).toBe('127.0.0.1')
    expect(env.DATA_DIR).toBe('./data')
    expect(env.WECOM_API_BASE).toBe('https://qyapi.weixin.qq.com')
    expect(env.WECOM_OAUTH_BASE).toBe('https://open.weixin.qq.com')
    expect(env.WECOM_LOGIN_BASE).toBe('https://login.work.weixin.qq.com')
    expect(env.YOUMI_TOKEN_URL).toBe('https://sso.yunshouzhi.net/connect/token')
    expect(env.YOUMI_SCOPE).toBe('Ls.Qkl.PublicApi')
    expect(env.WSHOTO_API_BASE).toBe('https://open.wshoto.com')
    expect(env.UPSTREAM_TIMEOUT_MS).toBe(5000)
    expect(isSimulated(env)).toEqual({ wecom: true, youmi: true, wshoto: true })
    expect(publicUrlOf(env, 8080)).toBe('http://localhost:8080')
  })

  it('reads lists, numbers and real vendors', () => {
    const env = parseEnv({
      PORT: '9000',
      ADMIN_USER_IDS: ' zhangwei, lina ,,',
      PUBLIC_URL: 'https://sidebar.example.com/',
      WECOM_CORP_ID: 'ww1',
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: 's',
      WSHOTO_API_BASE: 'https://open.wshoto.com/',
    })
    expect(env.PORT).toBe(9000)
    expect(env.ADMIN_USER_IDS).toEqual(['zhangwei', 'lina'])
    expect(publicUrlOf(env, 9000)).toBe('https://sidebar.example.com')
    expect(env.WSHOTO_API_BASE).toBe('https://open.wshoto.com')
    expect(isSimulated(env)).toEqual({ wecom: false, youmi: true, wshoto: true })
  })

  it('lists every problem at once, in words an operator can act on', () => {
    let error: unknown
    try {
      parseEnv({ PORT: 'eighty', PUBLIC_URL: 'ftp://x', WECOM_AGENT_ID: 'abc', SESSION_SECRET: 'short' })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems
    expect(problems.map((p) => p.split(':')[0])).toEqual(expect.arrayContaining(['PORT', 'PUBLIC_URL', 'WECOM_AGENT_ID', 'SESSION_SECRET']))
    expect((error as ConfigError).message).toMatch(/problems:\n {2}- /)
  })

  it('refuses half-configured vendors', () => {
    expect(() => parseEnv({ WECOM_CORP_ID: 'ww1' })).toThrow(/WECOM_CORP_ID set but WECOM_AGENT_ID, WECOM_SECRET missing/)
    expect(() => parseEnv({ YOUMI_CLIENT_ID: 'c', YOUMI_CLIENT_SECRET: 's', YOUMI_TENANT_ID: 't' })).toThrow(/YOUMI_API_BASE/)
  })

  it('in production a simulated vendor is an error unless DEMO=1', () => {
    const secret = 'x'.repeat(40)
    expect(() => parseEnv({ NODE_ENV: 'production', SESSION_SECRET: secret })).toThrow(/WeCom: no credentials.*DEMO=1/s)
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET: required in production/)
    expect(parseEnv({ NODE_ENV: 'production', DEMO: '1', SESSION_SECRET: secret }).DEMO).toBe(true)
  })

  it('treats empty variables as unset', () => {
    const env = parseEnv({ WECOM_CORP_ID: '', PORT: '', DATABASE_URL: ' ' })
    expect(env.PORT).toBe(8080)
    expect(env.DATABASE_URL).toBeUndefined()
    expect(isSimulated(env).wecom).toBe(true)
  })
})
