import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/** Text the sidebar is made of; fonts, pictures and videos are compressed formats already. */
const COMPRESSIBLE = /\.(html|js|mjs|css|svg|json|md|txt|webmanifest)$/
/** Below this a compressed copy saves less than the encoding header costs… */
const MIN_BYTES = 256
/**
 * …but the page, its scripts and its stylesheets always get both copies, however small (a 90-byte chunk of shared
 * imports is one): every one of them goes out compressed when the browser asks, a few bytes more at worst.
 */
const ALWAYS = /\.(html|js|mjs|css)$/

export interface Precompressed {
  files: number
  bytes: number
  brotli: number
  gzip: number
}

/**
 * Writes `<file>.br` (brotli, best quality) and `<file>.gz` (gzip, level 9) beside every compressible file of `dir`,
 * once at build time, so the proxy serves them by Accept-Encoding without compressing anything per request
 * (@fastify/static `preCompressed`). Other text whose compressed copy would not be smaller keeps only itself.
 */
export function precompressDir(dir: string): Precompressed {
  const total: Precompressed = { files: 0, bytes: 0, brotli: 0, gzip: 0 }
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) {
      const sub = precompressDir(path)
      for (const k of Object.keys(total) as (keyof Precompressed)[]) total[k] += sub[k]
      continue
    }
    if (!COMPRESSIBLE.test(name)) continue
    const bytes = readFileSync(path)
    const always = ALWAYS.test(name)
    if (bytes.length < MIN_BYTES && !always) continue
    const br = brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    })
    const gz = gzipSync(bytes, { level: 9 })
    if (always || br.length < bytes.length) writeFileSync(`${path}.br`, br)
    if (always || gz.length < bytes.length) writeFileSync(`${path}.gz`, gz)
    total.files++
    total.bytes += bytes.length
    total.brotli += Math.min(br.length, bytes.length)
    total.gzip += Math.min(gz.length, bytes.length)
  }
  return total
}
