import { lookup as systemLookup } from 'node:dns/promises'
import type { LookupAddress, LookupOptions } from 'node:dns'
import { isIP } from 'node:net'
import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici'
import { MEDIA_LIMITS } from '../../../contracts/content.js'
import { AppError, badRequest } from '../../errors.js'
import { forbiddenReason } from './address-policy.js'
import { checkContent, tooLarge, tooSmall, MIN_MEDIA_BYTES, type MediaKind } from './media-check.js'
import { SNIFF_BYTES, type Sniffed } from './sniff.js'

/** Every address a name resolves to (the system resolver by default). */
export type ResolveAll = (hostname: string) => Promise<Array<{ address: string; family: number }>>

export interface UrlFetcherOptions {
  /** `MEDIA_ALLOWED_HOSTS`: exact host names, or `.example.com` for any subdomain of example.com (not example.com itself). */
  allowedHosts: readonly string[]
  /** Connecting, waiting for the answer's headers, and any pause in its body (UPSTREAM_TIMEOUT_MS). */
  timeoutMs: number
  /** The whole fetch, redirects and body included; default 6 × timeoutMs (20 MB may take a while). */
  deadlineMs?: number
  /** Redirects followed at most; default 3. */
  maxRedirects?: number
  resolve?: ResolveAll
  /**
   * Whether the proxy may connect to `address` for `host`. Default: public unicast addresses only (address-policy.ts).
   * Tests keep that policy and add exactly their loopback server for their own test host name.
   */
  addressAllowed?: (address: string, host: string) => boolean
}

export interface FetchedMedia {
  bytes: Buffer
  /** What the bytes are (null: a file of a format sniff.ts does not know — never for a URL, see checkContent). */
  sniffed: Sniffed | null
  /** Where the bytes came from after redirects. */
  finalUrl: string
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])
export const isDefaultAllowedAddress = (address: string) => forbiddenReason(address) === null
const defaultResolve: ResolveAll = (hostname) => systemLookup(hostname, { all: true, verbatim: true })

/** The last path segment of a URL, decoded (`…/海报.png?x=1` → `海报.png`): the name a URL file is judged by. */
export function nameFromUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').pop() ?? ''
    return decodeURIComponent(last)
  } catch {
    return ''
  }
}

/** `MEDIA_ALLOWED_HOSTS` in the form URL.hostname has (lower case, punycode, no trailing dot). */
function normaliseHost(entry: string): string {
  const wildcard = entry.startsWith('.')
  const bare = (wildcard ? entry.slice(1) : entry).replace(/\.$/, '')
  let host = bare.toLowerCase()
  try {
    host = new URL(`http://${bare}`).hostname
  } catch {
    // Kept as written: it then matches nothing a URL can name.
  }
  return wildcard ? `.${host}` : host
}

/**
 * Fetches a media file by URL for the proxy, safely (the proxy sends it on to WeCom as a temporary media id):
 * - only http(s), only hosts on `MEDIA_ALLOWED_HOSTS`, at every hop;
 * - every address the name resolves to must be public (no loopback, private, link-local, CGNAT, multicast, …), and
 *   the connection goes to the address that was checked, so a DNS answer that changes in between (rebinding) cannot
 *   send it elsewhere; an IP-literal URL is judged the same way;
 * - redirects are followed by hand, at most 3, each hop checked again;
 * - the body is read only up to the limit of the kind (MEDIA_LIMITS), a larger Content-Length is refused before any
 *   of it is read, and the type is judged by the first bytes as soon as they arrive.
 * Refusals are 400s with their own codes; a host that fails or answers non-2xx is 502 MEDIA_FETCH_FAILED (the
 * request was fine, the server it names was not: the same as a vendor failing, and possibly better later).
 */
export class UrlFetcher {
  private readonly allowed: string[]
  private readonly resolveAll: ResolveAll
  private readonly addressAllowed: (address: string, host: string) => boolean

  constructor(private readonly o: UrlFetcherOptions) {
    this.allowed = o.allowedHosts
      .map((h) => h.trim())
      .filter(Boolean)
      .map(normaliseHost)
    this.resolveAll = o.resolve ?? defaultResolve
    this.addressAllowed = o.addressAllowed ?? isDefaultAllowedAddress
  }

  hostAllowed(host: string): boolean {
    const h = host.toLowerCase().replace(/\.$/, '')
    return this.allowed.some((a) => (a.startsWith('.') ? h.endsWith(a) && h.length > a.length : h === a))
  }

