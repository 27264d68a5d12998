import { createHash, randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MEDIA_LIMITS } from '../../contracts/content.js'
import { StoredFile } from '../../contracts/materials.js'
import { startMeasuredApp, type MeasuredApp } from '../../test/helpers/measured-app-process.js'
import { findPostgresBin, startPostgres, type TempPostgres } from '../../test/helpers/postgres.js'
import { CHUNK_BYTES } from '../services/file-store/postgres-file-store.js'

// A 20 MB file through the real routes, over real HTTP, into and out of a real PostgreSQL: the server must never
// hold the file whole. The server runs in a process of its own (test/helpers/measured-app.ts), so this process's
// buffers — the file it sends and reads — are not counted. The server samples what it holds every 20 ms during each
// transfer, after a full collection (live heap plus Buffers and other memory outside the heap): garbage waiting for the
// collector does not count, and a store that buffered the file would, holding 20 MB at once. Resident memory is
// printed beside it.
const bin = findPostgresBin()
if (!bin) console.warn('material-files-postgres.test.ts skipped: no PostgreSQL server binaries (apt-get install postgresql)')

const MB = 1024 * 1024
const SIZE = MEDIA_LIMITS.file
const PIECE = 64 * 1024
/** Well under the file's size (a few chunks in flight, pg's and the sockets' buffers); a store holding the file fails it. */
const BOUND = 8 * MB

/** The file's bytes, made piece by piece (a PDF header, then pieces that differ from each other). */
const block = randomBytes(PIECE)
function* filePieces(size = SIZE): Generator<Buffer> {
  for (let offset = 0; offset < size; offset += PIECE) {
    const piece = Buffer.from(block.subarray(0, Math.min(PIECE, size - offset)))
    if (offset === 0) piece.write('%PDF-1.4\n')
    else piece.writeUInt32BE(offset, 0)
    yield piece
  }
}

describe.skipIf(!bin)('a 20 MB library file on PostgreSQL, over HTTP', () => {
  let server: TempPostgres
  let app: MeasuredApp
  let origin: string
  let admin: string
  beforeAll(async () => {
    server = await startPostgres(bin!)
    app = await startMeasuredApp({ database: { kind: 'postgres', url: server.url } })
    origin = app.origin
    admin = app.cookie
    // A smaller file first, so that what the first transfer sets up once (code, pools, buffers) is not counted.
    const warm = await upload('热身.pdf', 4 * MB)
    expect(warm.status, warm.body).toBe(201)
    const { fileId, name } = StoredFile.parse(JSON.parse(warm.body))
    await download(`/files/${fileId}/${encodeURIComponent(name)}`)
  }, 180_000)
  afterAll(async () => {
    await app?.stop()
    await server?.stop()
  })

  /** POSTs the file as a browser would, written piece by piece as the socket takes it. */
  function upload(name: string, size = SIZE): Promise<{ status: number; body: string; sha256: string }> {
    const boundary = `----files${randomBytes(8).toString('hex')}`
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
    )
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
    const hash = createHash('sha256')
    return new Promise((resolve, reject) => {
      const req = request(`${origin}/api/material-files`, {
        method: 'POST',
        headers: {
          cookie: admin,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + size + tail.length),
        },
      })
      req.on('error', reject)
      req.on('response', (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode!, body, sha256: hash.digest('hex') }))
      })
      void (async () => {
        req.write(head)
        for (const piece of filePieces(size)) {
          hash.update(piece)
          if (!req.write(piece)) await new Promise((r) => req.once('drain', r))
        }
        req.end(tail)
      })()
    })
  }

  /** GETs the file (or a range) and hashes it as it arrives. */
  function download(
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; size: number; sha256: string; body?: Buffer }> {
    return new Promise((resolve, reject) => {
      request(`${origin}${path}`, { headers }, (res) => {
        const hash = createHash('sha256')
        let size = 0
        const keep: Buffer[] = []
        res.on('data', (c: Buffer) => {
          hash.update(c)
          size += c.length
          if (headers.range) keep.push(c)
        })
        res.on('end', () => resolve({ status: res.statusCode!, size, sha256: hash.digest('hex'), body: Buffer.concat(keep) }))
        res.on('error', reject)
      })
        .on('error', reject)
        .end()
    })
  }

  it('uploads and downloads it holding far less than the file at any time, byte for byte', async () => {
    const up = await app.measure(() => upload('二十兆.pdf'))
    expect(up.result.status, up.result.body).toBe(201)
    const file = StoredFile.parse(JSON.parse(up.result.body))
    expect(file.size).toBe(SIZE)
    const path = `/files/${file.fileId}/${encodeURIComponent(file.name)}`

    const down = await app.measure(() => download(path))
    expect(down.result).toMatchObject({ status: 200, size: SIZE, sha256: up.result.sha256 })

    const at = 5 * CHUNK_BYTES - 100
    const range = await download(path, { range: `bytes=${at}-${at + 199}` })
    const expected = Buffer.concat([...filePieces()].slice(Math.floor(at / PIECE), Math.floor(at / PIECE) + 2)).subarray(
      at % PIECE,
      (at % PIECE) + 200,
    )
    expect(range.status).toBe(206)
    expect(range.body!.equals(expected)).toBe(true)

    console.log(
      `20 MB file on PostgreSQL: upload peak growth ${up.growth.liveMB.toFixed(1)} MB live (the server's heap + memory outside it, after gc), ` +
        `${up.growth.rssMB.toFixed(1)} MB rss (${up.growth.samples} samples); download ${down.growth.liveMB.toFixed(1)} MB live, ` +
        `${down.growth.rssMB.toFixed(1)} MB rss (${down.growth.samples} samples) ` +
        `(bound ${BOUND / MB} MB live)`,
    )
    expect(up.growth.liveMB * MB).toBeLessThan(BOUND)
    expect(down.growth.liveMB * MB).toBeLessThan(BOUND)
    // A bound against a hang only: the server's collections every 20 ms slow both transfers, to 85 s seen with the
    // machine's two cores busy with other work.
  }, 300_000)
})
