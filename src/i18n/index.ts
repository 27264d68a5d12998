import { zhCN, zhCNLater, type Messages } from './zh-CN/index.js'

// A few hundred strings do not need vue-i18n (≈15 KB gzip): a typed lookup with `{name}` placeholders is enough,
// and a new language is one more file with the same shape (`Messages` makes a missing key a type error).

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : T[K] extends readonly unknown[] ? never : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]

export type MessageKey = Leaves<Messages>
export type MessageParams = Record<string, string | number>

/** The areas that are not part of the first chunk: each comes with the view that shows it. */
export type LaterArea = keyof typeof zhCNLater

interface Locale {
  now: Partial<Messages>
  later: { [A in LaterArea]: () => Promise<Messages[A]> }
}

const locales: Record<string, Locale> = { 'zh-CN': { now: zhCN, later: zhCNLater } }
let chosen: Locale = locales['zh-CN']!
let current: Partial<Messages> = { ...chosen.now }
const loading = new Map<string, Promise<void>>()
export let locale = 'zh-CN'

/** Picks the language; unknown ones fall back to Simplified Chinese, the product's language. */
export function setLocale(name: string): void {
  const found = locales[name]
  chosen = found ?? locales['zh-CN']!
  locale = found ? name : 'zh-CN'
  const loaded = Object.keys(current).filter((area) => !(area in chosen.now)) as LaterArea[]
  current = { ...chosen.now }
  loading.clear()
  void loadMessages(...loaded)
}

/** Fetches the words of these areas (once each); `t` knows them once this resolves. */
export function loadMessages(...areas: LaterArea[]): Promise<void> {
  const owner = chosen
  return Promise.all(
    areas.map((area) => {
      const key = `${locale}:${area}`
      let done = loading.get(key)
      if (!done) {
        done = owner.later[area]().then((table) => {
          if (chosen === owner) (current as Record<string, unknown>)[area] = table
        })
        // A failed fetch (a new release replaced the chunk) may be tried again.
        done.catch(() => loading.delete(key))
        loading.set(key, done)
      }
      return done
    }),
  ).then(() => undefined)
}

/** A lazy view's loader that brings the view's words along, fetched in parallel with its chunk. */
export function withMessages<T>(areas: LaterArea[], load: () => Promise<T>): () => Promise<T> {
  return () => Promise.all([load(), loadMessages(...areas)]).then(([view]) => view)
}

export function t(key: MessageKey, params?: MessageParams): string {
  let node: unknown = current
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
  const text = typeof node === 'string' ? node : key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all))
}

/** The table of the current language, for lists (`messages().boot.setup.steps`); later areas once loaded. */
export function messages(): Messages {
  return current as Messages
}

export type { Messages }
