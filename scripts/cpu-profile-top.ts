/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, or `npm run bench:proxy -- --profile DIR`): the functions with the
 * most self time, and self time by where the code lives (a package under node_modules, our own folders, Node's
 * internals, garbage collection, idle). Enough to see where a request's time goes without opening DevTools.
 *
 *   npx tsx scripts/cpu-profile-top.ts FILE.cpuprofile [--top 30]
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' } } })
if (!positionals[0]) throw new Error('usage: npx tsx scripts/cpu-profile-top.ts FILE.cpuprofile [--top N]')
const profile = JSON.parse(readFileSync(positionals[0], 'utf8')) as Profile
const top = Number(values.top) || 30

const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const selfUs = new Map<number, number>()
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
const total = [...selfUs.values()].reduce((a, b) => a + b, 0)

/** Where a frame's code lives: a package, one of our folders, Node, or V8's own (GC, idle, program). */
function place(url: string, name: string): string {
  if (!url) return `(${name || 'anonymous'})`
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return pkg[1]!
  if (url.startsWith('node:')) return 'node internals'
  const own = /\/(server|contracts|scripts)\/([^/]+)/.exec(url)
  if (own) return `${own[1]}/${own[2]}`
  return url
}

const fns = new Map<string, number>()
const places = new Map<string, number>()
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame
  const where = place(url, functionName)
  const file = url.replace(/^.*\/(node_modules|server|contracts|scripts)\//, '$1/')
  const fn = `${functionName || '(anonymous)'} ${url ? `${file}:${lineNumber + 1}` : ''}`.trim()
  fns.set(fn, (fns.get(fn) ?? 0) + us)
  places.set(where, (places.get(where) ?? 0) + us)
}

const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`)
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
}
// Inclusive: each sample counts once for every distinct function on its stack (the hooks' and plugins' whole cost).
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const label = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame
  return `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|server|contracts|scripts)\//, '$1/')}:${lineNumber + 1}` : ''}`.trim()
}
const inclusive = new Map<string, number>()
for (const [id, us] of selfUs) {
  const seen = new Set<string>()
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(label(byId.get(at)!))
  for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + us)
}

console.log(`${positionals[0]}: ${(total / 1e6).toFixed(1)} s sampled`)
print('self time by place', places)
print('self time by function', fns)
print(
  'inclusive time by function (ours and our packages)',
  new Map([...inclusive].filter(([k]) => /server\/|@fastify|helmet|pino|prom-client|zod/.test(k))),
)
