/** Library files for the cluster test: made up, uploaded at one instance, read back whole and in ranges at any. */
import { createHash, randomBytes } from 'node:crypto'
import type { Instance } from './cluster.js'
import { call, type Jar, type Tally } from './client.js'

export interface Upload {
  fileId: string
  name: string
  bytes: Buffer
  /** The instance that took the upload. */
  uploadedOn: number
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 12)

/** PDFs (the type is read from the bytes) of a few sizes, random inside so no two runs or files share bytes. */
export function makeFiles(run: string) {
  const sizes = [1_300_000, 2_700_000, 420_000]
  return sizes.map((size, i) => {
    const head = Buffer.from(`%PDF-1.7\n% cluster ${run} file ${i}\n`)
    const bytes = Buffer.concat([head, randomBytes(size - head.length - 6), Buffer.from('\n%%EOF')])
    const name = `价目表-${i}.pdf`
    return {
      name,
      bytes,
      async upload(tally: Tally, publicUrl: string, inst: Instance, admin: Jar): Promise<Upload> {
        const form = new FormData()
        form.append('file', new Blob([bytes], { type: 'application/pdf' }), name)
        const answer = await call(tally, publicUrl, inst, 'POST', '/api/material-files', { jar: admin, form, what: 'upload' })
        if (answer.status !== 201) throw new Error(`upload ${name} at ${inst.index}: ${answer.status} ${answer.error ?? answer.body}`)
        const { fileId, size } = answer.json<{ fileId: string; size: number }>()
        if (size !== bytes.length) throw new Error(`upload ${name}: stored ${size} bytes of ${bytes.length}`)
        return { fileId, name, bytes, uploadedOn: inst.index }
      },
    }
  })
}

/** The ranges a check asks for: a few fixed edges and one that moves with `n`. */
function rangesFor(size: number, n: number): Array<[number, number | null]> {
  const moving = ((n < 0 ? 4242 : n) * 7919 * 131) % (size - 1000)
  const all: Array<[number, number | null]> = [
    [0, 0],
    [size - 1, size - 1],
    [moving, moving + 999],
    [Math.floor(size / 2), null],
  ]
  return n < 0 ? all : [all[n % all.length]!]
}

/**
 * Reads `up` from `inst`: the whole file (n < 0, or every fourth n) and byte ranges, each compared byte for byte.
 * Answers ok, or what differed; a connection that fails (a killed instance) is not ok either.
 */
export async function checkFile(tally: Tally, inst: Instance, up: Upload, n: number): Promise<{ ok: boolean; detail: string }> {
  const path = `/files/${up.fileId}/${encodeURIComponent(up.name)}`
  const problems: string[] = []
  if (n < 0 || n % 4 === 0) {
    const whole = await call(tally, '', inst, 'GET', path, { what: 'download' })
    if (whole.status !== 200) problems.push(`whole: ${whole.status}${whole.error ? ` ${whole.error}` : ''}`)
    else if (!whole.body.equals(up.bytes))
      problems.push(`whole: ${whole.body.length} bytes ${sha(whole.body)}, want ${up.bytes.length} ${sha(up.bytes)}`)
  }
  for (const [from, to] of rangesFor(up.bytes.length, n)) {
    const range = `bytes=${from}-${to ?? ''}`
    const part = await call(tally, '', inst, 'GET', path, { headers: { range }, what: 'download' })
    const want = up.bytes.subarray(from, to === null ? undefined : to + 1)
    const end = to ?? up.bytes.length - 1
    if (part.status !== 206) problems.push(`${range}: ${part.status}${part.error ? ` ${part.error}` : ''}`)
    else if (part.headers.get('content-range') !== `bytes ${from}-${end}/${up.bytes.length}`)
      problems.push(`${range}: content-range ${part.headers.get('content-range')}`)
    else if (!part.body.equals(want)) problems.push(`${range}: ${part.body.length} bytes differ`)
  }
  return { ok: problems.length === 0, detail: problems.join('; ') || 'ok' }
}
