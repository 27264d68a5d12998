import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { boot } from './boot.js'
import { parseEnv } from './config.js'

describe('boot', () => {
  it('simulates vendors without credentials and keeps a generated session secret in DATA_DIR', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'boot-'))
    const first = await boot(parseEnv({ DATA_DIR: dataDir }), 8080)
    try {
      const { config, sim, banner } = first
      expect(sim).toBeDefined()
      expect(config.vendors.wecom).toMatchObject({
        apiBase: sim!.url,
        oauthBase: 'http://localhost:8080/sim',
        loginBase: 'http://localhost:8080/sim',
        simulated: true,
      })
      expect(config.vendors.youmi).toMatchObject({ apiBase: sim!.url, tokenUrl: `${sim!.url}/connect/token`, simulated: true })
      expect(config.vendors.wshoto).toMatchObject({ apiBase: sim!.url, simulated: true })
      expect(banner).toHaveLength(5)
      expect(banner[4]).toBe('Proxies  X-Forwarded-For only from loopback (TRUST_PROXY unset)')
      for (const line of banner.slice(0, 3)) expect(line).toContain(`simulated (${sim!.url})`)
      // 企客聊 keys are made up for a demo run, so the playground's 企客聊 switch needs no configuration.
      expect(banner[3]).toMatch(/^企客聊\s+demo keys/)
      expect(config.qikeliao).toMatchObject({ cipher: 'aes-128-cbc', simulated: true, maxAgeS: 600 })
      expect(config.qikeliao!.key).toHaveLength(16)
      expect(config.qikeliao!.key).not.toBe(config.qikeliao!.systemKey)
      expect(config.adminUserIds).toEqual(['zhangwei'])
      const file = join(dataDir, 'session-secret')
      expect(readFileSync(file, 'utf8')).toBe(config.sessionSecret)
      expect(statSync(file).mode & 0o777).toBe(0o600)
      expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32)
    } finally {
      await first.sim?.close()
    }
    const second = await boot(parseEnv({ DATA_DIR: dataDir }), 8080)
    await second.sim?.close()
    expect(second.config.sessionSecret).toBe(first.config.sessionSecret)
  })

  it('uses real vendors as configured and names their base URLs in the banner', async () => {
    const env = parseEnv({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'boot-')),
      SESSION_SECRET: 's'.repeat(40),
      PUBLIC_URL: 'https://sidebar.example.com',
      ADMIN_USER_IDS: 'boss',
      WECOM_CORP_ID: 'ww1',
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: 'real-secret',
      YOUMI_CLIENT_ID: 'c',
      YOUMI_CLIENT_SECRET: 'cs',
      YOUMI_TENANT_ID: 't',
      YOUMI_API_BASE: 'https://youmi.example.com',
      WSHOTO_APP_ID: 'a',
      WSHOTO_APP_SECRET: 'as',
    })
    const { config, sim, banner } = await boot(env, 8080)
    expect(sim).toBeUndefined()
    expect(config.demo).toBe(false)
    expect(config.adminUserIds).toEqual(['boss'])
    expect(config.vendors.wecom).toMatchObject({
      apiBase: 'https://qyapi.weixin.qq.com',
      oauthBase: 'https://open.weixin.qq.com',
      loginBase: 'https://login.work.weixin.qq.com',
      secret: 'real-secret',
      simulated: false,
    })
    expect(config.vendors.youmi).toMatchObject({
      apiBase: 'https://youmi.example.com',
      tokenUrl: 'https://sso.yunshouzhi.net/connect/token',
      simulated: false,
    })
    expect(banner).toEqual([
      expect.stringMatching(/^WeCom\s+real\s+https:\/\/qyapi\.weixin\.qq\.com$/),
      expect.stringMatching(/^Youmi\s+real\s+https:\/\/youmi\.example\.com$/),
      expect.stringMatching(/^WShoto\s+real\s+https:\/\/open\.wshoto\.com$/),
      expect.stringMatching(/^企客聊\s+off/),
      'Proxies  X-Forwarded-For only from loopback (TRUST_PROXY unset)',
    ])
    expect(banner.join('\n')).not.toContain('real-secret')
    expect(config.qikeliao).toBeUndefined()
  })

  it('takes the 企客聊 keys from QIKELIAO_* and names the entry, never the keys, in the banner', async () => {
    const env = parseEnv({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'boot-')),
      QIKELIAO_KEY: 'K9fq2LmZp0aXw7Rt',
      QIKELIAO_IV: 'Iv83nQpL0zYx5Wm1',
      QIKELIAO_FRIEND_FIELD: 'WX',
      QIKELIAO_FIELD_MAP: 'machineName=originalId',
    })
    const { config, sim, banner } = await boot(env, 8080)
    await sim?.close()
    expect(config.qikeliao).toMatchObject({
      cipher: 'aes-128-cbc',
      key: 'K9fq2LmZp0aXw7Rt',
      iv: 'Iv83nQpL0zYx5Wm1',
      systemKey: '',
      simulated: false,
    })
    expect(config.qikeliao!.mapping).toMatchObject({
      friendField: 'WX',
      fields: { machineName: 'originalId', machineKey: 'Number', adWechatId: 'wechat' },
    })
    expect(banner[3]).toBe('企客聊   entry http://localhost:8080/api/qikeliao/enter (aes-128-cbc)')
    expect(banner.join('\n')).not.toContain('K9fq2LmZp0aXw7Rt')
  })

  it('trusts no proxy in production when TRUST_PROXY is unset, and the banner says whom it trusts', async () => {
    const production = { NODE_ENV: 'production', DEMO: '1', SESSION_SECRET: 's'.repeat(40), PUBLIC_URL: 'https://sidebar.example.com' }
    const cases: Array<[Record<string, string>, boolean | string, string]> = [
      [production, false, 'Proxies  no X-Forwarded-For: the client address is the connection’s (TRUST_PROXY unset in production)'],
      [{ ...production, TRUST_PROXY: 'loopback' }, 'loopback', 'Proxies  X-Forwarded-For only from loopback'],
      [
        { ...production, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' },
        '10.0.0.0/8, 127.0.0.1',
        'Proxies  X-Forwarded-For only from 10.0.0.0/8, 127.0.0.1',
      ],
      [
        { ...production, TRUST_PROXY: 'true' },
        true,
        expect.stringMatching(/^Proxies {2}X-Forwarded-For from any address/) as unknown as string,
      ],
      [{}, 'loopback', 'Proxies  X-Forwarded-For only from loopback (TRUST_PROXY unset)'],
      [{ TRUST_PROXY: 'false' }, false, 'Proxies  no X-Forwarded-For: the client address is the connection’s'],
    ]
    for (const [vars, trust, line] of cases) {
      const { config, sim, banner } = await boot(parseEnv({ DATA_DIR: mkdtempSync(join(tmpdir(), 'boot-')), ...vars }), 8080)
      await sim?.close()
      expect({ vars, trust: config.trustProxy, line: banner.at(-1) }).toEqual({ vars, trust, line })
    }
  })

  it("makes the demo's WeCom OAuth and QR-code pages redirect only to PUBLIC_URL's origin, also with DEMO=1 in production", async () => {
    const env = parseEnv({
      NODE_ENV: 'production',
      DEMO: '1',
      SESSION_SECRET: 's'.repeat(40),
      PUBLIC_URL: 'https://sidebar.example.com',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'boot-')),
    })
    const { config, sim } = await boot(env, 8080)
    try {
      const authorize = (redirect: string) =>
        fetch(
          `${sim!.url}/connect/oauth2/authorize?appid=${config.vendors.wecom.corpId}&redirect_uri=${encodeURIComponent(redirect)}` +
            `&response_type=code&scope=snsapi_base&state=s&agentid=${config.vendors.wecom.agentId}&login_as=zhangwei`,
          { redirect: 'manual' },
        )
      const qrLogin = (redirect: string) =>
        fetch(
          `${sim!.url}/wwlogin/sso/login?login_type=CorpApp&appid=${config.vendors.wecom.corpId}&agentid=${config.vendors.wecom.agentId}` +
            `&redirect_uri=${encodeURIComponent(redirect)}&state=s&login_as=zhangwei`,
          { redirect: 'manual' },
        )
      const refused = [
        'https://evil.example/api/auth/callback',
        'https://sidebar.example.com.evil.example/api/auth/callback',
        'https://evil.example@sidebar.example.com.evil.example/',
        'http://sidebar.example.com/api/auth/callback',
        'https://sidebar.example.com:8443/api/auth/callback',
        'https://shop.sidebar.example.com/api/auth/callback',
      ]
      for (const redirect of refused) {
        const res = await authorize(redirect)
        expect({ redirect, status: res.status, location: res.headers.get('location') }).toEqual({ redirect, status: 400, location: null })
        expect(await res.text()).toContain('可信域名')
        const qr = await qrLogin(redirect)
        expect({ redirect, status: qr.status, location: qr.headers.get('location') }).toEqual({ redirect, status: 400, location: null })
        expect(await qr.text()).toContain('授权回调域')
      }
      for (const ok of [
        await authorize('https://sidebar.example.com/api/auth/callback'),
        await qrLogin('https://sidebar.example.com/api/auth/callback'),
      ]) {
        expect(ok.status).toBe(302)
        expect(ok.headers.get('location')).toMatch(/^https:\/\/sidebar\.example\.com\/api\/auth\/callback\?code=\w+&state=s$/)
      }
    } finally {
      await sim?.close()
    }
  })
})
