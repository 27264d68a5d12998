import { afterEach, describe, expect, it } from 'vitest'
import { request } from 'undici'
import { redactUrl, startSimulator, type Simulator } from './index.js'
import { simTestCredentials as creds, testSim, type TestSim } from './testing.js'

const w = creds.wecom
const tokenUrl = `/cgi-bin/gettoken?corpid=${w.corpId}&corpsecret=${w.secret}`
const wshotoTokenUrl = `/openapi/access_token?appid=${creds.wshoto.appId}&app_secret=${creds.wshoto.appSecret}`

const post = (sim: TestSim, url: string, payload: object) => sim.app.inject({ method: 'POST', url, payload })
const fault = (sim: TestSim, f: object) => post(sim, '/__sim/faults', f)

describe('/__sim/requests', () => {
  it('records every vendor call, token calls included, oldest first, and can be cleared', async () => {
    const sim = testSim()
    await sim.app.inject({ url: tokenUrl })
    await sim.app.inject({ url: wshotoTokenUrl })
    await post(sim, '/v2/BulkSend/SaveBulkSendTask', { hello: 1 })
    const wecom = (await sim.app.inject({ url: '/__sim/requests?vendor=wecom' })).json()
    expect(wecom).toEqual([
      expect.objectContaining({
        vendor: 'wecom',
        method: 'GET',
        path: '/cgi-bin/gettoken',
        query: { corpid: w.corpId, corpsecret: w.secret },
        status: 200,
      }),
    ])
    const youmi = (await sim.app.inject({ url: '/__sim/requests?vendor=youmi' })).json()
    expect(youmi[0]).toMatchObject({
      path: '/v2/BulkSend/SaveBulkSendTask',
      body: { hello: 1 },
      headers: expect.objectContaining({ 'content-type': 'application/json' }),
    })
    expect((await sim.app.inject({ url: '/__sim/requests' })).json().map((r: { vendor: string }) => r.vendor)).toEqual([
      'wecom',
      'wshoto',
      'youmi',
    ])
    expect((await sim.app.inject({ url: '/__sim/requests?vendor=acme' })).statusCode).toBe(400)
    await sim.app.inject({ method: 'DELETE', url: '/__sim/requests' })
    expect(sim.state.requests).toEqual([])
  })
})

