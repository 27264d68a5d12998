import { hex, Raster, textWidth, type Rgb } from './raster.js'

/**
 * What the demo pictures show: product cards of the demo company (星禾智能家居, server/sim/demo-data.ts) drawn with
 * shapes and the pixel font, and the frames of a short clip of the X1 lock opening.
 */

const INK = hex('#1d2b4f')
const WHITE: Rgb = [255, 255, 255]
const ORANGE = hex('#ff7a2f')

/** The right half of a card: model in large letters, a line of words, the price on an orange tag. */
function caption(img: Raster, model: string, words: string, price: string): void {
  img.text(172, 44, model, INK, 7)
  img.text(174, 104, words, hex('#5a6b8c'), 2)
  const tag = `¥${price}`
  const w = textWidth(tag, 3) + 24
  img.roundRect(172, 138, w, 36, 8, ORANGE)
  img.text(184, 149, tag, WHITE, 3)
  img.text(174, 206, 'XINGHE SMART HOME', hex('#8a97b0'), 1)
}

/** 星禾 X1 智能指纹锁: the lock face with keypad and fingerprint reader. */
export function lockCard(): Raster {
  const img = new Raster(320, 240)
  img.gradient(0, 0, 320, 240, hex('#f3f7fd'), hex('#d9e4f5'))
  img.roundRect(14, 14, 292, 212, 18, WHITE)
  img.gradient(14, 206, 292, 20, hex('#ffffff'), hex('#eef3fb'))
  // The lock body, its screen and keypad.
  img.roundRect(46, 28, 92, 184, 18, hex('#2b2f36'))
  img.roundRect(52, 34, 80, 172, 14, hex('#363b44'))
  img.roundRect(60, 46, 64, 26, 6, hex('#111418'))
  img.text(70, 55, '12:30', hex('#39c5bb'), 1)
  for (let row = 0; row < 4; row++) for (let col = 0; col < 3; col++) img.circle(72 + col * 20, 88 + row * 16, 4.5, hex('#39c5bb'))
  img.circle(92, 174, 15, hex('#1d2027'))
  img.circle(92, 174, 14, hex('#4aa3ff'), 2.5)
  img.circle(92, 174, 8, hex('#4aa3ff'), 2)
  img.circle(92, 174, 3, hex('#4aa3ff'))
  // The handle, reaching to the right.
  img.roundRect(118, 140, 44, 14, 7, hex('#9aa1ac'))
  caption(img, 'X1', 'SMART LOCK', '1999')
  return img
}

/** 扫地机器人 R7 seen from above on a wooden floor. */
export function robotCard(): Raster {
  const img = new Raster(320, 240)
  img.gradient(0, 0, 320, 240, hex('#fff8ef'), hex('#ffe6cc'))
  img.roundRect(14, 14, 292, 212, 18, WHITE)
  img.roundRect(24, 24, 136, 192, 12, hex('#e9d3b6'))
  for (let y = 48; y < 216; y += 24) img.rect(24, y, 136, 2, hex('#d8bd99'))
  img.circle(92, 124, 62, hex('#b9bec7'))
  img.circle(92, 124, 59, hex('#f7f8fa'))
  img.circle(92, 124, 44, hex('#e4e7ec'), 2)
  img.circle(92, 94, 14, hex('#2b2f36'))
  img.circle(92, 94, 6, hex('#4aa3ff'))
  img.roundRect(80, 150, 24, 8, 4, hex('#2b2f36'))
  img.circle(92, 170, 4, hex('#34c759'))
  caption(img, 'R7', 'ROBOT VAC', '2499')
  return img
}

/** 全屋智能套装 H5: a house at dusk with lit windows and a signal above it (a gradient-rich picture: the JPEG one). */
export function homeScene(): Raster {
  const img = new Raster(320, 240)
  img.gradient(0, 0, 320, 170, hex('#2d4a8a'), hex('#f6b37f'))
  img.circle(262, 48, 18, hex('#fff2c4'))
  img.gradient(0, 170, 320, 70, hex('#6fae62'), hex('#3f7a3b'))
  // The house: walls, roof, door and lit windows.
  img.rect(70, 110, 150, 80, hex('#f4efe6'))
  img.polygon(
    [
      [56, 114],
      [145, 52],
      [234, 114],
    ],
    hex('#b5483a'),
  )
  img.rect(132, 140, 26, 50, hex('#7a4b2a'))
  for (const x of [86, 176]) {
    img.rect(x, 128, 30, 26, hex('#ffd66b'))
    img.rect(x + 14, 128, 2, 26, hex('#c99a3a'))
    img.rect(x, 140, 30, 2, hex('#c99a3a'))
  }
  // Wi-Fi arcs over the roof: the whole home is connected.
  for (const [r, t] of [
    [10, 3],
    [20, 3],
    [30, 3],
  ] as const) {
    for (let a = 0; a < 64; a++) {
      const angle = Math.PI * (1.25 + (a / 63) * 0.5)
      img.circle(145 + r * Math.cos(angle), 40 + r * Math.sin(angle), t / 2, WHITE)
    }
  }
  img.circle(145, 40, 3, WHITE)
  img.roundRect(16, 198, 132, 30, 8, hex('#ffffff'))
  img.text(26, 205, 'H5', INK, 2)
  img.text(56, 209, 'WHOLE HOME', hex('#5a6b8c'), 1)
  img.roundRect(196, 198, 108, 30, 8, ORANGE)
  img.text(206, 205, '¥19800', WHITE, 2)
  return img
}

/**
 * The X1 unlocking, 112×64 (7×4 macroblocks): a fingerprint is read while the bar below fills, one macroblock per
 * frame; then the reader turns green and the word OPEN appears. Each frame changes few macroblocks, which keeps the
 * P frames small.
 */
export function unlockFrames(): Raster[] {
  const frames: Raster[] = []
  const base = (open: boolean, progress: number) => {
    const img = new Raster(112, 64, hex('#1d2433'))
    img.roundRect(6, 4, 36, 42, 6, hex('#2b2f36'))
    const ring = open ? hex('#34c759') : hex('#4aa3ff')
    img.circle(24, 25, 12, ring, 2)
    img.circle(24, 25, 7, ring, 2)
    img.circle(24, 25, 2.5, ring)
    img.text(52, 8, 'X1', WHITE, 2)
    img.text(52, 28, open ? 'OPEN' : 'LOCK', open ? hex('#34c759') : hex('#9aa8c2'), 1)
    img.rect(0, 52, 112, 8, hex('#2b3346'))
    img.rect(0, 52, progress, 8, hex('#4aa3ff'))
    return img
  }
  for (let step = 1; step <= 7; step++) frames.push(base(false, step * 16))
  frames.push(base(true, 112))
  return frames
}
