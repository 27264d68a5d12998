import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { precompressDir } from './precompress.js'

describe('precompressDir', () => {
  it('writes .br and .gz beside each text file large enough, in every folder, and leaves pictures and tiny text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'precompress-'))
    mkdirSync(join(dir, 'assets'))
    const js = 'export const greeting = "您好";\n'.repeat(200)
    writeFileSync(join(dir, 'assets', 'app.js'), js)
    writeFileSync(join(dir, 'index.html'), `<!doctype html>${'<p>x</p>'.repeat(60)}`)
    writeFileSync(join(dir, 'tiny.txt'), 'a{}')
    writeFileSync(join(dir, 'assets', 'photo.png'), Buffer.alloc(4096, 7))
    const total = precompressDir(dir)
    expect(total.files).toBe(2)
    expect(brotliDecompressSync(readFileSync(join(dir, 'assets', 'app.js.br'))).toString()).toBe(js)
    expect(gunzipSync(readFileSync(join(dir, 'assets', 'app.js.gz'))).toString()).toBe(js)
    expect(existsSync(join(dir, 'index.html.br'))).toBe(true)
    expect(existsSync(join(dir, 'tiny.txt.br'))).toBe(false)
    expect(existsSync(join(dir, 'assets', 'photo.png.br'))).toBe(false)
    expect(total.brotli).toBeLessThan(total.bytes / 5)
  })

  it('always writes both copies of a script, a stylesheet and a page, however small', () => {
    const dir = mkdtempSync(join(tmpdir(), 'precompress-'))
    const files = { 'shared.js': 'import{t as e}from"./a.js";export{e as t};', 'tiny.css': 'a{}', 'p.html': '<p>x</p>' }
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    precompressDir(dir)
    for (const [name, text] of Object.entries(files)) {
      expect(brotliDecompressSync(readFileSync(join(dir, `${name}.br`))).toString(), name).toBe(text)
      expect(gunzipSync(readFileSync(join(dir, `${name}.gz`))).toString(), name).toBe(text)
    }
  })
})
