import type { ApiError } from '../../../contracts/errors.js'
import type { WordKey, WordParams } from '../../../contracts/words.js'
import { contractTexts, contractWords, errorParamWords, errors } from './errors.js'

const VENDOR = /^(WECOM|YOUMI|WSHOTO)_/
const PLACEHOLDER = /\{(\w+)\}/g

/**
 * A refusal of the proxy in English: the words of its code (or of `CODE.variant`, or of `VENDOR_X` for a vendor's
 * generic code) with its params; `undefined` when there are none, or a param the words need did not come.
 */
export function errorText(error: Pick<ApiError, 'code' | 'params' | 'issues'>): string | undefined {
  const params: WordParams = { ...error.params }
  if (error.issues) params.issues = error.issues.map((i) => `${i.path}: ${issueText(i)}`).join('; ')
  const text = wordsFor(error)
  if (!text) return undefined
  const value = (name: string) => {
    const v = params[name]
    return v === undefined ? undefined : (errorParamWords[`${name}.${v}`] ?? String(v))
  }
  // `[…]`: said only with every param inside it.
  const optional = text.replace(/\[([^\]]*)\]/g, (_, part: string) =>
    [...part.matchAll(PLACEHOLDER)].every(([, name]) => value(name!) !== undefined) ? part : '',
  )
  let missing = false
  const filled = optional.replace(PLACEHOLDER, (all, name: string) => value(name) ?? ((missing = true), all))
  return missing ? undefined : filled
}

/** The words (with their `{params}`) for this code and variant. */
export function wordsFor({ code, params }: Pick<ApiError, 'code' | 'params'>): string | undefined {
  const generic = code.replace(VENDOR, 'VENDOR_')
  const variant = params?.variant
  return (variant !== undefined && (errors[`${code}.${variant}`] ?? errors[`${generic}.${variant}`])) || errors[code] || errors[generic]
}

/** One issue of a 400: the words of the contract's check when it names them, else the proxy's. */
function issueText(issue: NonNullable<ApiError['issues']>[number]): string {
  // A key this sidebar does not know (a newer proxy) keeps the proxy's words.
  return issue.key && issue.key in contractTexts.words ? contractWords.say(issue.key as WordKey, issue.params) : issue.message
}
