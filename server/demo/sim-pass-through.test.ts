import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, testCredentials, type TestApp } from '../../test/helpers/app.js'

let t: TestApp
let base: string
beforeAll(async () => {
  t = await startTestApp()
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`
})
afterAll(() => t.close())

/** A raw request line, exactly as written: fetch and inject would normalise `..` before we could send it. */
function rawGet(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(base)
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`))
    let data = ''
    socket.on('data', (d) => (data += String(d)))
    socket.on('end', () => resolve(data))
    socket.on('error', reject)
  })
}

describe('/sim pass-through in demo mode', () => {
  it('serves the QR-code sign-in page (企业微信扫码登录) with its staff links', async () => {
    const q = new URLSearchParams({
      login_type: 'CorpApp',
      appid: testCredentials.wecom.corpId,
      agentid: testCredentials.wecom.agentId,
      redirect_uri: 'http://sidebar.test/api/auth/callback',
      state: 's',
    })
    const page = await fetch(`${base}/sim/wwlogin/sso/login?${q}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('login_as=zhangwei')
  })

  it('serves the OAuth staff page and avatars', async () => {
    const page = await fetch(
      `${base}/sim/connect/oauth2/authorize?appid=${testCredentials.wecom.corpId}&redirect_uri=${encodeURIComponent('http://sidebar.test/api/auth/callback')}&response_type=code&scope=snsapi_base&state=s&agentid=1000002`,
    )
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('login_as=zhangwei')
    const avatar = await fetch(`${base}/sim/sim-assets/avatar/zhangwei.svg`)
    expect(avatar.status).toBe(200)
    expect(avatar.headers.get('content-type')).toContain('svg')
  })

  it.each([
    '/sim/__sim/requests?vendor=wecom',
    '/sim/sim-assets/../__sim/requests?vendor=wecom',
    '/sim/sim-assets/%2e%2e/__sim/requests?vendor=wecom',
    '/sim/sim-assets/avatar/%2e%2e%2f%2e%2e%2f__sim/counts',
    '/sim/connect/oauth2/authorize/../../../cgi-bin/gettoken?corpid=x&corpsecret=y',
    '/sim/wwlogin/sso/login/../../../cgi-bin/gettoken?corpid=x&corpsecret=y',
    '/sim/cgi-bin/gettoken?corpid=x&corpsecret=y',
    '/sim/sim-assets/avatar/..%5c..%5c__sim/counts',
  ])('refuses %s', async (path) => {
    const answer = await rawGet(path)
    expect(answer.split('\r\n')[0]).toMatch(/^HTTP\/1\.1 (404|400)/)
    expect(answer).not.toContain(testCredentials.wecom.secret)
    expect(answer).not.toContain('corpsecret')
  })
})
