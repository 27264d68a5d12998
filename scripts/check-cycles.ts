/**
 * Fails when a file of the proxy, the sidebar or the contracts can reach itself through static imports (type-only
 * imports included: a cycle of types is still two modules that cannot be understood apart). Dynamic `import()` is a
 * lazy edge and does not count. Run with `npm run lint` or `tsx scripts/check-cycles.ts [folder …]`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const FOLDERS = process.argv.slice(2).length ? process.argv.slice(2) : ['server', 'src', 'contracts']
// `import … from '…'`, `import '…'`, `export … from '…'`: whatever stands between the keyword and `from` (it may span lines).
const STATIC_IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g

export function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (/\.(ts|vue)$/.test(name) && !/\.(test|d)\.ts$/.test(name)) out.push(path)
  }
  return out
}

/** The files `file` imports statically, resolved the way TypeScript's NodeNext and Vite do for this repository. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const code = file.endsWith('.vue') ? [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n') : text
  const found: string[] = []
  for (const m of code.matchAll(STATIC_IMPORT)) {
    const spec = m[1]!
    if (!spec.startsWith('.')) continue
    const base = resolve(dirname(file), spec)
    const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]
    const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile())
    if (hit) found.push(hit)
  }
  return found
}

/** Every cycle's files in order (Tarjan's strongly connected components of more than one file, or a self-import). */
export function findCycles(graph: Map<string, string[]>): string[][] {
  let index = 0
  const indices = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (v: string): void => {
    indices.set(v, index)
    low.set(v, index++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!))
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.reverse())
    }
  }
  for (const v of graph.keys()) if (!indices.has(v)) visit(v)
  return cycles
}

if (process.argv[1] === import.meta.filename) {
  const files = FOLDERS.flatMap((f) => sourceFiles(join(ROOT, f)))
  const graph = new Map(files.map((f) => [f, importsOf(f)]))
  const cycles = findCycles(graph)
  for (const c of cycles) console.error(`import cycle: ${c.map((f) => relative(ROOT, f)).join(' → ')} → ${relative(ROOT, c[0]!)}`)
  console.log(`${files.length} files in ${FOLDERS.join(', ')}: ${cycles.length ? `${cycles.length} import cycle(s)` : 'no import cycle'}`)
  process.exit(cycles.length ? 1 : 0)
}
