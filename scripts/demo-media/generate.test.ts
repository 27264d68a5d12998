import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inflateRawSync, inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { formatOf } from '../../contracts/content.js'
import { nameMatches, sniff } from '../../server/services/media/sniff.js'
import { crc32, deflateRaw, zlibDeflate } from './deflate.js'
import { DEMO_MEDIA_DIR } from './generate.js'
import { demoMediaFiles } from './index.js'

const files = demoMediaFiles()
const byName = (file: string) => files.find((f) => f.file === file)!.bytes
const u32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at)

describe('the generated demo media', () => {
  it('are the files committed in server/demo-media/, byte for byte (run scripts/demo-media/generate.ts after a change)', () => {
    expect(readdirSync(DEMO_MEDIA_DIR).sort()).toEqual(files.map((f) => f.file).sort())
    for (const { file, bytes } of files) {
      const committed = readFileSync(join(DEMO_MEDIA_DIR, file))
      expect(Buffer.compare(committed, Buffer.from(bytes)), `${file} differs from what the generator writes`).toBe(0)
    }
  })

  it('each sniffs as the type its name says, and is small', () => {
    const expected: Record<string, string> = { png: 'png', jpg: 'jpg', mp4: 'mp4', pdf: 'pdf', xlsx: 'zip' }
    for (const { file, bytes } of files) {
      const sniffed = sniff(bytes.subarray(0, 16))
      expect(sniffed?.format, file).toBe(expected[formatOf(file)])
      expect(nameMatches(formatOf(file), sniffed!), file).toBe(true)
      expect(bytes.length, file).toBeLessThan(24 * 1024)
    }
  })

  it('the PNGs: valid chunks (CRC) and an image stream of 240 rows of 320 RGB pixels', () => {
    for (const name of ['x1-lock.png', 'r7-robot.png']) {
      const png = byName(name)
      const idat: Uint8Array[] = []
      let at = 8
      while (at < png.length) {
        const len = u32(png, at)
        const type = new TextDecoder().decode(png.subarray(at + 4, at + 8))
        expect(u32(png, at + 8 + len), `${name} ${type} CRC`).toBe(crc32(png.subarray(at + 4, at + 8 + len)))
        if (type === 'IHDR') expect([u32(png, at + 8), u32(png, at + 12)]).toEqual([320, 240])
        if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len))
        at += 12 + len
      }
      expect(inflateSync(Buffer.concat(idat)).length).toBe(240 * (1 + 320 * 3))
    }
  })

  it('the JPEG: baseline (SOF0) 320×240, three components, ending in EOI', () => {
    const jpg = byName('h5-home.jpg')
    const sof = jpg.findIndex((b, i) => b === 0xff && jpg[i + 1] === 0xc0)
    expect(sof).toBeGreaterThan(0)
    expect([(jpg[sof + 5]! << 8) | jpg[sof + 6]!, (jpg[sof + 7]! << 8) | jpg[sof + 8]!, jpg[sof + 9]]).toEqual([240, 320, 3])
    expect([...jpg.subarray(-2)]).toEqual([0xff, 0xd9])
  })

  it('the MP4: ftyp, moov before mdat, an avc1 track with avcC and one sync sample; the chunk offset points into mdat', () => {
    const mp4 = byName('x1-unlock.mp4')
    const boxes: string[] = []
    for (let at = 0; at < mp4.length; at += u32(mp4, at)) boxes.push(new TextDecoder().decode(mp4.subarray(at + 4, at + 8)))
    expect(boxes).toEqual(['ftyp', 'moov', 'mdat'])
    const text = Buffer.from(mp4).toString('latin1')
    for (const box of ['mvhd', 'tkhd', 'mdhd', 'hdlr', 'vmhd', 'stsd', 'avc1', 'avcC', 'stts', 'stss', 'stsc', 'stsz', 'stco'])
      expect(text, box).toContain(box)
    const stco = text.indexOf('stco')
    const offset = u32(mp4, stco + 12)
    expect(text.slice(offset - 4, offset)).toBe('mdat')
    // The first sample is the IDR picture: a 4-byte length, then NAL header type 5.
    expect(mp4[offset + 4]! & 0x1f).toBe(5)
    const stss = text.indexOf('stss')
    expect([u32(mp4, stss + 8), u32(mp4, stss + 12)]).toEqual([1, 1])
  })

  it('the PDF: every xref offset points at its object, and the text names the products', () => {
    const pdf = Buffer.from(byName('price-list-2025.pdf')).toString('latin1')
    const xref = Number(/startxref\n(\d+)/.exec(pdf)![1])
    expect(pdf.slice(xref, xref + 4)).toBe('xref')
    const entries = pdf
      .slice(xref)
      .split('\n')
      .slice(3)
      .filter((l) => / n $/.test(l))
    expect(entries.length).toBe(10)
    entries.forEach((line, i) => {
      const head = `${i + 1} 0 obj\n`
      expect(pdf.slice(Number(line.slice(0, 10)), Number(line.slice(0, 10)) + head.length)).toBe(head)
    })
    expect(pdf).toContain('(X1 Pro) Tj')
    expect(pdf).toContain('/STSong-Light')
  })

  it('the xlsx: a zip whose entries inflate to the sheet parts with matching CRCs', () => {
    const zip = Buffer.from(byName('install-booking.xlsx'))
    const names: string[] = []
    let at = 0
    while (zip.readUInt32LE(at) === 0x04034b50) {
      const crc = zip.readUInt32LE(at + 14)
      const packed = zip.readUInt32LE(at + 18)
      const nameLen = zip.readUInt16LE(at + 26)
      const name = zip.toString('utf8', at + 30, at + 30 + nameLen)
      const data = inflateRawSync(zip.subarray(at + 30 + nameLen, at + 30 + nameLen + packed))
      expect(crc32(data), name).toBe(crc)
      if (name === 'xl/worksheets/sheet1.xml') expect(data.toString()).toContain('<t>客户姓名</t>')
      names.push(name)
      at += 30 + nameLen + packed
    }
    expect(names).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/worksheets/sheet1.xml',
    ])
  })
})

describe('deflate', () => {
  it('round-trips through zlib: empty, runs, text and noise', () => {
    let seed = 7
    const noise = Uint8Array.from({ length: 70_000 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24)
    const cases = [new Uint8Array(0), new Uint8Array(100_000).fill(9), new TextEncoder().encode('星禾智能家居 '.repeat(5000)), noise]
    for (const data of cases) {
      expect(Buffer.compare(inflateRawSync(deflateRaw(data)), Buffer.from(data))).toBe(0)
      expect(Buffer.compare(inflateSync(zlibDeflate(data)), Buffer.from(data))).toBe(0)
    }
    expect(deflateRaw(new Uint8Array(100_000).fill(9)).length).toBeLessThan(1000)
  })
})
