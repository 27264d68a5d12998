import { readFileSync } from 'node:fs'
import { parseAst } from 'rolldown/parseAst'
import type { Plugin } from 'vite'

/**
 * Vue's DOM runtime (`@vue/runtime-dom`) is one module, and a bundler puts a module in one chunk whole: its
 * Transition, TransitionGroup, v-model and v-show directives and event modifiers (≈ 2.7 KB gzip), which only the lazy
 * views use (Vant's popups, the forms), were in the first chunk because the first paint uses `createApp` from the
 * same file. The build splits that file in two modules: what `createApp` needs stays, the rest (the exports named in
 * LATER and every top-level statement only they reach) becomes `vue-dom-later`, which imports what it shares from
 * the first part. Modules that import those names from `vue` import them from the second part instead, so it is in
 * the first chunk only if the first paint uses one of them. The code itself is Vue's, unchanged, and one instance.
 */
export const LATER = [
  'Transition',
  'TransitionGroup',
  'vModelCheckbox',
  'vModelDynamic',
  'vModelRadio',
  'vModelSelect',
  'vModelText',
  'vShow',
  'withKeys',
  'withModifiers',
  'initDirectivesForSSR',
  'VueElement',
  'defineCustomElement',
  'defineSSRCustomElement',
  'useCssModule',
  'useCssVars',
  'useHost',
  'useShadowRoot',
]
export const LATER_ID = 'vue-dom-later'
/** The prefix of the names the first part exports for the second (none of Vue's own exports starts with it). */
const SHARED = '__vueDomShared_'

interface Node {
  type: string
  start: number
  end: number
  [key: string]: unknown
}

/** Every identifier name in a subtree (over-approximate: property keys too, which only keeps more together). */
function names(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) names(n, out)
  else if (node && typeof node === 'object') {
    const n = node as Node
    if (n.type === 'Identifier' && typeof n.name === 'string') out.add(n.name)
    for (const key in n) if (key !== 'type' && key !== 'start' && key !== 'end') names(n[key], out)
  }
  return out
}

