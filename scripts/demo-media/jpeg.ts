import type { Raster } from './raster.js'

/**
 * A baseline JPEG (JFIF, 4:4:4, the example tables of ITU T.81 Annex K): forward DCT, quantisation, zig-zag and
 * Huffman coding. One Huffman table pair serves all three components, which is legal and keeps the file short.
 */

/** Natural-order index of the k-th coefficient in zig-zag order. */
const ZIGZAG = (() => {
  const order: number[] = []
  for (let s = 0; s < 15; s++) {
    const cells: number[] = []
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) if (x + y === s) cells.push(y * 8 + x)
    // Even diagonals run up and to the right (rows descending), odd ones down and to the left.
    if (s % 2 === 0) cells.sort((a, b) => b - a)
    else cells.sort((a, b) => a - b)
    order.push(...cells)
  }
  return order
})()

// T.81 K.1 and K.2, in natural order.
const LUMA_Q = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22,
  37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
]
const CHROMA_Q = Array.from({ length: 64 }, (_v, i) => {
  const x = i % 8
  const y = (i - x) / 8
  const top = [17, 18, 24, 47, 18, 21, 26, 66, 24, 26, 56, 99, 47, 66, 99, 99]
  return x < 4 && y < 4 ? top[y * 4 + x]! : 99
})

/** The IJG quality scaling (1–100). */
function scaled(table: number[], quality: number): number[] {
  const s = quality < 50 ? Math.floor(5000 / quality) : 200 - quality * 2
  return table.map((q) => Math.min(255, Math.max(1, Math.floor((q * s + 50) / 100))))
}

// T.81 K.3: code lengths; the symbols are listed by code length, the rarely used (run, size) pairs in byte order.
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
const AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d]
const AC_VALUES = (() => {
  const first = [
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91,
    0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16,
  ]
  const rest: number[] = []
  for (let run = 0; run < 16; run++)
    for (let size = 1; size <= 10; size++) if (!first.includes((run << 4) | size)) rest.push((run << 4) | size)
  return [...first, ...rest]
})()

/** Canonical Huffman codes from code-length counts: symbol → [code, length]. */
function huffman(bits: number[], values: number[]): Map<number, [number, number]> {
  const table = new Map<number, [number, number]>()
  let code = 0
  let k = 0
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < bits[len - 1]!; i++) table.set(values[k++]!, [code++, len])
    code <<= 1
  }
  return table
}
const DC = huffman(DC_BITS, DC_VALUES)
const AC = huffman(AC_BITS, AC_VALUES)

/** MSB-first bits with 0xFF byte stuffing, as the entropy-coded segment needs. */
class Bits {
  readonly bytes: number[] = []
  private cur = 0
  private n = 0
  put(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.cur = (this.cur << 1) | ((value >>> i) & 1)
      if (++this.n === 8) this.emit()
    }
  }
  private emit(): void {
    this.bytes.push(this.cur)
    if (this.cur === 0xff) this.bytes.push(0)
    this.cur = 0
    this.n = 0
  }
  /** Pads the last byte with 1 bits. */
  finish(): number[] {
    while (this.n !== 0) this.put(1, 1)
    return this.bytes
  }
}

const COS = Array.from({ length: 64 }, (_v, i) => Math.cos(((2 * (i % 8) + 1) * Math.floor(i / 8) * Math.PI) / 16))

function fdct(block: number[]): number[] {
  const out = new Array<number>(64)
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0
      for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) sum += block[y * 8 + x]! * COS[u * 8 + x]! * COS[v * 8 + y]!
      const cu = u === 0 ? Math.SQRT1_2 : 1
      const cv = v === 0 ? Math.SQRT1_2 : 1
      out[v * 8 + u] = (sum * cu * cv) / 4
    }
  }
  return out
}

const category = (v: number) => (v === 0 ? 0 : 32 - Math.clz32(Math.abs(v)))
/** The magnitude bits of a coefficient (one's complement for negatives). */
const magnitude = (v: number, size: number) => (v < 0 ? v + (1 << size) - 1 : v)

function encodeBlock(out: Bits, block: number[], q: number[], prevDc: number): number {
  const coef = fdct(block)
  const zz = ZIGZAG.map((i) => Math.round(coef[i]! / q[i]!))
  const diff = zz[0]! - prevDc
  const dcSize = category(diff)
  out.put(...DC.get(dcSize)!)
  out.put(magnitude(diff, dcSize), dcSize)
  let run = 0
  for (let k = 1; k < 64; k++) {
    const v = zz[k]!
    if (v === 0) {
      run++
      continue
    }
    while (run > 15) {
      out.put(...AC.get(0xf0)!)
      run -= 16
    }
    const size = category(v)
    out.put(...AC.get((run << 4) | size)!)
    out.put(magnitude(v, size), size)
    run = 0
  }
  if (run > 0) out.put(...AC.get(0x00)!)
  return zz[0]!
}

const segment = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body]

export function encodeJpeg(img: Raster, quality = 80): Uint8Array {
  const qY = scaled(LUMA_Q, quality)
  const qC = scaled(CHROMA_Q, quality)
  const { width: w, height: h } = img
  // JFIF's YCbCr (full range, BT.601 weights), level-shifted by 128 for the DCT.
  const planes = [new Float64Array(w * h), new Float64Array(w * h), new Float64Array(w * h)]
  for (let i = 0; i < w * h; i++) {
    const r = img.data[i * 3]!
    const g = img.data[i * 3 + 1]!
    const b = img.data[i * 3 + 2]!
    planes[0]![i] = 0.299 * r + 0.587 * g + 0.114 * b - 128
    planes[1]![i] = -0.168736 * r - 0.331264 * g + 0.5 * b
    planes[2]![i] = 0.5 * r - 0.418688 * g - 0.081312 * b
  }
  const bits = new Bits()
  const prev = [0, 0, 0]
  for (let by = 0; by < h; by += 8) {
    for (let bx = 0; bx < w; bx += 8) {
      for (let c = 0; c < 3; c++) {
        const block: number[] = []
        // Edge blocks repeat the last row and column.
        for (let y = 0; y < 8; y++)
          for (let x = 0; x < 8; x++) block.push(planes[c]![Math.min(h - 1, by + y) * w + Math.min(w - 1, bx + x)]!)
        prev[c] = encodeBlock(bits, block, c === 0 ? qY : qC, prev[c]!)
      }
    }
  }
  const bytes = [
    0xff,
    0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0, ...ZIGZAG.map((i) => qY[i]!), 1, ...ZIGZAG.map((i) => qC[i]!)]),
    ...segment(0xc0, [8, h >> 8, h & 0xff, w >> 8, w & 0xff, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]),
    ...segment(0xc4, [0x00, ...DC_BITS, ...DC_VALUES, 0x10, ...AC_BITS, ...AC_VALUES]),
    ...segment(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]),
    ...bits.finish(),
    0xff,
    0xd9,
  ]
  return Uint8Array.from(bytes)
}
