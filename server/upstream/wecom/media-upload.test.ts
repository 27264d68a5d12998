import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../sim/index.js'
import { simTestCredentials as creds, testClock } from '../../sim/testing.js'
import { createHttpClient } from '../http.js'
import { WecomClient } from './client.js'

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 1)])
const quiet = { info: () => undefined, warn: () => undefined }

let sim: Simulator | undefined
afterEach(async () => {
  await sim?.close()
  sim = undefined
})

async function setup() {
  const clock = testClock()
  sim = await startSimulator({ credentials: creds, now: clock.now })
  const client = new WecomClient({
    ...creds.wecom,
    apiBase: sim.url,
    oauthBase: sim.url,
    loginBase: sim.url,
    http: createHttpClient(),
    timeoutMs: 2000,
    log: quiet,
    now: clock.now,
    resilience: { sleep: async () => undefined },
  })
  const uploads = () => sim!.state.requests.filter((r) => r.path === '/cgi-bin/media/upload')
  return { sim, client, clock, uploads }
}

describe('WecomClient.uploadMedia', () => {
  it('uploads one multipart part named media and answers the id and created_at in ms', async () => {
    const { sim, client, clock, uploads } = await setup()
    const got = await client.uploadMedia('image', PNG, '春季"新品" 海报.png')
    const stored = sim.state.wecom.media
    expect(stored).toHaveLength(1)
    expect(got).toEqual({ mediaId: stored[0]!.mediaId, createdAt: Math.floor(clock.t / 1000) * 1000 })
    expect(stored[0]).toMatchObject({ type: 'image', size: PNG.length, filename: "春季'新品' 海报.png" })
    expect(stored[0]!.bytes?.equals(PNG)).toBe(true)
    expect(uploads()[0]!.query).toMatchObject({ type: 'image' })
    expect(uploads()[0]!.body).toEqual({ media: expect.objectContaining({ size: PNG.length, truncated: false }) })
  })

  it.each([
    [40004, 400, 'WECOM_MEDIA_TYPE_REFUSED', 'jpg / png'],
    [40006, 400, 'WECOM_MEDIA_SIZE_REFUSED', '20 MB'],
    [44001, 502, 'WECOM_MEDIA_EMPTY', '上传为空'],
  ])('maps errcode %i to %i %s', async (code, status, appCode, words) => {
    const { sim, client, uploads } = await setup()
    sim.state.faults.push({ vendor: 'wecom', kind: 'code', code, count: 1, path: '/cgi-bin/media/upload' })
    const err = await client.uploadMedia('image', PNG, 'a.png').catch((e: unknown) => e)
    expect(err).toMatchObject({ status, code: appCode, details: { vendorCode: code } })
    expect((err as Error).message).toContain(words)
    // A refusal is not retried.
    expect(uploads()).toHaveLength(1)
  })

  it('gets 40004 from the simulator itself for a format WeCom does not take as an image', async () => {
    const { client } = await setup()
    await expect(client.uploadMedia('image', PNG, 'a.gif')).rejects.toMatchObject({ code: 'WECOM_MEDIA_TYPE_REFUSED' })
  })

  it('retries after a transport failure (a second upload only wastes an id)', async () => {
    const { sim, client, uploads } = await setup()
    sim.state.faults.push({ vendor: 'wecom', kind: 'http', status: 502, count: 1, path: '/cgi-bin/media/upload' })
    sim.state.faults.push({ vendor: 'wecom', kind: 'drop', count: 1, path: '/cgi-bin/media/upload' })
    const got = await client.uploadMedia('file', PNG, '报价单.png')
    expect(uploads().map((r) => r.fault)).toEqual(['http', 'drop', undefined])
    expect(sim.state.wecom.media.map((m) => m.mediaId)).toEqual([got.mediaId])
  })

  it('fetches a new token and uploads again when WeCom refuses the token', async () => {
    const { sim, client, uploads } = await setup()
    await client.uploadMedia('image', PNG, 'a.png')
    await fetch(`${sim.url}/__sim/revoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"vendor":"wecom"}' })
    await client.uploadMedia('image', PNG, 'a.png')
    expect(sim.state.counts.wecomToken).toBe(2)
    expect(uploads().map((r) => r.status)).toEqual([200, 200, 200])
    expect(sim.state.wecom.media).toHaveLength(2)
  })
})
