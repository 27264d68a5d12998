import type { Raster } from './raster.js'

/**
 * A tiny H.264 encoder (ITU-T H.264, Constrained Baseline profile, CAVLC) for small demo clips without ffmpeg.
 * The first frame is an IDR picture of I_PCM macroblocks (raw samples: no transform, no prediction). Later frames
 * are P pictures: a macroblock that did not change is P_Skip (a copy of the previous frame: with no motion anywhere
 * every predicted motion vector is zero), one that did is I_PCM again. So the size is 384 bytes per changed
 * macroblock and almost nothing for the rest.
 */

/** MSB-first bit writer with the Exp-Golomb codes of clause 9.1. */
class BitWriter {
  private readonly bytes: number[] = []
  private cur = 0
  private n = 0
  u(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.cur = (this.cur << 1) | (Math.floor(value / 2 ** i) & 1)
      if (++this.n === 8) {
        this.bytes.push(this.cur)
        this.cur = 0
        this.n = 0
      }
    }
  }
  ue(value: number): void {
    const v = value + 1
    const len = 32 - Math.clz32(v)
    this.u(0, len - 1)
    this.u(v, len)
  }
  se(value: number): void {
    this.ue(value <= 0 ? -2 * value : 2 * value - 1)
  }
  get aligned(): boolean {
    return this.n === 0
  }
  alignZero(): void {
    while (this.n !== 0) this.u(0, 1)
  }
  bytesRaw(data: Uint8Array): void {
    if (!this.aligned) throw new Error('raw bytes need byte alignment')
    for (const b of data) this.bytes.push(b)
  }
  /** rbsp_trailing_bits(): a stop bit, then zeros to the byte boundary. */
  trailing(): Uint8Array {
    this.u(1, 1)
    this.alignZero()
    return Uint8Array.from(this.bytes)
  }
}

/** A NAL unit: header byte, then the RBSP with emulation prevention (no 00 00 0x where x ≤ 3). */
function nal(refIdc: number, type: number, rbsp: Uint8Array): Uint8Array {
  const out: number[] = [(refIdc << 5) | type]
  let zeros = 0
  for (const b of rbsp) {
    if (zeros >= 2 && b <= 3) {
      out.push(3)
      zeros = 0
    }
    out.push(b)
    zeros = b === 0 ? zeros + 1 : 0
  }
  return Uint8Array.from(out)
}

export const PROFILE_BASELINE = 66
/** constraint_set0 and constraint_set1: Constrained Baseline. */
export const CONSTRAINTS = 0xc0
export const LEVEL = 30
const LOG2_MAX_FRAME_NUM = 4

function sps(mbWidth: number, mbHeight: number): Uint8Array {
  const w = new BitWriter()
  w.u(PROFILE_BASELINE, 8)
  w.u(CONSTRAINTS, 8)
  w.u(LEVEL, 8)
  w.ue(0) // seq_parameter_set_id
  w.ue(LOG2_MAX_FRAME_NUM - 4)
  w.ue(2) // pic_order_cnt_type 2: output order is decoding order, no extra syntax
  w.ue(1) // max_num_ref_frames
  w.u(0, 1) // gaps_in_frame_num_value_allowed_flag
  w.ue(mbWidth - 1)
  w.ue(mbHeight - 1)
  w.u(1, 1) // frame_mbs_only_flag
  w.u(1, 1) // direct_8x8_inference_flag
  w.u(0, 1) // frame_cropping_flag
  w.u(0, 1) // vui_parameters_present_flag: timing comes from the MP4 boxes
  return nal(3, 7, w.trailing())
}

function pps(): Uint8Array {
  const w = new BitWriter()
  w.ue(0) // pic_parameter_set_id
  w.ue(0) // seq_parameter_set_id
  w.u(0, 1) // entropy_coding_mode_flag: CAVLC
  w.u(0, 1) // bottom_field_pic_order_in_frame_present_flag
  w.ue(0) // num_slice_groups_minus1
  w.ue(0) // num_ref_idx_l0_default_active_minus1
  w.ue(0) // num_ref_idx_l1_default_active_minus1
  w.u(0, 1) // weighted_pred_flag
  w.u(0, 2) // weighted_bipred_idc
  w.se(0) // pic_init_qp_minus26
  w.se(0) // pic_init_qs_minus26
  w.se(0) // chroma_qp_index_offset
  w.u(1, 1) // deblocking_filter_control_present_flag: so slices can switch the filter off
  w.u(0, 1) // constrained_intra_pred_flag
  w.u(0, 1) // redundant_pic_cnt_present_flag
  return nal(3, 8, w.trailing())
}

const I_PCM = 25
/** In a P slice the intra types follow the five inter types. */
const P_SLICE_I_PCM = 5 + I_PCM

