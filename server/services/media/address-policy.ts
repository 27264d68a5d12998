import { isIP } from 'node:net'

/**
 * Which addresses the proxy may connect to when it fetches media by URL: public unicast only. A media URL is data a
 * person typed, so without this it could reach the proxy itself, the cloud's metadata service (169.254.169.254) or the
 * office network behind it (SSRF).
 */

type Range = [base: number[], bits: number, reason: string]

const V4: Range[] = [
  [[0, 0, 0, 0], 8, '本网络/未指定地址'],
  [[10, 0, 0, 0], 8, '内网地址'],
  [[100, 64, 0, 0], 10, '运营商内网地址（CGNAT）'],
  [[127, 0, 0, 0], 8, '本机回环地址'],
  [[169, 254, 0, 0], 16, '链路本地地址（含云服务器元数据地址）'],
  [[172, 16, 0, 0], 12, '内网地址'],
  [[192, 0, 0, 0], 24, '保留地址'],
  [[192, 0, 2, 0], 24, '文档示例地址'],
  [[192, 88, 99, 0], 24, '保留地址'],
  [[192, 168, 0, 0], 16, '内网地址'],
  [[198, 18, 0, 0], 15, '测试网络地址'],
  [[198, 51, 100, 0], 24, '文档示例地址'],
  [[203, 0, 113, 0], 24, '文档示例地址'],
  [[224, 0, 0, 0], 4, '组播地址'],
  // 240/4 is reserved; it holds the broadcast address 255.255.255.255 too.
  [[240, 0, 0, 0], 4, '保留/广播地址'],
]

// In 16-bit groups. Ranges that embed an IPv4 address are judged by that address instead (embeddedV4 below).
const V6: Range[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0], 128, '未指定地址'],
  [[0, 0, 0, 0, 0, 0, 0, 1], 128, '本机回环地址'],
  [[0x64, 0xff9b, 1], 48, '本地 NAT64 地址'],
  [[0x100, 0, 0, 0], 64, '丢弃地址'],
  // Teredo hides the IPv4 address it reaches; it has no place in a media URL.
  [[0x2001, 0], 32, 'Teredo 隧道地址'],
  [[0x2001, 0xdb8], 32, '文档示例地址'],
  [[0xfc00], 7, '内网地址（ULA）'],
  [[0xfe80], 10, '链路本地地址'],
  [[0xfec0], 10, '站点本地地址'],
  [[0xff00], 8, '组播地址'],
]

function inRange(value: number[], [base, bits]: Range, width: number): boolean {
  for (let i = 0, left = bits; left > 0; i++, left -= width) {
    const take = Math.min(width, left)
    const mask = ((1 << take) - 1) << (width - take)
    if (((value[i] ?? 0) & mask) !== ((base[i] ?? 0) & mask)) return false
  }
  return true
}

function v4Bytes(address: string): number[] {
  return address.split('.').map(Number)
}

/** An IPv6 address as eight 16-bit groups (zone id dropped, a trailing dotted quad folded in). */
function v6Groups(address: string): number[] | null {
  let a = address.toLowerCase().replace(/%.*$/, '')
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(a)
  if (quad) {
    const b = v4Bytes(quad[1]!)
    a = a.slice(0, quad.index) + `${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`
  }
  const halves = a.split('::')
  if (halves.length > 2) return null
  const head = halves[0] ? halves[0].split(':') : []
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : []
  const fill = 8 - head.length - tail.length
  if (halves.length === 1 ? fill !== 0 : fill < 0) return null
  const groups = [...head, ...Array<string>(fill).fill('0'), ...tail].map((g) => parseInt(g, 16))
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-translated, IPv4-compatible (::a.b.c.d), NAT64 or 6to4 address. */
function embeddedV4(g: number[]): number[] | null {
  const split = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0)
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) return split(g[6]!, g[7]!)
  // IPv4-translated (::ffff:0:a.b.c.d, RFC 2765).
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return split(g[6]!, g[7]!)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return split(g[6]!, g[7]!)
  if (g[0] === 0x2002) return split(g[1]!, g[2]!)
  return null
}

function v4Reason(bytes: number[]): string | null {
  return V4.find((r) => inRange(bytes, r, 8))?.[2] ?? null
}

/**
 * Why the proxy must not connect to `address` (a reason staff can read), or null for a public unicast address.
 * Anything that is not an IP address is refused too.
 */
export function forbiddenReason(address: string): string | null {
  const family = isIP(address)
  if (family === 4) return v4Reason(v4Bytes(address))
  if (family !== 6) return '不是 IP 地址'
  const g = v6Groups(address)
  if (!g) return '不是 IP 地址'
  const own = V6.find((r) => inRange(g, r, 16))?.[2]
  if (own) return own
  const v4 = embeddedV4(g)
  return v4 ? v4Reason(v4) : null
}

export const isPublicAddress = (address: string): boolean => forbiddenReason(address) === null
