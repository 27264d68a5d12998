import { zhCN, type Messages } from './zh-CN/index.js'

// A few hundred strings do not need vue-i18n (≈15 KB gzip): a typed lookup with `{name}` placeholders is enough,
// and a new language is one more file with the same shape (`Messages` makes a missing key a type error).

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : T[K] extends readonly unknown[] ? never : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]

export type MessageKey = Leaves<Messages>
export type MessageParams = Record<string, string | number>

const locales: Record<string, Messages> = { 'zh-CN': zhCN }
let current: Messages = zhCN
export let locale = 'zh-CN'

/** Picks the language; unknown ones fall back to Simplified Chinese, the product's language. */
export function setLocale(name: string): void {
  const found = locales[name]
  current = found ?? zhCN
  locale = found ? name : 'zh-CN'
}

export function t(key: MessageKey, params?: MessageParams): string {
  let node: unknown = current
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
  const text = typeof node === 'string' ? node : key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all))
}

/** The whole table of the current language, for lists (`messages().boot.setup.steps`). */
export function messages(): Messages {
  return current
}

export type { Messages }
