import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../errors.js'
import { isDefaultAllowedAddress, UrlFetcher, type ResolveAll } from './url-fetcher.js'

const MB = 1024 * 1024
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 1)])
const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 2)])
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 3)])
const HTML = Buffer.from('<!doctype html><html><head><title>Not found</title></head><body>这里没有图片</body></html>')

// Test host names and what the injected resolver answers for them: the refusals run against the real policy.
const DNS: Record<string, string[]> = {
  'media.example.test': ['127.0.0.1'],
  'img.cdn.example.test': ['127.0.0.1'],
  'private.example.test': ['10.0.0.5'],
  'mixed.example.test': ['93.184.216.34', '192.168.1.10'],
  'meta.example.test': ['169.254.169.254'],
  'offlist.test': ['127.0.0.1'],
}
/** The only exception to the production address policy: our loopback server, under the test names that map to it. */
const LOOPBACK_TEST_HOSTS = new Set(['media.example.test', 'img.cdn.example.test'])
const addressAllowed = (address: string, host: string) =>
  (LOOPBACK_TEST_HOSTS.has(host) && address === '127.0.0.1') || isDefaultAllowedAddress(address)

let server: Server
let port: number
let hits: string[]
/** Bytes the server managed to write on the streaming routes before the client hung up. */
let streamed: number
let lookups: string[]
const sockets = new Set<Socket>()

type Handler = (socket: Socket, url: URL) => void
const head = (status: string, headers: Record<string, string | number> = {}) =>
  `HTTP/1.1 ${status}\r\n${Object.entries({ connection: 'close', ...headers })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`
const answer =
  (body: Buffer, type: string): Handler =>
  (s) =>
    s.end(Buffer.concat([Buffer.from(head('200 OK', { 'content-type': type, 'content-length': body.length })), body]))

/** Writes `first`, then zeros in 64 KiB pieces until `total` bytes or until the client goes away. */
function stream(s: Socket, first: Buffer, total: number, chunked: boolean) {
  const piece = Buffer.alloc(64 * 1024)
  let sent = 0
  const frame = (b: Buffer) => (chunked ? Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]) : b)
  s.on('close', () => (streamed = sent))
  s.on('error', () => undefined)
  const pump = () => {
    while (sent < total && !s.destroyed) {
      const b = sent === 0 ? first : piece
      sent += b.length
      if (!s.write(frame(b))) return void s.once('drain', pump)
    }
    if (s.destroyed) return
    if (chunked) s.end('0\r\n\r\n')
    else s.end()
  }
  pump()
}

const routes: Record<string, Handler> = {
  '/a.png': answer(PNG, 'image/png'),
  '/b.jpg': answer(JPG, 'image/jpeg'),
  '/price.pdf': answer(PDF, 'application/pdf'),
  '/page.png': answer(HTML, 'image/png'),
  '/page.pdf': answer(HTML, 'application/pdf'),
  '/tiny.png': answer(PNG.subarray(0, 3), 'image/png'),
  '/missing.png': (s) => s.end(head('404 Not Found', { 'content-length': 0 })),
  '/silent.png': () => undefined,
  // Declares more than an image may be: refused from the headers, before any body is read.
  '/declared-big.png': (s) => {
    s.write(head('200 OK', { 'content-type': 'image/png', 'content-length': 11 * MB }))
    stream(s, PNG, 11 * MB, false)
  },
  // No Content-Length: chunked, 30 MB on offer.
  '/chunked-big.png': (s) => {
    s.write(head('200 OK', { 'content-type': 'image/png', 'transfer-encoding': 'chunked' }))
    stream(s, PNG, 30 * MB, true)
  },
  // No length at all, the end marked by closing the connection (HTTP/1.0 style).
  '/unframed-big.png': (s) => {
    s.write(head('200 OK', { 'content-type': 'image/png' }))
    stream(s, PNG, 30 * MB, false)
  },
  // Claims a small file, then keeps sending.
  '/lying.png': (s) => {
    s.write(head('200 OK', { 'content-type': 'image/png', 'content-length': 4096 }))
    stream(s, PNG, 30 * MB, false)
  },
  '/redirect': (s, url) => s.end(head('302 Found', { location: url.searchParams.get('to')!, 'content-length': 0 })),
  // /hops/n redirects n more times, then lands on the picture.
  '/hops': (s, url) => {
    const n = Number(url.searchParams.get('n'))
    s.end(head('302 Found', { location: n > 0 ? `/hops?n=${n - 1}` : '/a.png', 'content-length': 0 }))
  },
}

