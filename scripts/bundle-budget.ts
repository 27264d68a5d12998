import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'

/**
 * What the sidebar may load before its first lazy chunk, in gzip bytes: the build fails above it. Set just above what
 * the first load weighs today (docs/performance.md), so any growth is a decision; lower it with every trim. Lowered
 * from 91 KB when the first load became one chunk and axios's unused helpers were stubbed (86.3 KB), then to 84.5 KB,
 * then to 80.8 KB when the composer's words, Vant's tab bar, image and tag components left the first chunk (80.6 KB),
 * and the CSS to 4.8 KB when Vant's icon stylesheet (its font and 200 icon classes) left it with them (4.4 KB);
 * then to 74.4 / 4.6 KB when Vant left the first load entirely, Vue's DOM runtime was split for the lazy views and
 * axios's toFormData became a flat stub (74.2 / 4.4 KB): the goal below is met (docs/performance.md).
 * Raised to 74.7 KB on purpose (74.6 KB, +407 bytes) for four fixes a rep meets on the customer screen itself: the
 * 编辑/素材 choice kept across customers with 素材 brought to the top, the end of a send revealed above the tab bar,
 * no reload into the browser's offline page when a chunk fails offline, and words a sign-in cut off marked unsent.
 */
export const BUDGET = { js: 74.7 * 1024, css: 4.6 * 1024 }
/** Where the first-open issue wants it (its best open-source peer: 84.9 / 37.3 KB); printed beside the budget. */
export const GOAL = { js: 75 * 1024, css: 8 * 1024 }

export interface InitialBundle {
  js: { file: string; gzip: number }[]
  css: { file: string; gzip: number }[]
  jsGzip: number
  cssGzip: number
}

/**
 * Reads the built index.html: the entry script, every `modulepreload` and every stylesheet are what a browser fetches
 * before the app can draw. Lazy chunks (the JS-SDK, the reach view, the playground) are not listed there.
 */
export function measureInitialBundle(dir: string): InitialBundle {
  const html = readFileSync(join(dir, 'index.html'), 'utf8')
  const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1]
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? []
  const js: string[] = []
  const css: string[] = []
  for (const tag of tags) {
    if (tag.startsWith('<script') && /type="module"/.test(tag) && attr(tag, 'src')) js.push(attr(tag, 'src')!)
    else if (/rel="modulepreload"/.test(tag) && attr(tag, 'href')) js.push(attr(tag, 'href')!)
    else if (/rel="stylesheet"/.test(tag) && attr(tag, 'href')) css.push(attr(tag, 'href')!)
  }
  const size = (file: string) => ({ file, gzip: gzipSync(readFileSync(join(dir, file.replace(/^\//, ''))), { level: 9 }).length })
  const jsSizes = js.map(size)
  const cssSizes = css.map(size)
  const sum = (xs: { gzip: number }[]) => xs.reduce((a, x) => a + x.gzip, 0)
  return { js: jsSizes, css: cssSizes, jsGzip: sum(jsSizes), cssGzip: sum(cssSizes) }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`

export function report(bundle: InitialBundle): { ok: boolean; lines: string[] } {
  const jsOk = bundle.js.length > 0 && bundle.jsGzip <= BUDGET.js
  const cssOk = bundle.cssGzip <= BUDGET.css
  return {
    ok: jsOk && cssOk,
    lines: [
      `initial JS  ${kb(bundle.jsGzip)} gzip (budget ${kb(BUDGET.js)}, goal ${kb(GOAL.js)}) ${jsOk ? 'ok' : 'OVER BUDGET'} — ${bundle.js.map((f) => f.file).join(', ')}`,
      `initial CSS ${kb(bundle.cssGzip)} gzip (budget ${kb(BUDGET.css)}, goal ${kb(GOAL.css)}) ${cssOk ? 'ok' : 'OVER BUDGET'} — ${bundle.css.map((f) => f.file).join(', ')}`,
    ],
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { ok, lines } = report(measureInitialBundle(process.argv[2] ?? 'dist/client'))
  for (const line of lines) console.log(line)
  if (!ok) {
    console.error('The sidebar is over its first-load budget: load the new code lazily or trim a dependency.')
    process.exit(1)
  }
}
