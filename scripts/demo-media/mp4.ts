import { CONSTRAINTS, LEVEL, PROFILE_BASELINE, type EncodedClip } from './h264.js'
import { concat } from './png.js'

/**
 * An MP4 (ISO BMFF) holding one H.264 track: ftyp, then moov before mdat ("fast start", so a player can begin before
 * the whole file is in), with avcC and the sample tables stts/stss/stsc/stsz/stco. One chunk holds every sample.
 */

const u16 = (v: number) => [(v >> 8) & 0xff, v & 0xff]
const u32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0))

function box(type: string, ...parts: Array<number[] | Uint8Array>): Uint8Array {
  const body = concat(parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p))))
  return concat([Uint8Array.from([...u32(8 + body.length), ...ascii(type)]), body])
}
/** A box with version 0 and the given flags. */
const fullBox = (type: string, flags: number, ...parts: Array<number[] | Uint8Array>) => box(type, [0, ...u32(flags).slice(1)], ...parts)

// The identity transform: 16.16 and 2.30 fixed point.
const MATRIX = [
  ...u32(0x00010000),
  ...u32(0),
  ...u32(0),
  ...u32(0),
  ...u32(0x00010000),
  ...u32(0),
  ...u32(0),
  ...u32(0),
  ...u32(0x40000000),
]

export interface Mp4Options {
  /** Ticks per second of the sample durations. */
  timescale: number
  /** How long each frame shows, in ticks. */
  durations: number[]
}

export function muxMp4(clip: EncodedClip, o: Mp4Options): Uint8Array {
  if (o.durations.length !== clip.frames.length) throw new Error('one duration per frame')
  // AVCC samples: each NAL unit with a 4-byte length (avcC's lengthSizeMinusOne = 3).
  const samples = clip.frames.map((f) => concat([Uint8Array.from(u32(f.length)), f]))
  const duration = o.durations.reduce((a, b) => a + b, 0)
  const ftyp = box('ftyp', ascii('isom'), u32(0x200), ascii('isom'), ascii('iso2'), ascii('avc1'), ascii('mp41'))
  const moovWith = (mdatOffset: number) => moov(clip, o, samples, duration, mdatOffset)
  // The chunk offset is a fixed-size field, so the moov's size does not depend on its value.
  const size = moovWith(0).length
  const mdatBody = concat(samples)
  return concat([ftyp, moovWith(ftyp.length + size + 8), box('mdat', mdatBody)])
}

function moov(clip: EncodedClip, o: Mp4Options, samples: Uint8Array[], duration: number, chunkOffset: number): Uint8Array {
  const { width, height } = clip
  const mvhd = fullBox(
    'mvhd',
    0,
    u32(0),
    u32(0),
    u32(o.timescale),
    u32(duration),
    u32(0x00010000),
    u16(0x0100),
    u16(0),
    u32(0),
    u32(0),
    MATRIX,
    new Array(24).fill(0),
    u32(2),
  )
  // flags 3: track enabled and in the movie.
  const tkhd = fullBox(
    'tkhd',
    3,
    u32(0),
    u32(0),
    u32(1),
    u32(0),
    u32(duration),
    u32(0),
    u32(0),
    u16(0),
    u16(0),
    u16(0),
    u16(0),
    MATRIX,
    u32(width << 16),
    u32(height << 16),
  )
  // Language 'und' packed as three 5-bit letters.
  const mdhd = fullBox('mdhd', 0, u32(0), u32(0), u32(o.timescale), u32(duration), u16(0x55c4), u16(0))
  const hdlr = fullBox('hdlr', 0, u32(0), ascii('vide'), u32(0), u32(0), u32(0), ascii('VideoHandler'), [0])
  const vmhd = fullBox('vmhd', 1, u16(0), u16(0), u16(0), u16(0))
  const dinf = box('dinf', fullBox('dref', 0, u32(1), fullBox('url ', 1)))
  const avcC = box(
    'avcC',
    [1, PROFILE_BASELINE, CONSTRAINTS, LEVEL, 0xff, 0xe1],
    u16(clip.sps.length),
    clip.sps,
    [1],
    u16(clip.pps.length),
    clip.pps,
  )
  const compressor = new Array(32).fill(0)
  const avc1 = box(
    'avc1',
    new Array(6).fill(0),
    u16(1), // data_reference_index
    new Array(16).fill(0),
    u16(width),
    u16(height),
    u32(0x00480000), // 72 dpi
    u32(0x00480000),
    u32(0),
    u16(1), // frame_count
    compressor,
    u16(0x0018), // depth: colour, no alpha
    u16(0xffff), // pre_defined -1
    avcC,
  )
  const stsd = fullBox('stsd', 0, u32(1), avc1)
  // Runs of equal durations.
  const runs: Array<[number, number]> = []
  for (const d of o.durations) {
    const last = runs.at(-1)
    if (last && last[1] === d) last[0]++
    else runs.push([1, d])
  }
  const stts = fullBox('stts', 0, u32(runs.length), ...runs.map(([n, d]) => [...u32(n), ...u32(d)]))
  const stss = fullBox('stss', 0, u32(1), u32(1))
  const stsc = fullBox('stsc', 0, u32(1), u32(1), u32(samples.length), u32(1))
  const stsz = fullBox('stsz', 0, u32(0), u32(samples.length), ...samples.map((s) => u32(s.length)))
  const stco = fullBox('stco', 0, u32(1), u32(chunkOffset))
  const stbl = box('stbl', stsd, stts, stss, stsc, stsz, stco)
  const minf = box('minf', vmhd, dinf, stbl)
  const mdia = box('mdia', mdhd, hdlr, minf)
  const trak = box('trak', tkhd, mdia)
  return box('moov', mvhd, trak)
}
