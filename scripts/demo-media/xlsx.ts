import { crc32, deflateRaw } from './deflate.js'
import { concat } from './png.js'

/**
 * A one-sheet .xlsx: the smallest set of Office Open XML parts Excel, WPS and Numbers open, cells as inline
 * strings (no shared-strings part, no styles), in a zip written here with fixed timestamps so the bytes never drift.
 */

const le16 = (v: number) => [v & 0xff, (v >> 8) & 0xff]
const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]
// DOS time 00:00, date 1980-01-01: the epoch of the zip format.
const DOS_TIME = 0
const DOS_DATE = (0 << 9) | (1 << 5) | 1

export function zip(files: Array<{ name: string; data: Uint8Array }>): Uint8Array {
  const locals: Uint8Array[] = []
  const central: Uint8Array[] = []
  let offset = 0
  for (const f of files) {
    const name = new TextEncoder().encode(f.name)
    const packed = deflateRaw(f.data)
    const crc = crc32(f.data)
    // Version 2.0, UTF-8 names (bit 11), deflate.
    const common = [
      ...le16(20),
      ...le16(0x0800),
      ...le16(8),
      ...le16(DOS_TIME),
      ...le16(DOS_DATE),
      ...le32(crc),
      ...le32(packed.length),
      ...le32(f.data.length),
      ...le16(name.length),
      ...le16(0),
    ]
    const local = concat([Uint8Array.from([...le32(0x04034b50), ...common]), name, packed])
    central.push(
      concat([
        Uint8Array.from([...le32(0x02014b50), ...le16(20), ...common, ...le16(0), ...le16(0), ...le16(0), ...le32(0), ...le32(offset)]),
        name,
      ]),
    )
    locals.push(local)
    offset += local.length
  }
  const dir = concat(central)
  const end = Uint8Array.from([
    ...le32(0x06054b50),
    ...le16(0),
    ...le16(0),
    ...le16(files.length),
    ...le16(files.length),
    ...le32(dir.length),
    ...le32(offset),
    ...le16(0),
  ])
  return concat([...locals, dir, end])
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships'

/** Column letters for a 0-based index (0 → A, 26 → AA). */
function column(i: number): string {
  let s = ''
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

export function writeXlsx(sheetName: string, rows: string[][], columnWidths: number[]): Uint8Array {
  const cells = rows
    .map(
      (row, r) =>
        `<row r="${r + 1}">${row.map((v, c) => `<c r="${column(c)}${r + 1}" t="inlineStr"><is><t>${xmlText(v)}</t></is></c>`).join('')}</row>`,
    )
    .join('')
  const cols = columnWidths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '</Types>',
    '_rels/.rels': `${HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `${HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `${HEAD}<worksheet xmlns="${MAIN}"><cols>${cols}</cols><sheetData>${cells}</sheetData></worksheet>`,
  }
  return zip(Object.entries(parts).map(([name, text]) => ({ name, data: new TextEncoder().encode(text) })))
}
