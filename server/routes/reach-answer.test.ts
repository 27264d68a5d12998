import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Reach } from '../../contracts/reach.js'
import { startTestApp, type TestApp } from '../../test/helpers/app.js'
import { demoCampaignIds } from '../sim/demo-data.js'

// Node's zlib, spied on: the reach answer is compressed once per figures, not once per request.
vi.mock('node:zlib', async (original) => {
  const zlib = await original<typeof import('node:zlib')>()
  return { ...zlib, brotliCompressSync: vi.fn(zlib.brotliCompressSync), gzipSync: vi.fn(zlib.gzipSync) }
})
const zlib = await import('node:zlib')

let t: TestApp
let staff: string
beforeAll(async () => {
  t = await startTestApp({ config: { reachFreshMs: 60_000 } })
  staff = await t.login('lina')
})
afterAll(() => t.close())

const taskId = demoCampaignIds[1]!.taskId
const reach = (headers: Record<string, string> = {}) =>
  t.app.inject({ url: `/api/campaigns/${taskId}/reach`, headers: { cookie: staff, ...headers } })

describe('a reach answer, written and compressed once per figures', () => {
  // Compressed by the route itself (server/services/reach-answer.ts), not per request by @fastify/compress.
  it('answers brotli, gzip or plain as asked, each decoding to the same checked JSON', async () => {
    vi.mocked(zlib.brotliCompressSync).mockClear()
    vi.mocked(zlib.gzipSync).mockClear()
    const plain = await reach()
    expect(plain.statusCode).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.rawPayload.length).toBeGreaterThan(1024)
    Reach.parse(plain.json())

    const br = await reach({ 'accept-encoding': 'gzip, deflate, br' })
    expect(br.headers).toMatchObject({ 'content-encoding': 'br', vary: 'accept-encoding' })
    expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length)
    expect(brotliDecompressSync(br.rawPayload)).toEqual(plain.rawPayload)

    let gzipped: Buffer = Buffer.alloc(0)
    for (const header of ['gzip', 'x-gzip', 'br;q=0.1, gzip;q=0.9', '*']) {
      const gz = await reach({ 'accept-encoding': header })
      expect(gz.headers['content-encoding'], header).toBe('gzip')
      expect(gunzipSync(gz.rawPayload)).toEqual(plain.rawPayload)
      gzipped = gz.rawPayload
    }
    const unencoded: Record<string, string>[] = [{ 'accept-encoding': 'identity' }, { 'accept-encoding': 'br', 'x-no-compression': '1' }]
    for (const headers of unencoded) {
      const res = await reach(headers)
      expect(res.headers['content-encoding'], JSON.stringify(headers)).toBeUndefined()
      expect(res.rawPayload).toEqual(plain.rawPayload)
    }
    // Twenty more staff within REACH_FRESH_S: the same bytes, and still one compression per encoding in all.
    const more = await Promise.all(Array.from({ length: 20 }, (_, i) => reach({ 'accept-encoding': i % 2 ? 'br' : 'gzip' })))
    for (const res of more) expect(res.rawPayload).toEqual(res.headers['content-encoding'] === 'br' ? br.rawPayload : gzipped)
    expect(vi.mocked(zlib.brotliCompressSync)).toHaveBeenCalledTimes(1)
    expect(vi.mocked(zlib.gzipSync)).toHaveBeenCalledTimes(1)
  })
})
