// @vitest-environment happy-dom
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { importLaterFromItsModule, LATER, LATER_ID, splitRuntimeDom } from './vue-dom-split.js'

// The build splits Vue's DOM runtime in two modules (scripts/vue-dom-split.ts). These tests split the installed file
// and run both parts beside the untouched file: the same exports, and the moved directives, modifiers and
// Transition behave the same on a live app (they share the first part's state: v-show's and Transition's keys).
const require = createRequire(import.meta.url)
const file = (pkg: string, name: string) => join(dirname(require.resolve(`${pkg}/package.json`)), 'dist', name)
const runtimeDom = readFileSync(file('@vue/runtime-dom', 'runtime-dom.esm-bundler.js'), 'utf8')
// Inside the project: the test's module runner (happy-dom environment) loads files under its root.
const cache = join(dirname(require.resolve('vue/package.json')), '../.cache')
mkdirSync(cache, { recursive: true })
const dir = mkdtempSync(join(cache, 'vue-dom-split-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// This file is type-checked without the DOM's types (tsconfig.server.json); happy-dom provides the DOM at run time.
interface El {
  value: string
  className: string
  getAttribute(name: string): string | null
  querySelector(selector: string): El | null
  dispatchEvent(event: unknown): boolean
  click(): void
  append(node: El): void
  remove(): void
}
type EventClass = new (type: string, init?: object) => unknown
const { document, Event, KeyboardEvent, MouseEvent } = globalThis as unknown as {
  document: { createElement(tag: string): El; body: El }
  Event: EventClass
  KeyboardEvent: EventClass
  MouseEvent: EventClass
}

/** Writes a module with Vue's package imports pointing at their esm-bundler files (one instance of each for all). */
function write(name: string, code: string): string {
  const to = (spec: string) =>
    ({
      '@vue/runtime-core': pathToFileURL(file('@vue/runtime-core', 'runtime-core.esm-bundler.js')).href,
      '@vue/shared': pathToFileURL(file('@vue/shared', 'shared.esm-bundler.js')).href,
      '@vue/runtime-dom': './first.mjs',
    })[spec] ?? spec
  writeFileSync(
    join(dir, name),
    code.replace(/(from\s*|import\s*)(["'])(@vue\/[a-z-]+)\2/g, (_, kw: string, q: string, s: string) => `${kw}${q}${to(s)}${q}`),
  )
  return join(dir, name)
}

const split = splitRuntimeDom(runtimeDom, '@vue/runtime-dom')
type Dom = typeof import('vue')
const untouched = import(write('untouched.mjs', runtimeDom)) as Promise<Dom>
const first = import(write('first.mjs', split.first)) as Promise<Record<string, unknown>>
const later = import(write('later.mjs', split.later)) as Promise<Record<string, unknown>>
/** The split runtime as a module importing from `vue` sees it after the rewrite: both parts together. */
const both = Promise.all([first, later]).then(([a, b]) => ({ ...a, ...b }) as unknown as Dom)

describe("Vue's DOM runtime in two parts", () => {
  it('exports everything the untouched module does, the LATER names from the second part only', async () => {
    const [u, a, b] = await Promise.all([untouched, first, later])
    const own = (m: object) => Object.keys(m).filter((k) => !k.startsWith('__vueDomShared_'))
    expect(new Set([...own(a), ...own(b)])).toEqual(new Set(own(u)))
    expect(own(b).sort()).toEqual([...LATER].sort())
    for (const name of LATER) expect(own(a), name).not.toContain(name)
    // What the first paint needs stays in the first part, with what Transition and v-show share with it.
    expect(split.moved).toEqual(expect.arrayContaining(['vShow', 'resolveTransitionProps', 'vModelText', 'withModifiers']))
    expect(split.moved).not.toContain('patchProp')
    expect(split.moved).not.toContain('vtcKey')
    expect(split.later).toMatch(/import \{[^}]*__vueDomShared_vtcKey as vtcKey[^}]*\} from "@vue\/runtime-dom"/)
  })

  /** Mounts the same component with a runtime; returns what a test does with it, as text after each step. */
  async function run(vue: Dom): Promise<string[]> {
    const { createApp, defineComponent, h, nextTick, ref, withDirectives, vShow, vModelText, vModelCheckbox, withModifiers, withKeys } = vue
    const shown = ref(true)
    const display = ref('block')
    const text = ref('a')
    const checked = ref(false)
    const clicks: string[] = []
    const App = defineComponent(
      () => () =>
        h('div', [
          // v-show beside a style binding: both touch `display` (the key v-show keeps is shared by the two parts).
          withDirectives(h('p', { id: 'shown', style: { color: 'red', display: display.value } }, 'x'), [[vShow, shown.value]]),
          withDirectives(h('input', { id: 'text', 'onUpdate:modelValue': (v: string) => (text.value = v) }), [
            [vModelText, text.value, undefined, { trim: true }],
          ]),
          withDirectives(h('input', { id: 'box', type: 'checkbox', 'onUpdate:modelValue': (v: boolean) => (checked.value = v) }), [
            [vModelCheckbox, checked.value],
          ]),
          h('button', {
            id: 'btn',
            onClick: withModifiers(() => clicks.push('click'), ['self']),
            onKeyup: withKeys(() => clicks.push('enter'), ['enter']),
          }),
        ]),
    )
    const root = document.createElement('div')
    document.body.append(root)
    const app = createApp(App)
    app.mount(root)
    const seen: string[] = []
    const look = async () => {
      await nextTick()
      const input = root.querySelector('#text')!
      seen.push(`${root.querySelector('#shown')!.getAttribute('style')} | ${input.value} | ${text.value} | ${checked.value} | ${clicks}`)
    }
    await look()
    shown.value = false
    await look()
    // A style change while hidden keeps it hidden (the style patch reads what v-show left on the element).
    display.value = 'grid'
    await look()
    shown.value = true
    await look()
    const input = root.querySelector('#text')!
    input.value = '  typed  '
    input.dispatchEvent(new Event('input'))
    input.dispatchEvent(new Event('change'))
    await look()
    root.querySelector('#box')!.click()
    await look()
    const btn = root.querySelector('#btn')!
    btn.dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter' }))
    btn.dispatchEvent(new KeyboardEvent('keyup', { key: 'a' }))
    btn.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    await look()
    app.unmount()
    root.remove()
    return seen
  }

  it('v-show, v-model and the event modifiers behave as in the untouched module', async () => {
    const expected = await run(await untouched)
    expect(expected[1]).toContain('display: none')
    expect(expected[2]).toContain('display: none')
    expect(expected[3]).toContain('display: grid')
    expect(expected.at(-1)).toContain('typed | typed | true | enter,click')
    expect(await run(await both)).toEqual(expected)
  })

  it('Transition gives the leaving element the same classes', async () => {
    const classes = async (vue: Dom) => {
      const { createApp, h, nextTick, ref, Transition } = vue
      const on = ref(true)
      const root = document.createElement('div')
      document.body.append(root)
      const app = createApp(() => h(Transition, { name: 'fade' }, () => (on.value ? h('p', { class: 'x' }, 'hi') : null)))
      app.mount(root)
      on.value = false
      await nextTick()
      const seen = root.querySelector('p')?.className
      app.unmount()
      root.remove()
      return seen
    }
    const expected = await classes(await untouched)
    expect(expected).toContain('fade-leave-active')
    expect(await classes(await both)).toBe(expected)
  })
})

describe('imports of the moved names', () => {
  it('come from the second part; the other names stay with vue', () => {
    const sfc =
      'import { vModelText as _vModelText, createElementVNode as _createElementVNode, withDirectives as _withDirectives } from "vue"\n'
    expect(importLaterFromItsModule(sfc)).toBe(
      `import { createElementVNode as _createElementVNode, withDirectives as _withDirectives } from "vue"; import { vModelText as _vModelText } from "${LATER_ID}";\n`,
    )
    const vant = 'import {\n  Transition,\n  vShow\n} from "vue";\nconst x = 1;'
    expect(importLaterFromItsModule(vant)).toBe(`import { Transition, vShow } from "${LATER_ID}";\n\n\n\nconst x = 1;`)
    expect(importLaterFromItsModule('import { ref, watch } from "vue";\n')).toBeUndefined()
    expect(importLaterFromItsModule('import { withKeys } from "@vue/runtime-dom";')).toBe(`import { withKeys } from "${LATER_ID}";`)
  })

  it('refuses a runtime-dom that no longer exports a moved name', () => {
    expect(() => splitRuntimeDom(runtimeDom.replace(/\bvShow, /, ''), '@vue/runtime-dom')).toThrow(/vue-dom-split/)
  })
})
