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
      expect(config.vendors.wecom).toMatchObject({ apiBase: sim!.url, oauthBase: 'http://localhost:8080/sim', simulated: true })
      expect(config.vendors.youmi).toMatchObject({ apiBase: sim!.url, tokenUrl: `${sim!.url}/connect/token`, simulated: true })
      expect(config.vendors.wshoto).toMatchObject({ apiBase: sim!.url, simulated: true })
      expect(banner).toHaveLength(3)
      for (const line of banner) expect(line).toContain(`simulated (${sim!.url})`)
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
    expect(config.vendors.wecom).toMatchObject({ apiBase: 'https://qyapi.weixin.qq.com', oauthBase: 'https://open.weixin.qq.com', secret: 'real-secret', simulated: false })
    expect(config.vendors.youmi).toMatchObject({ apiBase: 'https://youmi.example.com', tokenUrl: 'https://sso.yunshouzhi.net/connect/token', simulated: false })
    expect(banner).toEqual([
      expect.stringMatching(/^WeCom\s+real\s+https:\/\/qyapi\.weixin\.qq\.com$/),
      expect.stringMatching(/^Youmi\s+real\s+https:\/\/youmi\.example\.com$/),
      expect.stringMatching(/^WShoto\s+real\s+https:\/\/open\.wshoto\.com$/),
    ])
    expect(banner.join('\n')).not.toContain('real-secret')
  })
})