  /**
   * The checks `fetch` makes before it connects — scheme, MEDIA_ALLOWED_HOSTS, and every address the host is or
   * resolves to — without fetching: for a URL another party downloads (Youmi's RPA accounts), which must be one the
   * proxy itself would have been allowed to fetch.
   */
  async check(url: string): Promise<void> {
    await this.vet(url, false)
  }

  /** The file at `url` as `kind`, judged under `name` (default: the URL's last path segment). */
  async fetch(url: string, kind: MediaKind, name = nameFromUrl(url)): Promise<FetchedMedia> {
    const maxRedirects = this.o.maxRedirects ?? 3
    const deadline = AbortSignal.timeout(Math.max(1, Math.floor(this.o.deadlineMs ?? this.o.timeoutMs * 6)))
    let current = url
    for (let hop = 0; ; hop++) {
      const target = await this.vet(current, hop > 0)
      const agent = pinnedAgent(target.host, target.address, target.family, this.o.timeoutMs)
      try {
        const res = await this.get(target.url, agent, deadline)
        if (REDIRECTS.has(res.statusCode)) {
          discard(res.body)
          const location = res.headers.location
          if (typeof location !== 'string' || !location)
            throw fetchFailed(target.host, `答复了跳转（HTTP ${res.statusCode}）却没有给出跳转地址`, 'noLocation', {
              httpStatus: res.statusCode,
            })
          if (hop >= maxRedirects) {
            throw badRequest(
              'MEDIA_TOO_MANY_REDIRECTS',
              `文件链接跳转次数太多（超过 ${maxRedirects} 次）：请直接使用文件的最终地址。`,
            ).with({
              max: maxRedirects,
            })
          }
          current = resolveLocation(location, target.url)
          continue
        }
        if (res.statusCode < 200 || res.statusCode >= 300) {
          discard(res.body)
          throw fetchFailed(target.host, `服务器答复 HTTP ${res.statusCode}`, 'http', { httpStatus: res.statusCode })
        }
        const bytes = await readBody(res, kind, name, target.host)
        return { bytes, sniffed: checkContent(bytes, kind, name, 'url'), finalUrl: target.url.href }
      } catch (err) {
        throw err instanceof AppError ? err : networkFailure(err, target.host)
      } finally {
        void agent.destroy().catch(() => undefined)
      }
    }
  }

  /** One hop's URL, checked: scheme, host, and every address it resolves to. Answers the address to connect to. */
  private async vet(raw: string, redirected: boolean) {
    const via = redirected ? '文件链接跳转到的地址' : '文件链接'
    const variant: Record<string, string> = redirected ? { variant: 'redirected' } : {}
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      throw badRequest('MEDIA_URL_INVALID', `${via}不是有效的网址：${raw.slice(0, 200)}`).with({ url: raw.slice(0, 200), ...variant })
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw badRequest('MEDIA_SCHEME_NOT_ALLOWED', `${via}只能是 http 或 https 地址（这里是 ${url.protocol.replace(/:$/, '')}）。`).with({
        scheme: url.protocol.replace(/:$/, ''),
        ...variant,
      })
    }
    if (url.username || url.password) throw badRequest('MEDIA_URL_INVALID', `${via}里不能带用户名或密码。`).with({ variant: 'credentials' })
    const host = url.hostname.replace(/^\[|\]$/g, '')
    const literal = isIP(host)
    if (literal && !this.addressAllowed(host, host)) throw addressForbidden(host, host, redirected)
    if (!this.hostAllowed(host)) {
      throw badRequest(
        'MEDIA_HOST_NOT_ALLOWED',
        `${redirected ? `文件链接跳转到了 ${host}，这个域名` : `这个链接的域名 ${host} `}不在允许列表（MEDIA_ALLOWED_HOSTS）里：请把文件上传到素材库再发送，或请管理员把这个域名加入 MEDIA_ALLOWED_HOSTS。`,
        { host },
      ).with({ host, ...variant })
    }
    if (literal) return { url, host, address: host, family: literal }
    let addresses: Array<{ address: string; family: number }>
    try {
      addresses = await this.resolveAll(host)
    } catch {
      throw fetchFailed(host, '找不到这个域名（DNS 解析失败）', 'dns')
    }
    if (addresses.length === 0) throw fetchFailed(host, '找不到这个域名（DNS 没有答复地址）', 'dns')
    // Any forbidden address refuses the host: a name that also points inside is not a public media host.
    const bad = addresses.find((a) => !this.addressAllowed(a.address, host))
    if (bad) throw addressForbidden(host, bad.address, redirected)
    const first = addresses[0]!
    return { url, host, address: first.address, family: first.family }
  }

  private get(url: URL, dispatcher: Dispatcher, signal: AbortSignal) {
    return request(url, {
      method: 'GET',
      dispatcher,
      signal,
      headersTimeout: this.o.timeoutMs,
      bodyTimeout: this.o.timeoutMs,
      headers: { 'user-agent': 'chat-sidebar-media-fetcher', accept: '*/*' },
    })
  }
}

