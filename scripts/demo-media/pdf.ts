/**
 * A one-page PDF written by hand: the standard Helvetica fonts for Latin text and Adobe's STSong-Light (not
 * embedded; every PDF reader with Chinese support maps it to a Song/Ming face, through the UniGB-UCS2-H CMap) for
 * Chinese. Text runs switch fonts inside one text object, so each run starts where the previous one ended.
 */

export type Run = string
export interface TextLine {
  x: number
  y: number
  size: number
  text: Run
  bold?: boolean
  /** 0..1 grey or an [r, g, b] colour. */
  color?: readonly [number, number, number]
}
export interface Box {
  x: number
  y: number
  w: number
  h: number
  color: readonly [number, number, number]
}
export interface Line {
  x1: number
  y1: number
  x2: number
  y2: number
  color: readonly [number, number, number]
  width: number
}
export interface Page {
  /** A4 portrait by default: 595 × 842 points. */
  width?: number
  height?: number
  boxes: Box[]
  lines: Line[]
  texts: TextLine[]
}

const rgb = (c: readonly [number, number, number]) => c.map((v) => (v / 255).toFixed(3)).join(' ')

/** PDF literal string escaping for WinAnsi text. */
const literal = (s: string) => `(${s.replace(/[\\()]/g, (m) => `\\${m}`)})`
const ucs2 = (s: string) => `<${[...s].map((ch) => ch.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()).join('')}>`

/** Splits text into runs of ASCII (Helvetica) and everything else (STSong-Light). */
function runs(text: string): Array<{ cjk: boolean; s: string }> {
  const out: Array<{ cjk: boolean; s: string }> = []
  for (const ch of text) {
    const cjk = ch.charCodeAt(0) > 0x7e
    const last = out.at(-1)
    if (last && last.cjk === cjk) last.s += ch
    else out.push({ cjk, s: ch })
  }
  return out
}

function content(page: Page): string {
  const ops: string[] = []
  for (const b of page.boxes) ops.push(`${rgb(b.color)} rg ${b.x} ${b.y} ${b.w} ${b.h} re f`)
  for (const l of page.lines) ops.push(`${rgb(l.color)} RG ${l.width} w ${l.x1} ${l.y1} m ${l.x2} ${l.y2} l S`)
  for (const t of page.texts) {
    const parts = runs(t.text).map((r) =>
      r.cjk ? `/F3 ${t.size} Tf ${ucs2(r.s)} Tj` : `/${t.bold ? 'F2' : 'F1'} ${t.size} Tf ${literal(r.s)} Tj`,
    )
    ops.push(`BT ${rgb(t.color ?? [34, 34, 34])} rg ${t.x} ${t.y} Td ${parts.join(' ')} ET`)
  }
  return ops.join('\n') + '\n'
}

export function writePdf(page: Page, title: string): Uint8Array {
  const width = page.width ?? 595
  const height = page.height ?? 842
  const stream = content(page)
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /Font << /F1 4 0 R /F2 5 0 R /F3 6 0 R >> >> /Contents 9 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [7 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 8 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}endstream`,
    `<< /Title ${ucs2WithBom(title)} /Producer (scripts/demo-media) >>`,
  ]
  // The binary comment on line 2 tells transfer tools the file is not plain text.
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n'
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'))
    out += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = Buffer.byteLength(out, 'latin1')
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return new Uint8Array(Buffer.from(out, 'latin1'))
}

/** A text string in UTF-16BE with its byte-order mark, as the document information dictionary wants for non-Latin text. */
const ucs2WithBom = (s: string) => `<FEFF${ucs2(s).slice(1, -1)}>`
