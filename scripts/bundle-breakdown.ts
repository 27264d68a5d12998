import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { measureInitialBundle } from './bundle-budget.js'

// What the first load is made of: builds the sidebar with source maps into a temporary folder and attributes every
// byte of the initial chunks (the entry and its modulepreloads) to the package or folder it came from.
//   npx tsx scripts/bundle-breakdown.ts          (docs/performance.md keeps the latest table)

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Decodes one source-map `mappings` line into [generated column, source index] pairs (Base64 VLQ). */
export function decodeLine(line: string, state: { source: number }): [number, number][] {
  const out: [number, number][] = []
  let column = 0
  for (const segment of line.split(',')) {
    if (!segment) continue
    const values: number[] = []
    let value = 0
    let shift = 0
    for (const ch of segment) {
      const digit = B64.indexOf(ch)
      value += (digit & 31) << shift
      if (digit & 32) shift += 5
      else {
        values.push(value & 1 ? -(value >>> 1) : value >>> 1)
        value = 0
        shift = 0
      }
    }
    column += values[0]!
    if (values.length >= 4) {
      state.source += values[1]!
      out.push([column, state.source])
    } else out.push([column, -1])
  }
  return out
}

/** The group a source belongs to: a package, the i18n tables, the contracts, or our own code. */
export function groupOf(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1]
  if (pkg) {
    if (pkg.startsWith('@vue/') || pkg === 'vue') return 'vue'
    if (pkg === 'zod') return 'zod (zod/mini)'
    return pkg
  }
  if (/\/src\/i18n\//.test(source)) return 'i18n (src/i18n)'
  if (/\/contracts\//.test(source)) return 'contracts (zod schemas)'
  if (/\/src\//.test(source)) return 'our code (src/)'
  if (source.includes('vite') || source.startsWith('\0') || source.includes('preload-helper')) return 'vite runtime'
  return 'other'
}

export interface Breakdown {
  group: string
  bytes: number
  /** The group's own code gzipped on its own: an estimate (gzip shares a window across groups in a real chunk). */
  gzip: number
}

/** Attributes the bytes of the given built files to groups by their source maps. */
export function breakdown(dir: string, files: string[], by: (source: string) => string = groupOf): Breakdown[] {
  const parts = new Map<string, string[]>()
  for (const file of files) {
    const code = readFileSync(join(dir, file), 'utf8')
    // A chunk of only bundler helpers (class-field polyfills for the es2020 target) has no map.
    if (!existsSync(join(dir, `${file}.map`))) {
      const list = parts.get('bundler helpers') ?? parts.set('bundler helpers', []).get('bundler helpers')!
      list.push(code)
      continue
    }
    const map = JSON.parse(readFileSync(join(dir, `${file}.map`), 'utf8')) as { sources: string[]; mappings: string }
    const lines = code.split('\n')
    const state = { source: 0 }
    map.mappings.split(';').forEach((mapping, i) => {
      const line = lines[i] ?? ''
      const segments = decodeLine(mapping, state)
      segments.forEach(([column, source], j) => {
        const end = j + 1 < segments.length ? segments[j + 1]![0] : line.length
        const group = source >= 0 ? by(map.sources[source] ?? '') : 'unmapped'
        const list = parts.get(group) ?? parts.set(group, []).get(group)!
        list.push(line.slice(column, end))
      })
    })
  }
  return [...parts]
    .map(([group, list]) => {
      const text = list.join('')
      return { group, bytes: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length }
    })
    .sort((a, b) => b.bytes - a.bytes)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { build } = await import('vite')
  const out = mkdtempSync(join(tmpdir(), 'sidebar-breakdown-'))
  try {
    await build({ logLevel: 'warn', build: { outDir: out, emptyOutDir: true, sourcemap: true } })
    const initial = measureInitialBundle(out)
    const files = initial.js.map((f) => f.file.replace(/^\//, ''))
    // --files: one row per source file instead of per package (to see what a package brings).
    const perFile = process.argv.includes('--files')
    const rows = breakdown(out, files, perFile ? (s) => s.replace(/^.*node_modules\//, '') : groupOf)
    const total = rows.reduce((a, r) => a + r.bytes, 0)
    const kb = (n: number) => (n / 1024).toFixed(1)
    console.log(`first-load JS: ${kb(initial.jsGzip)} KB gzip in ${files.length} files (${files.join(', ')})`)
    console.log('| part | minified KB | share | gzip KB (alone) |')
    console.log('| --- | ---: | ---: | ---: |')
    for (const r of rows) console.log(`| ${r.group} | ${kb(r.bytes)} | ${((r.bytes / total) * 100).toFixed(0)} % | ${kb(r.gzip)} |`)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}
