import { contractWords } from './errors.js'

/**
 * The words of the contracts' own checks, each under a stable key: the proxy says them in Chinese (written at the
 * check, so the sidebar's first load carries only the checks it uses), the sidebar in the language it chose
 * (`useContractWords` of contracts/errors.ts, given src/i18n/en/errors.ts's `contractWords` in English). The schemas stay one: a check names
 * its key, its Chinese and its params, and the words are looked up when a value is parsed. In another language
 * `{field}` is a key of its `fields` (the Chinese has the field's name written in); other `{params}` are data.
 */
export type WordKey =
  | 'empty'
  | 'maxWords'
  | 'maxChars'
  | 'httpUrl'
  | 'formats'
  | 'maxSize'
  | 'fileId'
  | 'fileName'
  | 'fileNameChars'
  | 'fileNameBidi'
  | 'fileEmpty'
  | 'fileSource'
  | 'fileExtension'
  | 'linkTitle'
  | 'appId'
  | 'mpPage'
  | 'mpPageHtml'
  | 'roomId'
  | 'flag'
  | 'msgType'
  | 'wechatId'
  | 'wechatIdNegative'
  | 'folderSlash'
  | 'maxTags'
  | 'minContent'
  | 'maxContent'
  | 'oneTarget'
  | 'noTarget'

/** What a check is about, for `{field}`. */
export type Field =
  | 'text'
  | 'image'
  | 'video'
  | 'file'
  | 'fileUrl'
  | 'fileName'
  | 'linkUrl'
  | 'linkTitle'
  | 'linkDescription'
  | 'thumb'
  | 'mpTitle'
  | 'mpPage'
  | 'mpCover'
  | 'roomName'
  | 'flag'
  | 'materialTitle'
  | 'folder'
  | 'tag'

export type WordParams = Record<string, string | number>
/** A language's words for the contracts' checks (src/i18n/en/errors.ts); the Chinese is written at each check. */
export interface ContractWords {
  say(key: WordKey, params?: WordParams): string
}
/** What an issue carries besides its message: the key and params its words came from (the proxy's `issues` send it). */
export interface Said {
  key: WordKey
  params?: WordParams
}

/** The words of `key` in the language `useContractWords` (contracts/errors.ts) chose; `chinese` is the proxy's. */
export const say = (key: WordKey, chinese: string, params?: WordParams): string => contractWords?.say(key, params) ?? chinese

/**
 * A check's `error`: its words, looked up when a value fails it. The issue keeps `said` (zod copies an issue's own
 * properties after asking for its message), so the proxy's 400 can name the key beside its Chinese.
 */
export const msg =
  (key: WordKey, chinese: string, params?: WordParams) =>
  (issue: object): string => {
    ;(issue as { said?: Said }).said = { key, params }
    return say(key, chinese, params)
  }

/** The same for an issue a `superRefine` adds. */
export const saidIssue = (key: WordKey, chinese: string, params?: WordParams) => ({
  message: say(key, chinese, params),
  said: { key, params },
})