/** One macroblock's samples in I_PCM order: 256 luma, then 64 Cb and 64 Cr (4:2:0). */
function pcmSamples(yuv: Yuv420, mbX: number, mbY: number): Uint8Array {
  const out = new Uint8Array(384)
  let k = 0
  for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) out[k++] = yuv.y[(mbY * 16 + y) * yuv.width + mbX * 16 + x]!
  for (const plane of [yuv.cb, yuv.cr]) {
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) out[k++] = plane[(mbY * 8 + y) * (yuv.width / 2) + mbX * 8 + x]!
  }
  return out
}

function slice(yuv: Yuv420, frameNum: number, idr: boolean, changed: (mb: number) => boolean): Uint8Array {
  const mbWidth = yuv.width / 16
  const mbCount = mbWidth * (yuv.height / 16)
  const w = new BitWriter()
  w.ue(0) // first_mb_in_slice
  w.ue(idr ? 7 : 5) // slice_type: I (7) or P (5), the same for every slice of the picture
  w.ue(0) // pic_parameter_set_id
  w.u(frameNum % 2 ** LOG2_MAX_FRAME_NUM, LOG2_MAX_FRAME_NUM)
  if (idr) w.ue(0) // idr_pic_id
  if (!idr) {
    w.u(0, 1) // num_ref_idx_active_override_flag
    w.u(0, 1) // ref_pic_list_modification_flag_l0
  }
  // dec_ref_pic_marking(): every picture is a reference (nal_ref_idc 3), sliding window.
  if (idr) {
    w.u(0, 1) // no_output_of_prior_pics_flag
    w.u(0, 1) // long_term_reference_flag
  } else {
    w.u(0, 1) // adaptive_ref_pic_marking_mode_flag
  }
  w.se(0) // slice_qp_delta
  w.ue(1) // disable_deblocking_filter_idc: the samples are exactly what was drawn
  let skipped = 0
  for (let mb = 0; mb < mbCount; mb++) {
    if (!idr && !changed(mb)) {
      skipped++
      continue
    }
    if (!idr) {
      w.ue(skipped) // mb_skip_run
      skipped = 0
    }
    w.ue(idr ? I_PCM : P_SLICE_I_PCM)
    w.alignZero() // pcm_alignment_zero_bit
    w.bytesRaw(pcmSamples(yuv, mb % mbWidth, Math.floor(mb / mbWidth)))
  }
  if (skipped > 0) w.ue(skipped)
  return nal(3, idr ? 5 : 1, w.trailing())
}

export interface Yuv420 {
  width: number
  height: number
  y: Uint8Array
  cb: Uint8Array
  cr: Uint8Array
}

/** BT.601 limited range, chroma averaged over each 2×2 block; integer maths so every run gives the same bytes. */
export function toYuv420(img: Raster): Yuv420 {
  const { width, height, data } = img
  const y = new Uint8Array(width * height)
  const cb = new Uint8Array((width / 2) * (height / 2))
  const cr = new Uint8Array((width / 2) * (height / 2))
  for (let i = 0; i < width * height; i++) {
    const r = data[i * 3]!
    const g = data[i * 3 + 1]!
    const b = data[i * 3 + 2]!
    y[i] = ((66 * r + 129 * g + 25 * b + 128) >> 8) + 16
  }
  for (let j = 0; j < height / 2; j++) {
    for (let i = 0; i < width / 2; i++) {
      let r = 0
      let g = 0
      let b = 0
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const p = ((j * 2 + dy) * width + i * 2 + dx) * 3
        r += data[p]!
        g += data[p + 1]!
        b += data[p + 2]!
      }
      r = (r + 2) >> 2
      g = (g + 2) >> 2
      b = (b + 2) >> 2
      cb[j * (width / 2) + i] = ((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128
      cr[j * (width / 2) + i] = ((112 * r - 94 * g - 18 * b + 128) >> 8) + 128
    }
  }
  return { width, height, y, cb, cr }
}

export interface EncodedClip {
  sps: Uint8Array
  pps: Uint8Array
  /** One access unit per frame: a single slice NAL unit (without a length prefix). */
  frames: Uint8Array[]
  width: number
  height: number
}

/** Encodes frames of the same size (a multiple of 16 each way); frame 0 is the only sync frame. */
export function encodeH264(frames: Raster[]): EncodedClip {
  const first = frames[0]!
  if (first.width % 16 || first.height % 16) throw new Error('width and height must be multiples of 16')
  const mbWidth = first.width / 16
  const yuvs = frames.map(toYuv420)
  const out = yuvs.map((yuv, n) => {
    if (n === 0) return slice(yuv, 0, true, () => true)
    const before = yuvs[n - 1]!
    return slice(yuv, n, false, (mb) => !sameMacroblock(before, yuv, mb % mbWidth, Math.floor(mb / mbWidth)))
  })
  return { sps: sps(mbWidth, first.height / 16), pps: pps(), frames: out, width: first.width, height: first.height }
}

function sameMacroblock(a: Yuv420, b: Yuv420, mbX: number, mbY: number): boolean {
  const sa = pcmSamples(a, mbX, mbY)
  const sb = pcmSamples(b, mbX, mbY)
  return sa.every((v, i) => v === sb[i])
}
