import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { BUDGET, measureInitialBundle, report } from './bundle-budget.js'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

function fakeDist(files: Record<string, string | Buffer>, html: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'budget-'))
  dirs.push(dir)
  mkdirSync(join(dir, 'assets'))
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body)
  writeFileSync(join(dir, 'index.html'), html)
  return dir
}

const page = `<script type="module" crossorigin src="/assets/index.js"></script>
<link rel="modulepreload" crossorigin href="/assets/vendor.js"><link rel="stylesheet" crossorigin href="/assets/index.css">`

describe('the first-load budget', () => {
  it('counts the entry, its preloads and the stylesheets, not lazy chunks', () => {
    const dir = fakeDist(
      { 'assets/index.js': 'a'.repeat(1000), 'assets/vendor.js': 'b', 'assets/index.css': 'c', 'assets/lazy.js': randomBytes(200_000) },
      page,
    )
    const bundle = measureInitialBundle(dir)
    expect(bundle.js.map((f) => f.file)).toEqual(['/assets/index.js', '/assets/vendor.js'])
    expect(bundle.css.map((f) => f.file)).toEqual(['/assets/index.css'])
    expect(bundle.jsGzip).toBeLessThan(200)
    expect(report(bundle).ok).toBe(true)
  })

  it('fails when the JS is over budget (incompressible bytes stand in for code)', () => {
    const dir = fakeDist({ 'assets/index.js': randomBytes(BUDGET.js + 1024), 'assets/vendor.js': '', 'assets/index.css': '' }, page)
    const { ok, lines } = report(measureInitialBundle(dir))
    expect(ok).toBe(false)
    expect(lines[0]).toContain('OVER BUDGET')
  })

  it('fails when the CSS is over budget', () => {
    const dir = fakeDist({ 'assets/index.js': '', 'assets/vendor.js': '', 'assets/index.css': randomBytes(BUDGET.css + 1024) }, page)
    expect(report(measureInitialBundle(dir)).ok).toBe(false)
  })
})