/** The names a top-level statement declares. */
function declared(s: Node): string[] {
  if (s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') return [(s.id as { name: string }).name]
  if (s.type === 'VariableDeclaration') return (s.declarations as { id: unknown }[]).flatMap((d) => [...names(d.id)])
  return []
}

/**
 * Splits runtime-dom's module text: `first` is the module with the LATER exports and what only they reach taken out
 * (and the bindings the second part shares exported under SHARED names); `later` is those statements as a module of
 * their own, importing what they use from `self` (the first part) and from Vue's other packages.
 */
export function splitRuntimeDom(code: string, self: string): { first: string; later: string; moved: string[] } {
  const body = (parseAst(code) as unknown as { body: Node[] }).body
  const imported = new Map<string, { source: string; name: string }>()
  const declaredBy = new Map<string, number>()
  let exportList: Node | undefined
  body.forEach((s, i) => {
    if (s.type === 'ImportDeclaration')
      for (const spec of s.specifiers as Node[]) {
        if (spec.type !== 'ImportSpecifier')
          throw new Error(`vue-dom-split: unexpected import in runtime-dom: ${code.slice(s.start, s.end)}`)
        const name = (spec.imported as { name: string }).name
        imported.set((spec.local as { name: string }).name, { source: (s.source as { value: string }).value, name })
      }
    else if (s.type === 'ExportNamedDeclaration' && !s.declaration && !s.source) exportList = s
    for (const name of declared(s)) declaredBy.set(name, i)
  })
  if (!exportList) throw new Error('vue-dom-split: runtime-dom no longer ends with one export list; update scripts/vue-dom-split.ts')
  const exported = new Map<string, string>() // exported name → local name
  for (const spec of exportList.specifiers as Node[])
    exported.set((spec.exported as { name: string }).name, (spec.local as { name: string }).name)
  for (const name of LATER)
    if (!exported.has(name)) throw new Error(`vue-dom-split: runtime-dom no longer exports ${name}; update scripts/vue-dom-split.ts`)

  const refs = body.map((s) => names(s))
  const closure = (roots: number[]) => {
    const seen = new Set<number>()
    const stack = [...roots]
    while (stack.length) {
      const i = stack.pop()!
      if (seen.has(i)) continue
      seen.add(i)
      for (const name of refs[i]!) {
        const j = declaredBy.get(name)
        if (j !== undefined && !seen.has(j)) stack.push(j)
      }
    }
    return seen
  }
  const statementOf = (exportedName: string) => declaredBy.get(exported.get(exportedName)!)!
  // What stays: the other exports and every statement that runs for its effect (not a declaration).
  const keptRoots = [
    ...[...exported.keys()].filter((n) => !LATER.includes(n)).map(statementOf),
    ...body.flatMap((s, i) => (declared(s).length || s.type.endsWith('Declaration') ? [] : [i])),
  ]
  const kept = closure(keptRoots)
  const moved = [...closure(LATER.map(statementOf))].filter((i) => !kept.has(i)).sort((a, b) => a - b)
  const movedSet = new Set(moved)

  // What the moved statements use: Vue's other packages directly, the first part's bindings through SHARED names.
  const used = new Set(moved.flatMap((i) => [...refs[i]!]))
  const fromPackages = new Map<string, string[]>()
  const shared: string[] = []
  for (const name of used) {
    const imp = imported.get(name)
    if (imp) fromPackages.set(imp.source, [...(fromPackages.get(imp.source) ?? []), `${imp.name} as ${name}`])
    else {
      const j = declaredBy.get(name)
      if (j !== undefined && !movedSet.has(j)) shared.push(name)
    }
  }
  const later = [
    ...[...fromPackages].map(([source, specs]) => `import { ${specs.join(', ')} } from ${JSON.stringify(source)};`),
    shared.length ? `import { ${shared.map((n) => `${SHARED}${n} as ${n}`).join(', ')} } from ${JSON.stringify(self)};` : '',
    ...moved.map((i) => code.slice(body[i]!.start, body[i]!.end)),
    `export { ${LATER.map((n) => (exported.get(n) === n ? n : `${exported.get(n)} as ${n}`)).join(', ')} };`,
  ].join('\n')

  // The first part: the same text with the moved statements blanked (newlines kept, so positions of lines hold).
  let first = ''
  let at = 0
  for (const i of moved) {
    first += code.slice(at, body[i]!.start) + code.slice(body[i]!.start, body[i]!.end).replace(/[^\n]/g, '')
    at = body[i]!.end
  }
  first += code.slice(at, exportList.start)
  const keptExports = [...exported].filter(([n]) => !LATER.includes(n)).map(([n, local]) => (n === local ? n : `${local} as ${n}`))
  first += `export { ${[...keptExports, ...shared.map((n) => `${n} as ${SHARED}${n}`)].join(', ')} };` + code.slice(exportList.end)
  return { first, later, moved: moved.flatMap((i) => declared(body[i]!)) }
}

/**
 * Rewrites `import { …, vShow as _vShow, … } from "vue"` (and from "@vue/runtime-dom") so the LATER names come from
 * the second part. Undefined when the module imports none of them.
 */
export function importLaterFromItsModule(code: string): string | undefined {
  let changed = false
  const out = code.replace(/import\s*\{([^}]*)\}\s*from\s*(["'])(vue|@vue\/runtime-dom)\2;?/g, (all, specs: string, q: string) => {
    const list = specs
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    const isLater = (s: string) => LATER.includes(s.split(/\s+as\s+/)[0]!.trim())
    const later = list.filter(isLater)
    if (!later.length) return all
    changed = true
    const rest = list.filter((s) => !isLater(s))
    // One line: the module's other lines keep their positions.
    return (
      (rest.length ? `import { ${rest.join(', ')} } from ${q}vue${q}; ` : '') + `import { ${later.join(', ')} } from ${q}${LATER_ID}${q};`
    ).concat('\n'.repeat(all.split('\n').length - 1))
  })
  return changed ? out : undefined
}

export function vueDomSplit(): Plugin {
  // Both parts come from the file as installed, split once; the build's other transforms then apply to each.
  let split: ReturnType<typeof splitRuntimeDom> | undefined
  const isRuntimeDom = (id: string) => /[\\/]@vue[\\/]runtime-dom[\\/]dist[\\/]runtime-dom\.esm-bundler\.js$/.test(id.split('?')[0]!)
  const parts = async (ctx: { resolve(source: string): Promise<{ id: string } | null> }) => {
    if (split) return split
    const file = (await ctx.resolve('@vue/runtime-dom'))?.id
    if (!file || !isRuntimeDom(file)) throw new Error(`vue-dom-split: @vue/runtime-dom resolves to ${file}, not its esm-bundler build`)
    return (split = splitRuntimeDom(readFileSync(file, 'utf8'), '@vue/runtime-dom'))
  }
  return {
    name: 'vue-dom-split',
    apply: 'build',
    enforce: 'pre',
    resolveId(source) {
      return source === LATER_ID ? `\0${LATER_ID}` : undefined
    },
    async load(id) {
      if (id === `\0${LATER_ID}`) return (await parts(this)).later
      if (isRuntimeDom(id)) return (await parts(this)).first
      return undefined
    },
    transform: {
      order: 'post',
      handler(code, id) {
        if (id.startsWith('\0') || isRuntimeDom(id) || !/\.(m?js|ts|vue)(\?|$)/.test(id)) return undefined
        const out = importLaterFromItsModule(code)
        return out === undefined ? undefined : { code: out, map: null }
      },
    },
  }
}
