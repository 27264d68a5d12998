import type { ApiError } from '../../contracts/errors.js'
import { detectLocale, type Locale } from '../../contracts/locale.js'
import { zhCN, zhCNLater, type LaterTables, type Messages } from './zh-CN/index.js'

// A few hundred strings do not need vue-i18n (≈15 KB gzip): a typed lookup with `{name}` placeholders is enough,
// and a new language is one more folder with the same shape (`Messages` makes a missing key a type error).

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : T[K] extends readonly unknown[] ? never : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]

// The rule is shared with the proxy's own pages (server/routes/login-failed.ts).
export { detectLocale, type Locale }
export type MessageKey = Leaves<Messages>
export type MessageParams = Record<string, string | number>

/** The areas that are not part of the first chunk: each comes with the view that shows it. */
export type LaterArea = keyof LaterTables

let later = zhCNLater
let current: Partial<Messages> = { ...zhCN }
type ErrorWords = (error: Pick<ApiError, 'code' | 'params' | 'issues'>) => string | undefined
let errorWords: ErrorWords | null = null
let leave: (() => void) | undefined
const loading = new Map<unknown, Promise<void>>()
export let locale: Locale = 'zh-CN'
/** sessionStorage: the language the demo's switch chose for this tab (src/components/playground/SidebarPanel.vue). */
export const LANG_KEY = 'lang'

/**
 * Picks the language once, before the first paint (src/main.ts): English tables are fetched only for English users;
 * the demo's switch reloads the frame rather than switching in place, so `t` needs no reactivity.
 */
export async function setLocale(name: string): Promise<void> {
  const en = name == 'en' ? await import('./en/index.js') : 0
  locale = en ? 'en' : 'zh-CN'
  later = en ? en.enLater : zhCNLater
  current = { ...(en ? en.en : zhCN) }
  errorWords = en ? en.errorText : null
  // The contracts' checks (the forms' messages) in this language too, set by the language's chunk: contracts/words.ts
  // then stays out of the first chunk, with the forms that use it.
  leave?.()
  leave = en ? en.enter() : undefined
  loading.clear()
}

/** Chooses and loads the language of this page. The demo's 中文/English switch keeps its choice for the tab. */
export function startLocale(): Promise<void> {
  let kept
  try {
    kept = sessionStorage.getItem(LANG_KEY)
  } catch {
    // Storage refused (a sandboxed frame): the user agent and the browser decide.
  }
  const name = detectLocale(kept, navigator.userAgent, navigator.languages)
  document.documentElement.lang = name
  return setLocale(name)
}

/**
 * The proxy's refusal in this language: its own words (Chinese) unless the language has words for its code, filled
 * with the answer's `params` (and its `issues`' words for a 400).
 */
export const errorText = (code: string, message: string, more?: Pick<ApiError, 'params' | 'issues'>): string =>
  errorWords?.({ code, ...more }) ?? message

/** Fetches the words of these areas (once each); `t` knows them once this resolves. */
export function loadMessages(...areas: LaterArea[]): Promise<unknown> {
  return Promise.all(
    areas.map((area) => {
      // Keyed by the loader: a language's areas are fetched once, and a table that arrives late for a language no
      // longer chosen is dropped.
      const load = later[area]
      let done = loading.get(load)
      if (!done) {
        done = load().then((m) => {
          if (later[area] == load) (current as Record<string, unknown>)[area] = (m as Record<string, unknown>)[area]
        })
        // A failed fetch (a new release replaced the chunk) may be tried again.
        done.catch(() => loading.delete(load))
        loading.set(load, done)
      }
      return done
    }),
  )
}

/** A lazy view's loader that brings the view's words along, fetched in parallel with its chunk. */
export function withMessages<T>(areas: LaterArea[], load: () => Promise<T>): () => Promise<T> {
  return () => Promise.all([load(), loadMessages(...areas)]).then(([view]) => view)
}

export function t(key: MessageKey, params?: MessageParams): string {
  const node: unknown = key.split('.').reduce<any>((n, part) => n?.[part], current) // eslint-disable-line @typescript-eslint/no-explicit-any
  const text = typeof node == 'string' ? node : key
  return params ? text.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all)) : text
}

/** The table of the current language, for lists (`messages().boot.setup.steps`); later areas once loaded. */
export function messages(): Messages {
  return current as Messages
}

export type { Messages }
