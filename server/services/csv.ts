/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. Enough for an admin's spreadsheet export. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const src = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows.filter((r) => !(r.length === 1 && r[0]!.trim() === ''))
}

/** A field as RFC 4180 has it: quoted when it holds a comma, a quote or a line break. */
const field = (v: string | number | null) => {
  const text = v === null ? '' : String(v)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * Rows as a CSV file a spreadsheet opens as it is: UTF-8 with a byte-order mark (without one, Excel reads Chinese
 * headers as the local code page) and CRLF line ends.
 */
export function toCsv(rows: (string | number | null)[][]): string {
  return '\uFEFF' + rows.map((r) => r.map(field).join(',') + '\r\n').join('')
}
