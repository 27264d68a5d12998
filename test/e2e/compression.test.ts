/**
 * Every script, stylesheet and page of the real build goes out brotli or gzip when the browser asks, and decodes to
 * the build's own bytes (the proxy's promise of compressed transfer, held against the build the other tests use).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { request } from 'node:http'
import { describe, expect, inject, it } from 'vitest'

const base = inject('e2eServer').base
const dir = inject('e2eClientDir')

function files(at: string): string[] {
  return readdirSync(at).flatMap((name) => {
    const path = join(at, name)
    return statSync(path).isDirectory() ? files(path) : /\.(js|css|html)$/.test(name) ? [path] : []
  })
}

/** A raw GET (fetch would decode the body itself). */
function get(path: string, acceptEncoding: string): Promise<{ status: number; encoding?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('compressed transfer of the real build', () => {
  it('answers every JS, CSS and HTML file brotli or gzip as asked, decoding to the built bytes', async () => {
    const all = files(dir)
    expect(all.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(10)
    for (const file of all) {
      const path = `/${relative(dir, file)}`
      const built = readFileSync(file)
      for (const [asked, expected, decode] of [
        ['br, gzip', 'br', brotliDecompressSync],
        ['gzip', 'gzip', gunzipSync],
      ] as const) {
        const res = await get(path, asked)
        expect(res.status, path).toBe(200)
        expect(res.encoding, `${path} (${asked})`).toBe(expected)
        expect(decode(res.body).equals(built), path).toBe(true)
      }
    }
  })
})
