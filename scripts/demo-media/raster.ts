/**
 * An RGB picture in memory with the few drawing operations the demo pictures need: gradients, (rounded) rectangles,
 * circles and rings with soft edges, and a 5×7 pixel font for Latin capitals and digits. Integer maths wherever the
 * result is stored, so every run draws the same bytes.
 */

export type Rgb = readonly [number, number, number]

export const hex = (s: string): Rgb => [parseInt(s.slice(1, 3), 16), parseInt(s.slice(3, 5), 16), parseInt(s.slice(5, 7), 16)]

export class Raster {
  readonly data: Uint8Array
  constructor(
    readonly width: number,
    readonly height: number,
    fill: Rgb = [255, 255, 255],
  ) {
    this.data = new Uint8Array(width * height * 3)
    for (let i = 0; i < width * height; i++) this.data.set(fill, i * 3)
  }

  get(x: number, y: number): Rgb {
    const i = (y * this.width + x) * 3
    return [this.data[i]!, this.data[i + 1]!, this.data[i + 2]!]
  }

  /** Blends `color` over the pixel with `alpha` in 0..256 (256 = opaque). */
  blend(x: number, y: number, color: Rgb, alpha = 256): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || alpha <= 0) return
    const i = (y * this.width + x) * 3
    const a = Math.min(256, alpha)
    for (let c = 0; c < 3; c++) this.data[i + c] = (this.data[i + c]! * (256 - a) + color[c]! * a + 128) >> 8
  }

  /** A gradient from `from` to `to`, top to bottom (`vertical`) or left to right. */
  gradient(x0: number, y0: number, w: number, h: number, from: Rgb, to: Rgb, vertical = true): void {
    const steps = Math.max(1, (vertical ? h : w) - 1)
    for (let y = y0; y < y0 + h; y++) {
      for (let x = x0; x < x0 + w; x++) {
        const t = vertical ? y - y0 : x - x0
        const c: Rgb = [0, 1, 2].map((k) => Math.round(from[k]! + ((to[k]! - from[k]!) * t) / steps)) as unknown as Rgb
        this.blend(x, y, c)
      }
    }
  }

  rect(x0: number, y0: number, w: number, h: number, color: Rgb): void {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) this.blend(x, y, color)
  }

  /** A rectangle with corners of radius `r`, edges softened over one pixel. */
  roundRect(x0: number, y0: number, w: number, h: number, r: number, color: Rgb): void {
    for (let y = y0; y < y0 + h; y++) {
      for (let x = x0; x < x0 + w; x++) {
        // Distance outside the rounded shape, in sixteenths of a pixel (sampled at the pixel centre).
        const cx = Math.max(x0 + r, Math.min(x0 + w - r, x + 0.5))
        const cy = Math.max(y0 + r, Math.min(y0 + h - r, y + 0.5))
        const d = length(x + 0.5 - cx, y + 0.5 - cy) - r
        this.blend(x, y, color, coverage(d))
      }
    }
  }

  /** A filled circle, or a ring `thickness` wide when given. */
  circle(cx: number, cy: number, r: number, color: Rgb, thickness?: number): void {
    for (let y = Math.floor(cy - r - 1); y <= Math.ceil(cy + r + 1); y++) {
      for (let x = Math.floor(cx - r - 1); x <= Math.ceil(cx + r + 1); x++) {
        const dist = length(x + 0.5 - cx, y + 0.5 - cy)
        const outside = dist - r
        const alpha = thickness === undefined ? coverage(outside) : Math.min(coverage(outside), coverage(r - thickness - dist))
        this.blend(x, y, color, alpha)
      }
    }
  }

  /** A filled polygon (even-odd rule), each pixel sampled 4×4 times for soft edges. */
  polygon(points: ReadonlyArray<readonly [number, number]>, color: Rgb): void {
    const xs = points.map((p) => p[0])
    const ys = points.map((p) => p[1])
    const inside = (px: number, py: number) => {
      let hit = false
      for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
        const [xi, yi] = points[i]!
        const [xj, yj] = points[j]!
        if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) hit = !hit
      }
      return hit
    }
    for (let y = Math.floor(Math.min(...ys)); y < Math.ceil(Math.max(...ys)); y++) {
      for (let x = Math.floor(Math.min(...xs)); x < Math.ceil(Math.max(...xs)); x++) {
        let n = 0
        for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (inside(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4)) n++
        this.blend(x, y, color, n * 16)
      }
    }
  }

  /** Text in the 5×7 font, each font pixel drawn as a `scale`×`scale` square; answers the width drawn. */
  text(x: number, y: number, s: string, color: Rgb, scale = 1): number {
    let pen = x
    for (const ch of s.toUpperCase()) {
      const rows = FONT[ch] ?? FONT['?']!
      rows.forEach((bits, row) => {
        for (let col = 0; col < 5; col++) {
          if (bits & (0x10 >> col)) this.rect(pen + col * scale, y + row * scale, scale, scale, color)
        }
      })
      pen += 6 * scale
    }
    return pen - x - scale
  }
}

