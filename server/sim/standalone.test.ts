import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from './index.js'
import { simSettingsOf } from './standalone.js'

const ENV = {
  WECOM_CORP_ID: 'wwstandalone01',
  WECOM_AGENT_ID: '1000009',
  WECOM_SECRET: 'wecom-secret',
  YOUMI_CLIENT_ID: 'client',
  YOUMI_CLIENT_SECRET: 'youmi-secret',
  YOUMI_TENANT_ID: '42',
  WSHOTO_APP_ID: 'app',
  WSHOTO_APP_SECRET: 'wshoto-secret',
}

describe('the simulator as a process of its own', () => {
  let sim: Simulator | undefined
  afterEach(async () => {
    await sim?.close()
    sim = undefined
  })

  it('takes the credentials under the proxy’s variable names and accepts exactly those', async () => {
    const settings = simSettingsOf({ ...ENV, SIM_TRUSTED_ORIGIN: 'https://sidebar.example.com', SIM_TOKEN_TTL_S: '60' })
    expect(settings).toMatchObject({ host: '127.0.0.1', port: 0, tokenTtlSeconds: 60, trustedOrigin: 'https://sidebar.example.com' })
    expect(settings.credentials.youmi.scope).toBe('Ls.Qkl.PublicApi')
    sim = await startSimulator(settings)
    const token = async (secret: string) =>
      (await (await fetch(`${sim!.url}/cgi-bin/gettoken?corpid=${ENV.WECOM_CORP_ID}&corpsecret=${secret}`)).json()) as { errcode: number }
    expect((await token('wecom-secret')).errcode).toBe(0)
    expect((await token('another')).errcode).toBe(40001)
    const counts = (await (await fetch(`${sim.url}/__sim/counts`)).json()) as { wecomToken: number }
    expect(counts.wecomToken).toBe(2)
  })

  it('refuses to start without a credential or with a bad port', () => {
    const { WSHOTO_APP_SECRET: _gone, ...partial } = ENV
    expect(() => simSettingsOf(partial)).toThrow(/WSHOTO_APP_SECRET is required/)
    expect(() => simSettingsOf({ ...ENV, SIM_PORT: '70000' })).toThrow(/SIM_PORT/)
    expect(() => simSettingsOf({ ...ENV, SIM_TOKEN_TTL_S: '-1' })).toThrow(/SIM_TOKEN_TTL_S/)
  })
})
