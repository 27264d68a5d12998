/**
 * Readability checks computed in the page: WCAG AA text contrast (4.5:1, 3:1 for large text) of toasts, dialogs and
 * buttons, and touch targets of at least 44×44 px. Every scenario of the e2e suite installs the watcher
 * (fixtures.ts): each toast and dialog the app shows is measured once it has finished appearing, so a flow that
 * shows an unreadable one fails. `auditButtons` and `auditTargets` measure what is on screen when a test asks.
 *
 * Plain JavaScript text (not a serialised TypeScript function), so no transpiler helper can leak into the page.
 */
import type { BrowserContext, Frame, Page } from 'playwright-core'

export const READABLE_BINDING = '__e2eReadable'

export interface ReadableFailure {
  kind: 'contrast' | 'target'
  what: string
  detail: string
  url: string
}

const pageScript = String.raw`
(() => {
  if (window.__readable) return
  const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c || '')
    if (!m) return [0, 0, 0, 0]
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number)
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]
  }
  // Source-over: a colour with alpha painted on an opaque one.
  const over = (top, under) => {
    const a = top[3]
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1)
  }
  const lum = (c) => {
    const ch = c.slice(0, 3).map((v) => {
      v /= 255
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)
    })
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]
  }
  const ratio = (a, b) => {
    const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x)
    return (l1 + 0.05) / (l2 + 0.05)
  }
  // The colour behind an element: its own background and its ancestors', composited onto the canvas.
  const backgroundOf = (el) => {
    const layers = []
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor))
    const dark = document.documentElement.classList.contains('van-theme-dark') || matchMedia('(prefers-color-scheme: dark)').matches
    let color = dark ? [0, 0, 0, 1] : [255, 255, 255, 1]
    for (let i = layers.length - 1; i >= 0; i--) color = over(layers[i], color)
    return color
  }
  const visible = (el) => {
    const r = el.getBoundingClientRect()
    if (r.width < 1 || r.height < 1) return false
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e)
      if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) < 0.99) return false
    }
    return true
  }
  const describe = (el) => {
    const test = el.closest('[data-test]')
    const name = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40)
    return (test ? '[data-test=' + test.getAttribute('data-test') + '] ' : '') + el.tagName.toLowerCase() + '.' + [...el.classList].slice(0, 3).join('.') + ' 「' + name + '」'
  }
  const disabled = (el) => !!el.closest('[disabled], [aria-disabled="true"], .van-button--disabled')
  /** Contrast failures of every element with its own text inside root (root included). */
  const contrastIn = (root, label) => {
    const out = []
    const els = [root, ...root.querySelectorAll('*')]
    for (const el of els) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
      if (!own || !visible(el) || disabled(el)) continue
      const s = getComputedStyle(el)
      const bg = backgroundOf(el)
      const fg = over(parse(s.color), bg)
      const size = parseFloat(s.fontSize)
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700)
      const need = large ? 3 : 4.5
      const r = ratio(fg, bg)
      if (r < need)
        out.push({ kind: 'contrast', what: label + ' ' + describe(el), detail: r.toFixed(2) + ':1 < ' + need + ':1 (text ' + s.color + ' on ' + 'rgb(' + bg.slice(0, 3).map(Math.round).join(',') + '))' })
    }
    return out
  }
  const BUTTONS = 'button, [role="button"], .van-button, input[type="checkbox"], input[type="radio"], .van-tabbar-item'
  /** Every visible button's touch target: the 44×44 square around its centre must land on it (padding and pseudo-elements count). */
  const targetsIn = (root) => {
    const out = []
    for (const el of root.querySelectorAll(BUTTONS)) {
      if (!visible(el)) continue
      const r = el.getBoundingClientRect()
      if (r.width >= 44 && r.height >= 44) continue
      const cx = r.left + r.width / 2
      const cy = r.top + r.height / 2
      // Off-screen parts cannot be probed: only targets wholly in the viewport are judged.
      if (cy - 22 < 0 || cy + 22 > innerHeight || cx - 22 < 0 || cx + 22 > innerWidth) continue
      const probes = [[-21, -21], [21, -21], [-21, 21], [21, 21], [0, -21], [0, 21], [-21, 0], [21, 0]]
      const missed = probes.filter(([dx, dy]) => {
        const hit = document.elementFromPoint(cx + dx, cy + dy)
        return !hit || !(hit === el || el.contains(hit))
      })
      if (missed.length) out.push({ kind: 'target', what: describe(el), detail: Math.round(r.width) + '×' + Math.round(r.height) + ' px, the 44×44 square misses it at ' + missed.length + ' of 8 points' })
    }
    return out
  }
  const report = (failures) => {
    if (failures.length && window.${READABLE_BINDING}) window.${READABLE_BINDING}(failures.map((f) => ({ ...f, url: location.pathname })))
  }
  const seen = new WeakSet()
  const watch = (el) => {
    if (seen.has(el)) return
    seen.add(el)
    // Measured once the popup has finished its entrance (Vant's transitions take 200–300 ms).
    setTimeout(() => {
      if (!el.isConnected || !visible(el)) return
      report(contrastIn(el, el.classList.contains('van-toast') ? 'toast' : 'dialog'))
    }, 450)
  }
  const scan = () => document.querySelectorAll('.van-toast, .van-dialog').forEach(watch)
  // An init script may run before the document has its root element: then it starts watching once the page is parsed.
  const start = () => new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class'] })
  if (document.documentElement) start()
  else document.addEventListener('DOMContentLoaded', start, { once: true })
  window.__readable = {
    buttons: (scope) => {
      const out = []
      for (const root of document.querySelectorAll(scope || 'body'))
        for (const b of root.querySelectorAll(BUTTONS)) out.push(...contrastIn(b, 'button'))
      return out
    },
    targets: (scope) => {
      const out = []
      for (const root of document.querySelectorAll(scope || 'body')) out.push(...targetsIn(root))
      return out
    },
  }
})()
`

/** Installs the watcher in every page of the context; failures land in `failures`. */
export async function watchReadable(context: BrowserContext, failures: ReadableFailure[]): Promise<void> {
  await context.exposeBinding(READABLE_BINDING, (_source, found: ReadableFailure[]) => void failures.push(...found))
  await context.addInitScript({ content: pageScript })
}

type Scope = Page | Frame

const ensure = (scope: Scope) => scope.evaluate(pageScript)

/** Contrast failures of the buttons on screen now (inside `selector`, default the whole page). */
export async function auditButtons(scope: Scope, selector?: string): Promise<ReadableFailure[]> {
  await ensure(scope)
  const url = scope.url()
  const found = await scope.evaluate((sel) => (globalThis as any).__readable.buttons(sel) as ReadableFailure[], selector)
  return found.map((f) => ({ ...f, url }))
}

/** Buttons on screen now whose touch target is smaller than 44×44 px. */
export async function auditTargets(scope: Scope, selector?: string): Promise<ReadableFailure[]> {
  await ensure(scope)
  const url = scope.url()
  const found = await scope.evaluate((sel) => (globalThis as any).__readable.targets(sel) as ReadableFailure[], selector)
  return found.map((f) => ({ ...f, url }))
}

/** One line per failure, for an assertion message. */
export const describeFailures = (failures: ReadableFailure[]) => failures.map((f) => `${f.url} ${f.what}: ${f.detail}`).join('\n')
