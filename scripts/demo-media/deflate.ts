/**
 * DEFLATE (RFC 1951) with the fixed Huffman codes and greedy LZ77, plus CRC-32 and the zlib wrapper. Written here
 * instead of using node:zlib because zlib's output may change with its version or the CPU (Node ships Chromium's
 * SIMD fork): the demo files must come out byte for byte the same wherever the generator runs, or the test that
 * compares them with the committed files would fail for no reason.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return ~c >>> 0
}

function adler32(bytes: Uint8Array): number {
  let a = 1
  let b = 0
  for (const x of bytes) {
    a = (a + x) % 65521
    b = (b + a) % 65521
  }
  return ((b << 16) | a) >>> 0
}

/** Writes bits least significant first, as DEFLATE packs them. */
class BitSink {
  private readonly bytes: number[] = []
  private cur = 0
  private n = 0
  bits(value: number, count: number): void {
    for (let i = 0; i < count; i++) {
      this.cur |= ((value >>> i) & 1) << this.n
      if (++this.n === 8) this.flush()
    }
  }
  /** Huffman codes are packed most significant bit first. */
  code(code: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.bits((code >>> i) & 1, 1)
  }
  private flush(): void {
    this.bytes.push(this.cur)
    this.cur = 0
    this.n = 0
  }
  finish(): Uint8Array {
    if (this.n > 0) this.flush()
    return Uint8Array.from(this.bytes)
  }
}

// RFC 1951 3.2.5: length and distance codes with their extra bits.
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385,
  24577,
]
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

/** RFC 1951 3.2.6: the fixed literal/length code. */
function literal(out: BitSink, symbol: number): void {
  if (symbol < 144) out.code(0x30 + symbol, 8)
  else if (symbol < 256) out.code(0x190 + symbol - 144, 9)
  else if (symbol < 280) out.code(symbol - 256, 7)
  else out.code(0xc0 + symbol - 280, 8)
}

function lastIndexAtMost(table: number[], value: number): number {
  let i = table.length - 1
  while (table[i]! > value) i--
  return i
}

function match(out: BitSink, length: number, distance: number): void {
  const li = lastIndexAtMost(LENGTH_BASE, length)
  literal(out, 257 + li)
  out.bits(length - LENGTH_BASE[li]!, LENGTH_EXTRA[li]!)
  const di = lastIndexAtMost(DIST_BASE, distance)
  out.code(di, 5)
  out.bits(distance - DIST_BASE[di]!, DIST_EXTRA[di]!)
}

const WINDOW = 32768
const MAX_MATCH = 258
const CHAIN = 64

/** Raw DEFLATE: one final block with the fixed codes; matches found through hash chains of 3-byte prefixes. */
export function deflateRaw(data: Uint8Array): Uint8Array {
  const out = new BitSink()
  out.bits(1, 1) // BFINAL
  out.bits(1, 2) // BTYPE 01: fixed Huffman codes
  const head = new Map<number, number>()
  const prev = new Int32Array(data.length).fill(-1)
  const key = (i: number) => (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!
  const insert = (i: number) => {
    if (i + 2 >= data.length) return
    const k = key(i)
    prev[i] = head.get(k) ?? -1
    head.set(k, i)
  }
  let i = 0
  while (i < data.length) {
    let bestLen = 0
    let bestDist = 0
    if (i + 2 < data.length) {
      let candidate = head.get(key(i)) ?? -1
      for (let tries = 0; candidate >= 0 && i - candidate <= WINDOW && tries < CHAIN; tries++) {
        let len = 0
        while (len < MAX_MATCH && i + len < data.length && data[candidate + len] === data[i + len]) len++
        if (len > bestLen) {
          bestLen = len
          bestDist = i - candidate
          if (len === MAX_MATCH) break
        }
        candidate = prev[candidate]!
      }
    }
    if (bestLen >= 3) {
      match(out, bestLen, bestDist)
      for (let k = 0; k < bestLen; k++) insert(i + k)
      i += bestLen
    } else {
      literal(out, data[i]!)
      insert(i)
      i++
    }
  }
  literal(out, 256)
  return out.finish()
}

/** The zlib stream (RFC 1950) PNG's IDAT holds. */
export function zlibDeflate(data: Uint8Array): Uint8Array {
  const body = deflateRaw(data)
  const out = new Uint8Array(2 + body.length + 4)
  out[0] = 0x78 // deflate, 32 KB window
  out[1] = 0x01 // no dictionary, fastest level; (0x78 << 8 | 0x01) is a multiple of 31
  out.set(body, 2)
  new DataView(out.buffer).setUint32(2 + body.length, adler32(data))
  return out
}
