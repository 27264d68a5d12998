import { crc32, zlibDeflate } from './deflate.js'
import type { Raster } from './raster.js'

/** A truecolour 8-bit PNG; each row takes the filter (None, Sub or Up) with the smallest sum, as libpng's heuristic. */
export function encodePng(img: Raster): Uint8Array {
  const stride = img.width * 3
  const filtered = new Uint8Array((stride + 1) * img.height)
  for (let y = 0; y < img.height; y++) {
    const row = img.data.subarray(y * stride, (y + 1) * stride)
    const up = y > 0 ? img.data.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride)
    const candidates = [row.slice(), row.map((v, i) => (v - (i >= 3 ? row[i - 3]! : 0)) & 0xff), row.map((v, i) => (v - up[i]!) & 0xff)]
    const cost = (r: Uint8Array) => r.reduce((sum, v) => sum + (v < 128 ? v : 256 - v), 0)
    let best = 0
    for (let f = 1; f < candidates.length; f++) if (cost(candidates[f]!) < cost(candidates[best]!)) best = f
    filtered[y * (stride + 1)] = best
    filtered.set(candidates[best]!, y * (stride + 1) + 1)
  }
  const ihdr = new Uint8Array(13)
  const view = new DataView(ihdr.buffer)
  view.setUint32(0, img.width)
  view.setUint32(4, img.height)
  ihdr.set([8, 2, 0, 0, 0], 8) // 8 bits, truecolour, deflate, adaptive filtering, no interlace
  return concat([
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibDeflate(filtered)),
    chunk('IEND', new Uint8Array(0)),
  ])
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, body.length)
  const typed = new TextEncoder().encode(type)
  out.set(typed, 4)
  out.set(body, 8)
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)))
  return out
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
