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
      expect(banner).toHaveLength(4)
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
})
