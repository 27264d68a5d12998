// 系统状态 in the page's language. The proxy answers with its own words (Chinese) and, beside them, the keys they were
// made from: a check's id, which of its sentences, the values in them and which advice (contracts/status.ts). The page
// words each by those keys (adminStatus.checks and adminStatus.advice), and shows the proxy's words only where this
// language has none, marked as Chinese.
import type { StatusCheck } from '../../../contracts/status.js'
import { fillWords } from '../../../contracts/status-words.js'
import { errorText, messages } from '../../i18n/index.js'

/**
 * A text to show. `proxy`: the proxy's own words, shown because this language has none for them — `words` for a check
 * or advice this sidebar does not know (a newer proxy's), `message` for an error message whose code has no words here
 * (free text that may quote the vendor's own message).
 */
export interface Worded {
  text: string
  proxy?: 'words' | 'message'
}

export interface WordedCheck {
  key: string
  ok: boolean
  code?: string
  name: Worded
  detail?: Worded
  advice?: Worded
}

type Table = Record<string, unknown>

function fromTable(table: unknown, key: string | undefined, params: Record<string, string> | undefined, proxy: string): Worded {
  const text = key && table && Object.hasOwn(table, key) ? (table as Table)[key] : undefined
  return typeof text === 'string' ? { text: fillWords(text, params) } : { text: proxy, proxy: 'words' }
}

/** The advice by its key (contracts/vendor-advice.ts), or the proxy's words. */
export const adviceText = (key: string | undefined, proxy: string): Worded =>
  fromTable(messages().adminStatus.advice, key, undefined, proxy)

/** An error message by its code, as every refusal is worded (src/i18n/<lang>/errors.ts), or the proxy's words. */
export function messageText(code: string | undefined, message: string): Worded {
  const text = code ? errorText(code, message) : message
  return text === message ? { text, proxy: 'message' } : { text }
}

/** One live check in this language. */
export function wordCheck(c: StatusCheck, index: number): WordedCheck {
  const checks = messages().adminStatus.checks
  const words = Object.hasOwn(checks, c.id) ? checks[c.id as keyof typeof checks] : undefined
  return {
    key: `${index}:${c.id}`,
    ok: c.ok,
    ...(c.code ? { code: c.code } : {}),
    name: fromTable(words, 'name', c.params, c.name),
    ...(c.detail === undefined
      ? {}
      : { detail: c.detailKey ? fromTable(words, c.detailKey, c.params, c.detail) : messageText(c.code, c.detail) }),
    ...(c.advice === undefined ? {} : { advice: adviceText(c.adviceKey, c.advice) }),
  }
}

/** The attributes of a text: the proxy's words are Chinese, and an untranslated error message is free text. */
export function wordedAttrs(w: Worded): Record<string, string> {
  if (w.proxy === 'message') return { lang: 'zh-CN', 'data-proxy-message': '' }
  return w.proxy ? { lang: 'zh-CN' } : {}
}
