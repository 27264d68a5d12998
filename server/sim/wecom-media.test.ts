import { describe, expect, it } from 'vitest'
import type { UploadedMedia } from './state.js'
import { multipartBody, simTestCredentials as creds, testSim, type TestSim } from './testing.js'
import { keepMediaBytes } from './wecom-media.js'

const w = creds.wecom
const DAY = 24 * 3600_000

async function upload(sim: TestSim, type: string, filename: string, content: Buffer): Promise<string> {
  const token = (await sim.app.inject({ url: `/cgi-bin/gettoken?corpid=${w.corpId}&corpsecret=${w.secret}` })).json().access_token
  const { payload, headers } = multipartBody('media', filename, content)
  const res = await sim.app.inject({ method: 'POST', url: `/cgi-bin/media/upload?access_token=${token}&type=${type}`, payload, headers })
  return res.json().media_id
}
const status = async (sim: TestSim, id: string) => (await sim.app.inject({ url: `/wecom/media/${id}` })).json()
const post = (sim: TestSim, url: string, payload?: object) => sim.app.inject({ method: 'POST', url, ...(payload ? { payload } : {}) })

describe('GET /wecom/media/:mediaId (the playground asks whether a media id still works)', () => {
  it('answers valid for 3 days after the upload, then 40007 expired', async () => {
    const sim = testSim()
    const id = await upload(sim, 'video', 'intro.mp4', Buffer.alloc(300, 9))
    expect(await status(sim, id)).toEqual({
      errcode: 0,
      errmsg: 'ok',
      mediaId: id,
      valid: true,
      status: 'valid',
      type: 'video',
      filename: 'intro.mp4',
      size: 300,
      createdAt: sim.clock.t,
      expiresAt: sim.clock.t + 3 * DAY,
      contentUrl: expect.stringMatching(new RegExp(`/wecom/media/${id}/content$`)),
    })
    const content = await sim.app.inject({ url: `/wecom/media/${id}/content` })
    expect(content.headers['content-type']).toBe('video/mp4')
    sim.clock.t += 3 * DAY
    expect(await status(sim, id)).toMatchObject({ errcode: 40007, valid: false, status: 'expired' })
    expect((await sim.app.inject({ url: `/wecom/media/${id}/content` })).statusCode).toBe(404)
  })

  it('serves a file only as a download, whatever its name says', async () => {
    const sim = testSim()
    const id = await upload(sim, 'file', 'page.html', Buffer.from('<script>alert(1)</script>'))
    const content = await sim.app.inject({ url: `/wecom/media/${id}/content` })
    expect(content.statusCode).toBe(200)
    expect(content.headers['content-type']).toBe('application/octet-stream')
    expect(content.headers['content-disposition']).toBe(`attachment; filename="media"; filename*=UTF-8''page.html`)
    expect(content.headers['x-content-type-options']).toBe('nosniff')
  })

  it('is neither recorded as a vendor call nor hit by faults', async () => {
    const sim = testSim()
    await post(sim, '/__sim/faults', { vendor: 'wecom', kind: 'http', status: 500 })
    expect((await status(sim, 'nope')).status).toBe('unknown')
    expect(sim.state.requests).toEqual([])
    expect(sim.state.faults).toHaveLength(1)
  })
})

describe('/__sim/media controls', () => {
  it('revokes one media id (40007 from then on) and leaves the others', async () => {
    const sim = testSim()
    const a = await upload(sim, 'image', 'a.png', Buffer.alloc(100, 1))
    const b = await upload(sim, 'image', 'b.png', Buffer.alloc(100, 2))
    expect((await post(sim, '/__sim/media/revoke', { mediaId: a })).json()).toEqual({ ok: true })
    expect(await status(sim, a)).toMatchObject({ errcode: 40007, errmsg: 'invalid media_id', status: 'revoked' })
    expect((await status(sim, b)).valid).toBe(true)
    expect((await post(sim, '/__sim/media/revoke', { mediaId: 'unknown' })).statusCode).toBe(404)
    expect((await post(sim, '/__sim/media/revoke', {})).statusCode).toBe(400)
  })

  it('expires every media id uploaded so far, not later ones', async () => {
    const sim = testSim()
    const a = await upload(sim, 'image', 'a.png', Buffer.alloc(100, 1))
    expect((await post(sim, '/__sim/media/expire')).json()).toEqual({ ok: true, expired: 1 })
    const b = await upload(sim, 'image', 'b.png', Buffer.alloc(100, 2))
    expect((await status(sim, a)).status).toBe('expired')
    expect((await status(sim, b)).status).toBe('valid')
  })

  it('/__sim/reset forgets every upload', async () => {
    const sim = testSim()
    const a = await upload(sim, 'image', 'a.png', Buffer.alloc(100, 1))
    await post(sim, '/__sim/reset')
    expect((await status(sim, a)).status).toBe('unknown')
  })
})

describe('keepMediaBytes', () => {
  it("keeps the newest uploads' bytes within the budget and drops the oldest ones", () => {
    const sim = testSim()
    const media = (n: number): UploadedMedia => ({
      mediaId: `m${n}`,
      type: 'file',
      filename: 'x',
      mimetype: '',
      size: 0,
      createdAt: 0,
      expiresAt: 1,
      revoked: false,
    })
    for (let n = 0; n < 4; n++) {
      const m = media(n)
      sim.state.wecom.media.push(m)
      keepMediaBytes(sim.state, m, Buffer.alloc(499), 1000)
    }
    expect(sim.state.wecom.media.map((m) => !!m.bytes)).toEqual([false, false, true, true])
  })
})