describe('/__sim/faults', () => {
  it('answers with HTTP errors, vendor codes, malformed and wrong-shaped bodies, then recovers', async () => {
    const sim = testSim()
    await fault(sim, { vendor: 'wecom', kind: 'http', status: 503 })
    await fault(sim, { vendor: 'wecom', kind: 'code', code: 60020 })
    await fault(sim, { vendor: 'wecom', kind: 'malformed' })
    await fault(sim, { vendor: 'wecom', kind: 'wrongShape' })
    const http = await sim.app.inject({ url: tokenUrl })
    expect(http.statusCode).toBe(503)
    expect(http.headers['content-type']).toMatch(/text\/html/)
    expect((await sim.app.inject({ url: tokenUrl })).json()).toEqual({ errcode: 60020, errmsg: 'not allow to access from your ip' })
    const malformed = await sim.app.inject({ url: tokenUrl })
    expect(malformed.statusCode).toBe(200)
    expect(() => JSON.parse(malformed.body)).toThrow()
    expect((await sim.app.inject({ url: tokenUrl })).json()).toEqual({ hello: 'world' })
    expect((await sim.app.inject({ url: tokenUrl })).json().errcode).toBe(0)
    expect(sim.state.requests.map((r) => r.fault)).toEqual(['http', 'code', 'malformed', 'wrongShape', undefined])
  })

  it("puts the code in each vendor's own envelope", async () => {
    const sim = testSim()
    await fault(sim, { vendor: 'youmi', kind: 'code', code: 200005, path: '/v2/' })
    await fault(sim, { vendor: 'youmi', kind: 'code', code: 'temporarily_unavailable', path: '/connect/token' })
    await fault(sim, { vendor: 'wshoto', kind: 'code', code: 10010 })
    const youmi = (await post(sim, '/v2/BulkSend/SaveBulkSendTask', {})).json()
    expect(youmi).toMatchObject({ errmsg: 200005, succeed: false, values: null })
    const token = await sim.app.inject({
      method: 'POST',
      url: '/connect/token',
      payload: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(token.statusCode).toBe(400)
    expect(token.json()).toEqual({ error: 'temporarily_unavailable' })
    expect((await sim.app.inject({ url: wshotoTokenUrl })).json()).toEqual({ code: 10010, msg: 'access_token已过期', data: null })
  })

  it('hits only calls whose path starts with `path`, `count` times', async () => {
    const sim = testSim()
    await fault(sim, { vendor: 'wecom', kind: 'code', code: -1, count: 2, path: '/cgi-bin/get_jsapi_ticket' })
    const token = (await sim.app.inject({ url: tokenUrl })).json()
    expect(token.errcode).toBe(0)
    const ticket = () =>
      sim.app.inject({ url: `/cgi-bin/get_jsapi_ticket?access_token=${token.access_token}` }).then((r) => r.json().errcode)
    expect([await ticket(), await ticket(), await ticket()]).toEqual([-1, -1, 0])
    expect((await sim.app.inject({ url: '/__sim/faults' })).json()).toEqual([])
  })

  it('delays an answer by latencyMs and then answers normally', async () => {
    const sim = testSim()
    await fault(sim, { vendor: 'wshoto', kind: 'latency', latencyMs: 150 })
    const started = performance.now()
    const res = await sim.app.inject({ url: wshotoTokenUrl })
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    expect(res.json().code).toBe(0)
  })

  it('refuses a malformed fault and can be cleared', async () => {
    const sim = testSim()
    expect((await fault(sim, { vendor: 'wecom', kind: 'code' })).statusCode).toBe(400)
    expect((await fault(sim, { vendor: 'acme', kind: 'http' })).statusCode).toBe(400)
    expect((await fault(sim, { vendor: 'wecom', kind: 'explode' })).statusCode).toBe(400)
    await fault(sim, { vendor: 'wecom', kind: 'http', count: 5 })
    await sim.app.inject({ method: 'DELETE', url: '/__sim/faults' })
    expect((await sim.app.inject({ url: tokenUrl })).statusCode).toBe(200)
  })

  it('fails an injected call when the connection is dropped', async () => {
    const sim = testSim()
    await fault(sim, { vendor: 'wecom', kind: 'drop' })
    await expect(sim.app.inject({ url: tokenUrl })).rejects.toThrow()
  })
})

describe('a listening simulator', () => {
  let sim: Simulator | undefined
  afterEach(async () => {
    await sim?.close()
    sim = undefined
  })

  it('listens on an ephemeral loopback port and drops a connection without answering', async () => {
    sim = await startSimulator({ credentials: creds })
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    sim.state.faults.push({ vendor: 'wecom', kind: 'drop', count: 1 })
    await expect(request(`${sim.url}${tokenUrl}`)).rejects.toThrow(/other side closed|socket|reset/i)
    const ok = await request(`${sim.url}${tokenUrl}`)
    expect(((await ok.body.json()) as { errcode: number }).errcode).toBe(0)
    expect(sim.state.requests.map((r) => r.fault)).toEqual(['drop', undefined])
  })

  it('builds avatar URLs from the port it listens on', async () => {
    sim = await startSimulator({ credentials: creds })
    const token = ((await (await request(`${sim.url}${tokenUrl}`)).body.json()) as { access_token: string }).access_token
    const res = await request(
      `${sim.url}/cgi-bin/externalcontact/get?access_token=${token}&external_userid=wmMx67XK4sUSYgoUH04Jnm1yHv6QizOD`,
    )
    const avatar = ((await res.body.json()) as { external_contact: { avatar: string } }).external_contact.avatar
    expect(avatar).toBe(`${sim.url}/sim-assets/avatar/wmMx67XK4sUSYgoUH04Jnm1yHv6QizOD.svg`)
    expect((await request(avatar)).statusCode).toBe(200)
  })
})

describe('/__sim/revoke, /__sim/config, /__sim/counts, /__sim/reset', () => {
  it('revokes every token and ticket of one vendor only', async () => {
    const sim = testSim()
    const wecom = (await sim.app.inject({ url: tokenUrl })).json().access_token
    await sim.app.inject({ url: `/cgi-bin/get_jsapi_ticket?access_token=${wecom}` })
    const wshoto = (await sim.app.inject({ url: wshotoTokenUrl })).json().data.access_token
    expect((await post(sim, '/__sim/revoke', { vendor: 'wecom' })).json()).toEqual({ ok: true })
    expect((await sim.app.inject({ url: `/cgi-bin/get_jsapi_ticket?access_token=${wecom}` })).json().errcode).toBe(40014)
    expect(sim.state.wecom.tickets.every((t) => t.revoked)).toBe(true)
    const detail = await sim.app.inject({
      method: 'POST',
      url: `/openapi/mass_send/corp/get_mass_task_detail?access_token=${wshoto}`,
      payload: { task_id: 30101 },
    })
    expect(detail.json().code).toBe(0)
  })

  it('changes the lifetime of tokens issued from then on', async () => {
    const sim = testSim()
    const long = (await sim.app.inject({ url: tokenUrl })).json()
    expect((await post(sim, '/__sim/config', { tokenTtlSeconds: 5 })).json()).toEqual({ ok: true, tokenTtlSeconds: 5 })
    const short = (await sim.app.inject({ url: tokenUrl })).json()
    expect([long.expires_in, short.expires_in]).toEqual([7200, 5])
    sim.clock.t += 5000
    const use = (t: string) => sim.app.inject({ url: `/cgi-bin/get_jsapi_ticket?access_token=${t}` }).then((r) => r.json().errcode)
    expect([await use(long.access_token), await use(short.access_token)]).toEqual([0, 42001])
    expect((await post(sim, '/__sim/config', { tokenTtlSeconds: 0 })).statusCode).toBe(400)
  })

  it('counts token and ticket fetches per kind, concurrent ones included', async () => {
    const sim = testSim()
    const tokens = await Promise.all(Array.from({ length: 5 }, () => sim.app.inject({ url: tokenUrl })))
    const t = tokens[0]!.json().access_token
    await sim.app.inject({ url: `/cgi-bin/get_jsapi_ticket?access_token=${t}` })
    await sim.app.inject({ url: `/cgi-bin/ticket/get?access_token=${t}&type=agent_config` })
    await sim.app.inject({ url: wshotoTokenUrl })
    expect((await sim.app.inject({ url: '/__sim/counts' })).json()).toEqual({
      wecomToken: 5,
      wecomCorpTicket: 1,
      wecomAgentTicket: 1,
      youmiToken: 0,
      wshotoToken: 1,
    })
  })

  it('resets tasks, codes, tokens, faults, records, counts and the lifetime', async () => {
    const sim = testSim({ tokenTtlSeconds: 100 })
    const t = (await sim.app.inject({ url: tokenUrl })).json().access_token
    await post(sim, '/__sim/config', { tokenTtlSeconds: 5 })
    await fault(sim, { vendor: 'youmi', kind: 'http' })
    sim.state.youmi.tasks.push({ id: 880, body: {}, createdAt: 0, startTime: 0, deleted: false })
    sim.state.youmi.nextTaskId = 881
    const held = sim.state
    expect((await post(sim, '/__sim/reset', {})).json()).toEqual({ ok: true })
    expect(sim.state).toBe(held)
    expect(sim.state).toMatchObject({ tokenTtlSeconds: 100, requests: [], faults: [], youmi: { tasks: [], nextTaskId: 880 } })
    expect(sim.state.counts.wecomToken).toBe(0)
    expect((await sim.app.inject({ url: `/cgi-bin/get_jsapi_ticket?access_token=${t}` })).json().errcode).toBe(40014)
  })
})

describe('logging', () => {
  it('redacts secrets and tokens from logged URLs', () => {
    const url = `/cgi-bin/gettoken?corpid=${w.corpId}&corpsecret=${w.secret}`
    expect(redactUrl(url)).toBe(`/cgi-bin/gettoken?corpid=${w.corpId}&corpsecret=[redacted]`)
    expect(redactUrl('/openapi/access_token?app_secret=s3cr3t&appid=a')).toBe('/openapi/access_token?app_secret=[redacted]&appid=a')
    expect(redactUrl('/x?access_token=abc&code=def')).toBe('/x?access_token=[redacted]&code=[redacted]')
  })
})
