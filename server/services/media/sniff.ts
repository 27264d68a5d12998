/**
 * What a file really is, read from its first bytes: a name or a Content-Type header says what someone claims.
 * Only the formats staff send are recognised; anything else is `null` (and an upload of it is refused).
 */
export interface Sniffed {
  /** The extension that matches the bytes. */
  format: string
  mime: string
}

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v)
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to))

// MP4/MOV brands: an `ftyp` box whose major brand is one of these plays as mp4 in WeCom and WeChat.
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'dash', 'M4V ', 'MSNV'])

export function sniff(head: Uint8Array): Sniffed | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { format: 'png', mime: 'image/png' }
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { format: 'jpg', mime: 'image/jpeg' }
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return { format: 'gif', mime: 'image/gif' }
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { format: 'webp', mime: 'image/webp' }
  if (ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12)
    if (MP4_BRANDS.has(brand)) return { format: 'mp4', mime: 'video/mp4' }
    if (brand === 'qt  ') return { format: 'mov', mime: 'video/quicktime' }
    return null
  }
  if (ascii(head, 0, 5) === '%PDF-') return { format: 'pdf', mime: 'application/pdf' }
  // Office Open XML and plain zip share the zip signature; the name tells docx from xlsx, which is harmless here.
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { format: 'zip', mime: 'application/zip' }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { format: 'ole', mime: 'application/x-ole-storage' }
  return null
}

/** Formats a sniffed family may be named as: a `.docx` that is a zip is honest, a `.png` that is a zip is not. */
export const NAMES_FOR: Readonly<Record<string, readonly string[]>> = {
  png: ['png'],
  jpg: ['jpg', 'jpeg'],
  gif: ['gif'],
  webp: ['webp'],
  mp4: ['mp4', 'm4v'],
  mov: ['mov'],
  pdf: ['pdf'],
  zip: ['zip', 'docx', 'xlsx', 'pptx'],
  ole: ['doc', 'xls', 'ppt'],
}

/** Whether a file named with `extension` may hold bytes sniffed as `sniffed`. */
export function nameMatches(extension: string, sniffed: Sniffed): boolean {
  return (NAMES_FOR[sniffed.format] ?? [sniffed.format]).includes(extension.toLowerCase())
}

/** Enough bytes for every signature above. */
export const SNIFF_BYTES = 16