// Math.sqrt is exact in IEEE 754 on every platform; Math.hypot's algorithm has changed between V8 versions.
const length = (dx: number, dy: number) => Math.sqrt(dx * dx + dy * dy)

/** How much of a pixel a shape covers when the pixel centre is `d` pixels outside its edge (0..256). */
function coverage(d: number): number {
  if (d <= -0.5) return 256
  if (d >= 0.5) return 0
  return Math.round((0.5 - d) * 256)
}

export const textWidth = (s: string, scale = 1) => s.length * 6 * scale - scale

/** 5×7 glyphs, one number per row, the high bit of five on the left. */
const FONT: Record<string, number[]> = {
  ' ': [0, 0, 0, 0, 0, 0, 0],
  '?': [0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04],
  '-': [0, 0, 0, 0x1f, 0, 0, 0],
  '.': [0, 0, 0, 0, 0, 0x0c, 0x0c],
  ':': [0, 0x0c, 0x0c, 0, 0x0c, 0x0c, 0],
  '/': [0x01, 0x02, 0x02, 0x04, 0x08, 0x08, 0x10],
  '+': [0, 0x04, 0x04, 0x1f, 0x04, 0x04, 0],
  '%': [0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03],
  '¥': [0x11, 0x0a, 0x1f, 0x04, 0x1f, 0x04, 0x04],
  '0': [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e],
  '1': [0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e],
  '2': [0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f],
  '3': [0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e],
  '4': [0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02],
  '5': [0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e],
  '6': [0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e],
  '7': [0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
  '8': [0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e],
  '9': [0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c],
  A: [0x0e, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11],
  B: [0x1e, 0x11, 0x11, 0x1e, 0x11, 0x11, 0x1e],
  C: [0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e],
  D: [0x1c, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1c],
  E: [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x1f],
  F: [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x10],
  G: [0x0e, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0f],
  H: [0x11, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11],
  I: [0x0e, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e],
  J: [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0c],
  K: [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
  L: [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f],
  M: [0x11, 0x1b, 0x15, 0x15, 0x11, 0x11, 0x11],
  N: [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
  O: [0x0e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e],
  P: [0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10, 0x10],
  Q: [0x0e, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0d],
  R: [0x1e, 0x11, 0x11, 0x1e, 0x14, 0x12, 0x11],
  S: [0x0f, 0x10, 0x10, 0x0e, 0x01, 0x01, 0x1e],
  T: [0x1f, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
  U: [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e],
  V: [0x11, 0x11, 0x11, 0x11, 0x11, 0x0a, 0x04],
  W: [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0a],
  X: [0x11, 0x11, 0x0a, 0x04, 0x0a, 0x11, 0x11],
  Y: [0x11, 0x11, 0x11, 0x0a, 0x04, 0x04, 0x04],
  Z: [0x1f, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1f],
}
