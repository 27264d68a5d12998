import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { AXIOS_STUBS, axiosUtilsByName, trimAxiosModule } from './axios-trim.js'

// The build rewrites axios's own modules and stubs a few (scripts/axios-trim.ts): these tests run that on the
// installed axios, so an axios update that changes what it relies on fails here rather than in a browser.
const lib = join(dirname(createRequire(import.meta.url).resolve('axios/package.json')), 'lib')
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]))
const sources = files(lib).filter((f) => f.endsWith('.js'))

/** A copy of axios/lib with the rewrite applied to every module, as the build sees it. */
const copy = mkdtempSync(join(tmpdir(), 'axios-trim-'))
cpSync(lib, join(copy, 'lib'), { recursive: true })
writeFileSync(join(copy, 'package.json'), JSON.stringify({ type: 'module' }))
for (const file of sources) {
  const out = trimAxiosModule(relative(lib, file), readFileSync(file, 'utf8'))
  if (out !== undefined) writeFileSync(join(copy, 'lib', relative(lib, file)), out)
}
afterAll(() => rmSync(copy, { recursive: true, force: true }))
const load = (path: string) => import(pathToFileURL(join(copy, 'lib', path)).href)

describe("axios's helpers by name", () => {
  it('imports the helpers as a namespace in every module that used the helpers object', () => {
    const importers = sources.filter((f) => /^import utils from/m.test(readFileSync(f, 'utf8')) && !AXIOS_STUBS[relative(lib, f)])
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
})

describe("toFormData's flat stub", () => {
  const untouched = (path: string) => import(pathToFileURL(join(lib, path)).href)
  type BuildURL = { default: (u: string, p: unknown) => string }

  it('serializes the query params the sidebar sends as the untouched axios does', async () => {
    // Every shape src/api/ passes as `params` (flat strings and numbers, some undefined), and flat values axios
    // converts (null, booleans, Dates, keys with spaces, characters to escape).
    const cases: Record<string, unknown>[] = [
      { refresh: '1' },
      { contact: 'wmXyz_客户-01' },
      { q: "客户 a&b=c?#%+~!*()'", folder: '3', kind: 'image' },
      { contact: 'wm1', group: undefined, friend: undefined, cursor: 'MjAyNi0xMi0wMw==', limit: 20 },
      { none: null, yes: true, no: false, at: new Date(0), ' padded ': 'x', zero: 0, empty: '' },
    ]
    const original = ((await untouched('helpers/buildURL.js')) as BuildURL).default
    const trimmed = ((await load('helpers/buildURL.js')) as BuildURL).default
    for (const params of cases) expect(trimmed('/sends?x=1#top', params)).toBe(original('/sends?x=1#top', params))
    expect(trimmed('/materials', cases[2])).toBe("/materials?q=%E5%AE%A2%E6%88%B7+a%26b%3Dc%3F%23%25%2B~!*()'&folder=3&kind=image")
  })

  it('urlencodes a flat body as the untouched axios does', async () => {
    type Encode = { default: (d: unknown) => URLSearchParams }
    const body = { name: '客户 a&b', n: 3, ok: true, skip: undefined }
    const original = ((await untouched('helpers/toURLEncodedForm.js')) as Encode).default(body).toString()
    expect(((await load('helpers/toURLEncodedForm.js')) as Encode).default(body).toString()).toBe(original)
  })

  it('refuses nested params and arrays instead of sending them differently', async () => {
    const trimmed = ((await load('helpers/buildURL.js')) as BuildURL).default
    expect(() => trimmed('/x', { nested: { kind: 'image' } })).toThrow(/left out of this build/)
    expect(() => trimmed('/x', { list: [1, 2] })).toThrow(/left out of this build/)
    expect(() => trimmed('/x', 'q=1')).toThrow(TypeError)
  })

  it('refuses an axios whose helpers object no longer looks as expected', () => {
    expect(() => axiosUtilsByName('utils.js', 'export default helpers;\n')).toThrow(/axios-trim/)
  })
})
