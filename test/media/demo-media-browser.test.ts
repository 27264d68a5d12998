/**
 * The generated demo media in a real browser: Chromium must decode the H.264 clip (scripts/demo-media/h264.ts writes
 * the bitstream by hand), seek in it through our /files/ route's byte ranges, and decode the PNG and JPEG pictures
 * to the colours they were drawn with. The files come from the demo seed, served by the real app on a loopback port.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MaterialList, materialFilePath } from '../../contracts/materials.js'
import { launchBrowser } from '../e2e/harness.js'
import { startTestApp, type TestApp } from '../helpers/app.js'

let t: TestApp
let base: string
let browser: Browser
let page: Page
const urls: Record<string, string> = {}
/** The demo file whose name has every one of `parts`. */
const urlOf = (...parts: string[]) => Object.entries(urls).find(([name]) => parts.every((p) => name.includes(p)))![1]

beforeAll(async () => {
  t = await startTestApp()
  base = await t.app.listen({ host: '127.0.0.1', port: 0 })
  const cookie = await t.login('lina')
  const list = MaterialList.parse((await t.app.inject({ url: '/api/materials', headers: { cookie } })).json())
  for (const m of list.items)
    if ('file' in m.content) urls[m.content.file.name] = materialFilePath(m.content.file.fileId!, m.content.file.name)
  browser = await launchBrowser()
  page = await browser.newPage()
  // A page of the app's origin, so the files are same-origin (readable pixels) under the sidebar's own CSP: the
  // sign-in failure page (HTML). A JSON answer's policy would let the page load nothing (server/security.ts).
  await page.goto(`${base}/api/auth/callback`)
}, 60_000)
afterAll(async () => {
  await browser?.close().catch(() => undefined)
  await t?.close()
})

// Page scripts as text: this project's types have no DOM (as in test/security/csp.test.ts).
/** Loads the clip, reads two pixels of its first frame, seeks to 3.5 s and reads them again. */
const PLAY_VIDEO = `async (src) => {
  const video = document.createElement('video')
  video.muted = true
  video.preload = 'auto'
  document.body.append(video)
  const canvas = document.createElement('canvas')
  const pixel = (x, y) => {
    canvas.width = video.videoWidth
    canvas.height = video.videoHeight
    const g = canvas.getContext('2d', { willReadFrequently: true })
    g.drawImage(video, 0, 0)
    return [...g.getImageData(x, y, 1, 1).data.slice(0, 3)]
  }
  const once = (event) => new Promise((resolve, reject) => {
    video.addEventListener(event, () => resolve(), { once: true })
    video.addEventListener('error', () => reject(new Error('video error ' + video.error?.code + ': ' + video.error?.message)), { once: true })
  })
  const loaded = once('loadeddata')
  video.src = src
  await loaded
  const first = { readyState: video.readyState, width: video.videoWidth, height: video.videoHeight, duration: video.duration, ring: pixel(13, 25), bar: pixel(100, 56) }
  const seekable = video.seekable.length ? video.seekable.end(0) : 0
  const seeked = once('seeked')
  video.currentTime = 3.5
  await seeked
  // Give the compositor a moment to hand the seeked frame to drawImage.
  await new Promise((resolve) => setTimeout(resolve, 300))
  return { first, seekable, at: video.currentTime, ring: pixel(13, 25), bar: pixel(100, 56) }
}`
interface VideoProbe {
  first: { readyState: number; width: number; height: number; duration: number; ring: number[]; bar: number[] }
  seekable: number
  at: number
  ring: number[]
  bar: number[]
}

/** Decodes a picture and reads the colours at `points`. */
const DECODE_IMAGE = `async (src, points) => {
  const img = new Image()
  img.src = src
  await img.decode()
  const canvas = document.createElement('canvas')
  canvas.width = img.naturalWidth
  canvas.height = img.naturalHeight
  const g = canvas.getContext('2d', { willReadFrequently: true })
  g.drawImage(img, 0, 0)
  return { width: img.naturalWidth, height: img.naturalHeight, colours: points.map(([x, y]) => [...g.getImageData(x, y, 1, 1).data.slice(0, 3)]) }
}`

describe('demo media in Chromium', () => {
  it('plays the MP4: first frame decoded, seekable through byte ranges, later frames show the lock open', async () => {
    expect(Object.keys(urls)).toHaveLength(6)
    const result = (await page.evaluate(`(${PLAY_VIDEO})(${JSON.stringify(`${base}${urlOf('.mp4')}`)})`)) as VideoProbe
    const near = (rgb: number[], want: number[]) => rgb.every((v, i) => Math.abs(v - want[i]!) <= 24)
    expect(result.first.readyState).toBeGreaterThanOrEqual(2)
    expect(result.first).toMatchObject({ width: 112, height: 64 })
    expect(result.first.duration).toBeCloseTo(4, 1)
    // Frame 1: the reader is blue (#4aa3ff) and the bar has not reached the right edge (#2b3346).
    expect(near(result.first.ring, [0x4a, 0xa3, 0xff]), `first ring ${result.first.ring}`).toBe(true)
    expect(near(result.first.bar, [0x2b, 0x33, 0x46]), `first bar ${result.first.bar}`).toBe(true)
    // Seeking works only when the server answers ranges; the last frame: green reader (#34c759), full bar.
    expect(result.seekable).toBeCloseTo(4, 1)
    expect(result.at).toBeCloseTo(3.5, 1)
    expect(near(result.ring, [0x34, 0xc7, 0x59]), `last ring ${result.ring}`).toBe(true)
    expect(near(result.bar, [0x4a, 0xa3, 0xff]), `last bar ${result.bar}`).toBe(true)
  })

  it('decodes the PNG and JPEG pictures to the colours they were drawn with', async () => {
    const probe = async (src: string, points: Array<[number, number]>) =>
      (await page.evaluate(`(${DECODE_IMAGE})(${JSON.stringify(`${base}${src}`)}, ${JSON.stringify(points)})`)) as {
        width: number
        height: number
        colours: number[][]
      }
    // The orange price tag (#ff7a2f) and the lock body (#363b44): exact in a PNG.
    const lock = await probe(urlOf('X1', '.png'), [
      [176, 170],
      [60, 190],
    ])
    expect(lock).toEqual({
      width: 320,
      height: 240,
      colours: [
        [0xff, 0x7a, 0x2f],
        [0x36, 0x3b, 0x44],
      ],
    })
    // The JPEG: the door (#7a4b2a) and the lawn near the bottom edge, within JPEG's error.
    const home = await probe(urlOf('.jpg'), [
      [145, 170],
      [5, 235],
    ])
    expect(home.width).toBe(320)
    expect(home.height).toBe(240)
    const [door, lawn] = home.colours
    expect(
      door!.every((v, i) => Math.abs(v - [0x7a, 0x4b, 0x2a][i]!) <= 16),
      `door ${door}`,
    ).toBe(true)
    expect(lawn![1]! > lawn![0]! + 30 && lawn![1]! > lawn![2]! + 30, `lawn ${lawn}`).toBe(true)
  })
})