beforeAll(async () => {
  server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    let buf = ''
    socket.on('data', function onData(d) {
      buf += String(d)
      if (!buf.includes('\r\n\r\n')) return
      socket.off('data', onData)
      const url = new URL(buf.split(' ')[1]!, 'http://x')
      hits.push(url.pathname)
      const handler = routes[url.pathname]
      if (handler) handler(socket, url)
      else socket.end(head('404 Not Found', { 'content-length': 0 }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as { port: number }).port
})
afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  hits = []
  streamed = -1
  lookups = []
})

const resolve: ResolveAll = async (host) => {
  lookups.push(host)
  const found = DNS[host]
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
}

function fetcher(o: { timeoutMs?: number } = {}) {
  return new UrlFetcher({
    allowedHosts: [
      'media.example.test',
      '.cdn.example.test',
      'private.example.test',
      'mixed.example.test',
      'meta.example.test',
      'OffList.Other.test',
    ],
    timeoutMs: o.timeoutMs ?? 2000,
    resolve,
    addressAllowed,
  })
}
const at = (path: string, host = 'media.example.test') => `http://${host}:${port}${path}`

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => {
      throw new Error('expected a refusal')
    },
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

async function expectRefused(url: string, code: string, kind: 'image' | 'video' | 'file' = 'image') {
  const err = await refusal(fetcher().fetch(url, kind))
  expect({ status: err.status, code: err.code }).toEqual({ status: 400, code })
  expect(err.message).toMatch(/[\u4e00-\u9fff]/)
  return err
}

describe('UrlFetcher: the happy path', () => {
  it('fetches an image from an allowed host, connecting to the address it vetted', async () => {
    const got = await fetcher().fetch(at('/a.png'), 'image')
    expect(got.bytes.equals(PNG)).toBe(true)
    expect(got.sniffed).toEqual({ format: 'png', mime: 'image/png' })
    expect(got.finalUrl).toBe(at('/a.png'))
    // The name was resolved once, by the injected resolver: the connection never asked the system's DNS again
    // (which does not know media.example.test), so a changed answer could not have redirected it.
    expect(lookups).toEqual(['media.example.test'])
    expect(hits).toEqual(['/a.png'])
  })

  it('takes `.cdn.example.test` as any of its subdomains, and a pdf as a file', async () => {
    expect((await fetcher().fetch(at('/b.jpg', 'img.cdn.example.test'), 'image')).sniffed?.format).toBe('jpg')
    expect((await fetcher().fetch(at('/price.pdf', 'img.cdn.example.test'), 'file')).bytes.equals(PDF)).toBe(true)
  })

  it('follows up to 3 redirects, relative ones included', async () => {
    const got = await fetcher().fetch(at('/hops?n=2'), 'image', 'poster.png')
    expect(got.bytes.equals(PNG)).toBe(true)
    expect(hits).toEqual(['/hops', '/hops', '/hops', '/a.png'])
  })
})

describe('UrlFetcher: addresses it never connects to', () => {
  it.each([
    ['http://127.0.0.1/latest.png', '127.0.0.1'],
    ['http://127.0.0.1:PORT/a.png', '127.0.0.1'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254'],
    ['http://10.0.0.5/a.png', '10.0.0.5'],
    ['http://192.168.1.10/a.png', '192.168.1.10'],
    ['http://172.16.3.4/a.png', '172.16.3.4'],
    ['http://100.64.0.1/a.png', '100.64.0.1'],
    ['http://0.0.0.0:PORT/a.png', '0.0.0.0'],
    ['http://2130706433/a.png', '127.0.0.1'],
    ['http://0x7f.1/a.png', '127.0.0.1'],
    ['http://[::1]:PORT/a.png', '::1'],
    ['http://[::ffff:127.0.0.1]:PORT/a.png', '::ffff:7f00:1'],
    ['http://[fe80::1]/a.png', 'fe80::1'],
    ['http://[fd12:3456::1]/a.png', 'fd12:3456::1'],
    ['http://224.0.0.1/a.png', '224.0.0.1'],
    ['http://255.255.255.255/a.png', '255.255.255.255'],
  ])('%s is MEDIA_ADDRESS_FORBIDDEN', async (url, address) => {
    const err = await expectRefused(url.replace('PORT', String(port)), 'MEDIA_ADDRESS_FORBIDDEN')
    expect(err.details).toMatchObject({ address })
    expect(hits).toEqual([])
  })

  it.each([
    ['a name that resolves to a private address', 'private.example.test', '10.0.0.5'],
    ['a name with one public and one private address', 'mixed.example.test', '192.168.1.10'],
    ['a name that resolves to the metadata address', 'meta.example.test', '169.254.169.254'],
  ])('%s is MEDIA_ADDRESS_FORBIDDEN', async (_what, host, address) => {
    const err = await expectRefused(at('/a.png', host), 'MEDIA_ADDRESS_FORBIDDEN')
    expect(err.details).toMatchObject({ host, address })
    expect(err.message).toContain(host)
  })
})

describe('UrlFetcher: hosts and schemes', () => {
  it('refuses a host off the allow-list with MEDIA_HOST_NOT_ALLOWED, naming MEDIA_ALLOWED_HOSTS', async () => {
    const err = await expectRefused(at('/a.png', 'offlist.test'), 'MEDIA_HOST_NOT_ALLOWED')
    expect(err.message).toContain('这个链接的域名 offlist.test 不在允许列表（MEDIA_ALLOWED_HOSTS）里')
    expect(lookups).toEqual([])
    expect(hits).toEqual([])
  })

  it('takes `.cdn.example.test` for its subdomains only, and entries in any case', async () => {
    await expectRefused(at('/a.png', 'cdn.example.test'), 'MEDIA_HOST_NOT_ALLOWED')
    await expectRefused(at('/a.png', 'evilcdn.example.test'), 'MEDIA_HOST_NOT_ALLOWED')
    await expectRefused(at('/a.png', 'media.example.test.evil.test'), 'MEDIA_HOST_NOT_ALLOWED')
    expect(fetcher().hostAllowed('offlist.other.test')).toBe(true)
    expect(fetcher().hostAllowed('MEDIA.example.test.')).toBe(true)
  })

  it.each(['ftp://media.example.test/a.png', 'file:///etc/passwd', 'gopher://media.example.test/'])(
    'refuses %s with MEDIA_SCHEME_NOT_ALLOWED',
    async (url) => {
      await expectRefused(url, 'MEDIA_SCHEME_NOT_ALLOWED')
    },
  )

  it('refuses credentials in the URL and URLs that are not URLs', async () => {
    await expectRefused(`http://user:pw@media.example.test:${port}/a.png`, 'MEDIA_URL_INVALID')
    await expectRefused('not a url', 'MEDIA_URL_INVALID')
  })
})

describe('UrlFetcher: redirects are checked at every hop', () => {
  const via = (to: string) => at(`/redirect?to=${encodeURIComponent(to)}`)
  it.each([
    ['127.0.0.1', () => `http://127.0.0.1:${port}/a.png`, 'MEDIA_ADDRESS_FORBIDDEN'],
    ['169.254.169.254', () => 'http://169.254.169.254/latest/meta-data', 'MEDIA_ADDRESS_FORBIDDEN'],
    ['a private address', () => 'http://10.0.0.5/a.png', 'MEDIA_ADDRESS_FORBIDDEN'],
    ['[::1]', () => `http://[::1]:${port}/a.png`, 'MEDIA_ADDRESS_FORBIDDEN'],
    ['a name resolving to a private address', () => at('/a.png', 'private.example.test'), 'MEDIA_ADDRESS_FORBIDDEN'],
    ['a host off the allow-list', () => at('/a.png', 'offlist.test'), 'MEDIA_HOST_NOT_ALLOWED'],
    ['a file: URL', () => 'file:///etc/passwd', 'MEDIA_SCHEME_NOT_ALLOWED'],
  ])('a redirect to %s is refused', async (_what, to, code) => {
    const err = await expectRefused(via(to()), code)
    expect(err.message).toContain('跳转')
    // The redirect itself was fetched; where it pointed never was.
    expect(hits).toEqual(['/redirect'])
  })

  it('refuses a fourth redirect with MEDIA_TOO_MANY_REDIRECTS', async () => {
    const err = await expectRefused(at('/hops?n=3'), 'MEDIA_TOO_MANY_REDIRECTS')
    expect(err.message).toContain('超过 3 次')
    expect(hits).toEqual(['/hops', '/hops', '/hops', '/hops'])
  })
})

describe('UrlFetcher: size limits hold whatever the server says', () => {
  it('refuses a Content-Length over the limit before reading the body', async () => {
    const err = await expectRefused(at('/declared-big.png'), 'MEDIA_TOO_LARGE')
    expect(err.message).toContain('图片不能超过 10 MB')
    expect(err.details).toMatchObject({ declared: 11 * MB })
    expect(err.details?.read).toBeUndefined()
  })

  it.each(['/chunked-big.png', '/unframed-big.png'])('stops reading %s at the limit when no length is given', async (path) => {
    const err = await expectRefused(at(path), 'MEDIA_TOO_LARGE')
    // Refused at the chunk that passed 10 MB: never more than one piece beyond the limit was even looked at.
    expect(Number(err.details?.read)).toBeGreaterThan(10 * MB)
    expect(Number(err.details?.read)).toBeLessThanOrEqual(10 * MB + 256 * 1024)
    await expect.poll(() => streamed).toBeGreaterThan(0)
    expect(streamed).toBeLessThan(30 * MB)
  })

  it('never takes more than a lying Content-Length announced', async () => {
    const got = await fetcher().fetch(at('/lying.png'), 'image')
    expect(got.bytes.length).toBe(4096)
    await expect.poll(() => streamed).toBeGreaterThan(0)
    expect(streamed).toBeLessThan(30 * MB)
  })

  it('refuses a file too small for WeCom', async () => {
    await expectRefused(at('/tiny.png'), 'MEDIA_TOO_SMALL')
  })
})

describe('UrlFetcher: the type is read from the content', () => {
  it('refuses a .png that is really HTML with MEDIA_TYPE_MISMATCH', async () => {
    const err = await expectRefused(at('/page.png'), 'MEDIA_TYPE_MISMATCH')
    expect(err.message).toContain('不是 jpg / png 图片')
  })

  it('refuses a picture asked for as a video, and a .pdf file that is HTML', async () => {
    expect((await expectRefused(at('/a.png'), 'MEDIA_TYPE_MISMATCH', 'video')).message).toContain('不是 mp4 视频')
    expect((await expectRefused(at('/page.pdf'), 'MEDIA_TYPE_MISMATCH', 'file')).message).toContain('不是 pdf 文件')
  })

  it('judges a file by the name it is sent under, not only the URL', async () => {
    await expect(fetcher().fetch(at('/price.pdf'), 'file', '报价单.pdf')).resolves.toMatchObject({ sniffed: { format: 'pdf' } })
    expect((await refusal(fetcher().fetch(at('/price.pdf'), 'file', '报价单.xlsx'))).code).toBe('MEDIA_TYPE_MISMATCH')
  })
})

describe('UrlFetcher: hosts that fail', () => {
  it('answers a non-2xx with 502 MEDIA_FETCH_FAILED', async () => {
    const err = await refusal(fetcher().fetch(at('/missing.png'), 'image'))
    expect(err).toMatchObject({ status: 502, code: 'MEDIA_FETCH_FAILED', details: { httpStatus: 404 } })
    expect(err.message).toContain('HTTP 404')
  })

  it('times out on a server that never answers', async () => {
    const started = performance.now()
    const err = await refusal(fetcher({ timeoutMs: 200 }).fetch(at('/silent.png'), 'image'))
    expect(err).toMatchObject({ status: 502, code: 'MEDIA_FETCH_FAILED', details: { failure: 'timeout' } })
    expect(performance.now() - started).toBeLessThan(3000)
  })

  it('answers an unknown name with MEDIA_FETCH_FAILED', async () => {
    const f = new UrlFetcher({ allowedHosts: ['nowhere.example.test'], timeoutMs: 500, resolve, addressAllowed })
    expect((await refusal(f.fetch('http://nowhere.example.test/a.png', 'image'))).code).toBe('MEDIA_FETCH_FAILED')
  })
})
