// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { en, enLater } from './en/index.js'
import { zhCN, zhCNLater } from './zh-CN/index.js'

// The types make a missing key an error; this checks what types cannot: the same keys at run time (a table typed
// loosely, an array of steps one item short) and the same {placeholders} in each string, so no value goes missing.

type Table = Record<string, unknown>

async function full(now: Table, later: Record<string, () => Promise<Table>>): Promise<Table> {
  const areas = await Promise.all(Object.entries(later).map(async ([area, load]) => [area, (await load())[area]]))
  return { ...now, ...Object.fromEntries(areas) }
}

function leaves(node: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof node === 'string') out.set(path, node)
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) leaves(v, path ? `${path}.${k}` : k, out)
  return out
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('zh-CN and en', async () => {
  const zh = leaves(await full(zhCN, zhCNLater as never))
  const english = leaves(await full(en, enLater as never))

  it('have the same keys, array items included', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort())
    expect(zh.size).toBeGreaterThan(500)
  })

  it('use the same {placeholders} in every string', () => {
    const different = [...zh].filter(([key, text]) => placeholders(text).join() !== placeholders(english.get(key) ?? '').join())
    expect(different).toEqual([])
  })

  it('English has no Chinese left in it', () => {
    const han = [...english].filter(([, text]) => /\p{Script=Han}/u.test(text))
    expect(han).toEqual([])
  })
})

describe("English words for the proxy's refusals", () => {
  it('name codes the proxy answers with', async () => {
    const { readFileSync, readdirSync } = await import('node:fs')
    const { errors } = await import('./en/errors.js')
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(`${dir}/${e.name}`) : [`${dir}/${e.name}`]))
    const server = files('server')
      .concat(files('contracts'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
    // `CODE.variant` is a wording of CODE; `VENDOR_X` stands for each vendor's `${prefix}_X` (server/upstream/errors.ts).
    const named = (key: string) => {
      const code = key.split('.')[0]!
      return code.startsWith('VENDOR_') && code !== 'VENDOR_UNAVAILABLE'
        ? server.includes(`_${code.slice(7)}\``)
        : server.includes(`'${code}'`)
    }
    expect(Object.keys(errors).filter((key) => !named(key))).toEqual([])
  })

  it("and for the contracts' checks: no Chinese (src/i18n/en/contract-words.test.ts holds them to the checks)", async () => {
    const { contractTexts } = await import('./en/errors.js')
    const texts = [...Object.values(contractTexts.words), ...Object.values(contractTexts.fields)]
    expect(texts.filter((text) => /\p{Script=Han}/u.test(text))).toEqual([])
  })
})
