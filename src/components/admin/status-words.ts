// 系统状态 in the page's language. The proxy answers with its own words (Chinese) and, beside them, the keys they were
// made from: a check's id, which of its sentences, the values in them and which advice (contracts/status.ts). The page
// words a check by those keys (adminStatus.checks), the advice from the column of its language in the one table of
// advice, and shows the proxy's words only where this language has none, marked as Chinese.
// The table is imported here, not by src/i18n/*/admin.ts: a module both languages' tables import would be a chunk of its
// own, and every lazy chunk's name costs the first load bytes (its preload list).
import type { StatusCheck, SystemStatus } from '../../../contracts/status.js'
import { adminAdvice } from '../../../contracts/vendor-advice.js'
import { errorText, locale, messages, t, type MessageKey } from '../../i18n/index.js'

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

const has = (table: object | undefined, key: string | undefined): key is string => !!table && !!key && Object.hasOwn(table, key)

/** `adminStatus.checks.<id>.<key>` with the check's values, or the proxy's words. */
function checkText(c: StatusCheck, key: string | undefined, proxy: string): Worded {
  const checks = messages().adminStatus.checks
  const words = has(checks, c.id) ? checks[c.id as keyof typeof checks] : undefined
  return has(words, key) ? { text: t(`adminStatus.checks.${c.id}.${key}` as MessageKey, c.params) } : { text: proxy, proxy: 'words' }
}

/** The advice by its key, in this language's column of contracts/vendor-advice.ts, or the proxy's words. */
export function adviceText(key: string | undefined, proxy: string): Worded {
  const advice: Record<string, string> = adminAdvice(locale)
  return has(advice, key) ? { text: advice[key]! } : { text: proxy, proxy: 'words' }
}

/** An error message by its code, as every refusal is worded (src/i18n/<lang>/errors.ts), or the proxy's words. */
export function messageText(code: string | undefined, message: string): Worded {
  const text = code ? errorText(code, message) : message
  return text === message ? { text, proxy: 'message' } : { text }
}

/** One live check in this language. */
export function wordCheck(c: StatusCheck, index: number): WordedCheck {
  return {
    key: `${index}:${c.id}`,
    ok: c.ok,
    ...(c.code ? { code: c.code } : {}),
    name: checkText(c, 'name', c.name),
    ...(c.detail === undefined ? {} : { detail: c.detailKey ? checkText(c, c.detailKey, c.detail) : messageText(c.code, c.detail) }),
    ...(c.advice === undefined ? {} : { advice: adviceText(c.adviceKey, c.advice) }),
  }
}

// Two attributes rather than one object (`v-bind="…"`): an object binding brings a helper of Vue's into the first load.
/** The language of a text: the proxy's words are Chinese. */
export const langOf = (w: Worded): 'zh-CN' | undefined => (w.proxy ? 'zh-CN' : undefined)
/** `data-proxy-message` on an error message this language has no words for: free text (test/e2e/english.test.ts). */
export const freeText = (w: Worded): '' | undefined => (w.proxy === 'message' ? '' : undefined)

/**
 * What to do about the database, in the page's language: the proxy's `reason` is a line for the log (English, with
 * the driver's own message, which is kept in brackets as it is).
 */
export function databaseAdvice(db: SystemStatus['database']): string {
  const { migrationsApplied: applied, migrationsExpected: expected } = db
  if (applied !== null && applied < expected) return t('adminStatus.dbBehind', { applied, expected })
  return t('adminStatus.dbDown', { reason: (db.reason ?? '').replace(/^database does not answer: /, '') })
}
