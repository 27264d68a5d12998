import { bookingSheetXlsx, priceListPdf } from './documents.js'
import { encodeH264 } from './h264.js'
import { encodeJpeg } from './jpeg.js'
import { muxMp4 } from './mp4.js'
import { homeScene, lockCard, robotCard, unlockFrames } from './pictures.js'
import { encodePng } from './png.js'

/**
 * Every demo media file, by its name under server/demo-media/. Deterministic: the same bytes on every run and every
 * machine (generate.test.ts holds the committed files to exactly this).
 */
export function demoMediaFiles(): Array<{ file: string; bytes: Uint8Array }> {
  const frames = unlockFrames()
  return [
    { file: 'x1-lock.png', bytes: encodePng(lockCard()) },
    { file: 'r7-robot.png', bytes: encodePng(robotCard()) },
    { file: 'h5-home.jpg', bytes: encodeJpeg(homeScene(), 82) },
    // 400 ms per frame while the bar fills, then the open lock for 1.2 s.
    {
      file: 'x1-unlock.mp4',
      bytes: muxMp4(encodeH264(frames), { timescale: 1000, durations: frames.map((_f, i) => (i === frames.length - 1 ? 1200 : 400)) }),
    },
    { file: 'price-list-2025.pdf', bytes: priceListPdf() },
    { file: 'install-booking.xlsx', bytes: bookingSheetXlsx() },
  ]
}