/** An agent whose connections go to `address` whatever DNS says by then; TLS still checks the certificate for `host`. */
function pinnedAgent(host: string, address: string, family: number, timeoutMs: number): Agent {
  const lookup = (hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    if (hostname.replace(/^\[|\]$/g, '').toLowerCase() !== host.toLowerCase()) {
      callback(Object.assign(new Error(`unexpected lookup of ${hostname}`), { code: 'ENOTFOUND' }))
      return
    }
    if (options.all) callback(null, [{ address, family } satisfies LookupAddress])
    else callback(null, address, family)
  }
  return new Agent({ connect: { lookup: lookup as never, timeout: timeoutMs }, connections: 1, keepAliveTimeout: 1, pipelining: 0 })
}

/** Stops a body without reading it; undici reports that as an abort, which nobody needs to hear. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined)
  body.destroy()
}

function resolveLocation(location: string, base: URL): string {
  try {
    return new URL(location, base).href
  } catch {
    throw badRequest('MEDIA_URL_INVALID', `文件链接跳转到的地址不是有效的网址：${location.slice(0, 200)}`).with({
      url: location.slice(0, 200),
      variant: 'redirected',
    })
  }
}

/** The body, never more than the kind's limit of it: a larger one is cut off there, a wrong type at its first bytes. */
async function readBody(res: Dispatcher.ResponseData, kind: MediaKind, name: string, host: string): Promise<Buffer> {
  const limit = MEDIA_LIMITS[kind]
  const declared = Number(res.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    discard(res.body)
    throw tooLarge(kind, { declared })
  }
  const chunks: Buffer[] = []
  let size = 0
  let judged = false
  try {
    for await (const chunk of res.body) {
      const b = chunk as Buffer
      if (size + b.length > limit) throw tooLarge(kind, { read: size + b.length })
      size += b.length
      chunks.push(b)
      if (!judged && size >= SNIFF_BYTES) {
        judged = true
        checkContent(Buffer.concat(chunks), kind, name, 'url')
      }
    }
  } catch (err) {
    throw err instanceof AppError ? err : networkFailure(err, host)
  } finally {
    discard(res.body)
  }
  if (size < MIN_MEDIA_BYTES) throw tooSmall(kind)
  return Buffer.concat(chunks, size)
}

function addressForbidden(host: string, address: string, redirected: boolean): AppError {
  const reason = forbiddenReason(address) ?? '不允许的地址'
  return badRequest(
    'MEDIA_ADDRESS_FORBIDDEN',
    `${redirected ? '文件链接跳转到了' : '文件链接指向'}内网、本机或保留地址（${host}：${reason}），代理不会访问这类地址：请使用公网上的文件地址，或把文件上传到素材库再发送。`,
    { host, address },
  ).with({ host, ...(redirected && { variant: 'redirected' }) })
}

/** `reason` words `why` for a client in another language (src/i18n/en/errors.ts). */
function fetchFailed(host: string, why: string, reason: string, details?: Record<string, unknown>): AppError {
  const status = typeof details?.httpStatus === 'number' ? { status: details.httpStatus } : undefined
  return new AppError(502, 'MEDIA_FETCH_FAILED', `取不到文件（${host}）：${why}。请确认链接能在浏览器里打开，或稍后再试。`, {
    host,
    ...details,
  }).with({ host, reason, ...status })
}

function networkFailure(err: unknown, host: string): AppError {
  const e = err as { name?: string; code?: string; cause?: { code?: string } }
  const code = e.code ?? e.cause?.code ?? ''
  if (
    e.name === 'TimeoutError' ||
    e.name === 'AbortError' ||
    err instanceof undiciErrors.HeadersTimeoutError ||
    err instanceof undiciErrors.BodyTimeoutError ||
    err instanceof undiciErrors.ConnectTimeoutError
  ) {
    return fetchFailed(host, '等待超时', 'timeout', { failure: 'timeout' })
  }
  if (/CERT|SSL|TLS/i.test(code)) return fetchFailed(host, '服务器的 HTTPS 证书无效', 'cert', { failure: code })
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return fetchFailed(host, '连接不上服务器', 'refused', { failure: code })
  return fetchFailed(host, '连接中断', 'reset', { failure: code || e.name || 'unknown' })
}
