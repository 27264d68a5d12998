import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { axiosUtilsByName } from './axios-trim.js'

// The build rewrites axios's own modules (scripts/axios-trim.ts): these tests run that rewrite on the installed
// axios, so an axios update that changes what it relies on fails here rather than in a browser.
const lib = join(dirname(createRequire(import.meta.url).resolve('axios/package.json')), 'lib')
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]))
const sources = files(lib).filter((f) => f.endsWith('.js'))

/** A copy of axios/lib with the rewrite applied to every module, as the build sees it. */
const copy = mkdtempSync(join(tmpdir(), 'axios-trim-'))
cpSync(lib, join(copy, 'lib'), { recursive: true })
writeFileSync(join(copy, 'package.json'), JSON.stringify({ type: 'module' }))
for (const file of sources) {
  const out = axiosUtilsByName(relative(lib, file), readFileSync(file, 'utf8'))
  if (out !== undefined) writeFileSync(join(copy, 'lib', relative(lib, file)), out)
}
afterAll(() => rmSync(copy, { recursive: true, force: true }))
const load = (path: string) => import(pathToFileURL(join(copy, 'lib', path)).href)

describe("axios's helpers by name", () => {
  it('imports the helpers as a namespace in every module that used the helpers object', () => {
    const importers = sources.filter((f) => /^import utils from/m.test(readFileSync(f, 'utf8')))
    expect(importers.length).toBeGreaterThan(20)
    for (const file of importers) {
      const out = readFileSync(join(copy, 'lib', relative(lib, file)), 'utf8')
      expect(out, relative(lib, file)).not.toMatch(/^import utils from/m)
      expect(out, relative(lib, file)).toMatch(/^import \* as utils from '(\.\.?\/)+utils\.js';/m)
    }
  })

  it('exports every helper of the object by its name, the very same function', async () => {
    const utils = (await load('utils.js')) as Record<string, unknown> & { default: Record<string, unknown> }
    const keys = Object.keys(utils.default)
    expect(keys).toEqual(expect.arrayContaining(['forEach', 'merge', 'isFormData', 'hasOwnProp', 'global', 'setImmediate']))
    for (const key of keys) expect(utils[key], key).toBe(utils.default[key])
  })

  it('serializes query params as the untouched axios does (AxiosURLSearchParams, toFormData)', async () => {
    const params = { q: '客户 a&b', folder: 3, list: [1, 2], nested: { kind: 'image' }, none: undefined, at: new Date(0) }
    const original = (await import(pathToFileURL(join(lib, 'helpers/buildURL.js')).href)) as { default: (u: string, p: unknown) => string }
    const trimmed = (await load('helpers/buildURL.js')) as { default: (u: string, p: unknown) => string }
    expect(trimmed.default('/materials', params)).toBe(original.default('/materials', params))
    expect(trimmed.default('/materials', params)).toContain('q=%E5%AE%A2%E6%88%B7+a%26b')
  })

  it('refuses an axios whose helpers object or toFormData no longer looks as expected', () => {
    expect(() => axiosUtilsByName('utils.js', 'export default helpers;\n')).toThrow(/axios-trim/)
    expect(() => axiosUtilsByName('helpers/toFormData.js', "import utils from '../utils.js';\nconst predicates = {};\n")).toThrow(
      /axios-trim/,
    )
  })
})
