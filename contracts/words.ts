/**
 * The words of the contracts' own checks, each under a stable key: the proxy answers them in Chinese (these tables),
 * the sidebar in the language it chose (`useContractWords`, given src/i18n/en/contract-words.ts in English). The
 * schemas stay one: a check names its key and params, and the words are looked up when a value is parsed. `{field}`
 * is itself a key of FIELDS, the other `{params}` are data (a number, `jpg / png`).
 */
export const WORDS = {
  empty: '{field}不能为空',
  maxWords: '{field}最多 {max} 字',
  maxChars: '{field}最多 {max} 个字符',
  httpUrl: '{field}必须是 http(s) 链接',
  formats: '{field}只支持 {formats} 格式',
  maxSize: '{field}不能超过 {size}',
  fileId: 'fileId 必须是素材库里的文件编号',
  fileName: '文件需要名称',
  fileNameChars: '文件名不能包含 / \\ 或控制字符',
  fileNameBidi: '文件名不能包含改变文字方向的隐藏字符（如 U+202E）',
  fileEmpty: '文件不能是空的',
  fileSource: '文件请只给一个来源：素材库文件（fileId）或链接（url）',
  fileExtension: '文件名需要带扩展名，例如 报价单.pdf',
  linkTitle: '链接需要标题',
  appId: '小程序 AppID 是 wx 加 16 位十六进制字符，例如 wx8bd80126147dfa6e',
  mpPage: '小程序需要页面路径',
  mpPageHtml: '小程序页面路径必须以 .html 结尾，例如 pages/index/index.html',
  roomId: '群 ID 形如 46218981780@chatroom',
  flag: '群共享需要 flag',
  msgType: 'msgType 是数字，例如 6',
  wechatId: 'wechatId 是友米运营号的数字编号',
  wechatIdNegative: 'wechatId 不能是负数',
  folderSlash: '文件夹名称不能包含 /',
  maxTags: '最多 {max} 个标签',
  minContent: '至少要发送一条内容',
  maxContent: '一次最多发送 {max} 条内容',
  oneTarget: '只能发给一位客户或一个客户群：contact、group 和 friend 请只填一个',
  noTarget: '请指定发给谁：填写 contact（客户）、group（客户群）或 friend（企客聊好友）',
}

/** What a check is about, for `{field}`. */
export const FIELDS = {
  text: '文字',
  image: '图片',
  video: '视频',
  file: '文件',
  fileUrl: '文件地址',
  fileName: '文件名',
  linkUrl: '链接地址',
  linkTitle: '链接标题',
  linkDescription: '链接描述',
  thumb: '缩略图',
  mpTitle: '小程序标题',
  mpPage: '小程序页面路径',
  mpCover: '小程序封面',
  roomName: '群名称',
  flag: 'flag',
  materialTitle: '素材标题',
  folder: '文件夹名称',
  tag: '标签',
}

export type WordKey = keyof typeof WORDS
export type Field = keyof typeof FIELDS
export type WordParams = Record<string, string | number>
/** A language's words for the contracts: every key of both tables (src/i18n/parity.test.ts holds the placeholders). */
export interface ContractWords {
  words: Record<WordKey, string>
  fields: Record<Field, string>
}
/** What an issue carries besides its message: the key and params its words came from (the proxy's `issues` send it). */
export interface Said {
  key: WordKey
  params?: WordParams
}

const chinese: ContractWords = { words: WORDS, fields: FIELDS }
let current = chinese

/** The language of the checks' messages from now on; `null` is the proxy's Chinese. */
export function useContractWords(words: ContractWords | null): void {
  current = words ?? chinese
}

/** The words of `key` in the current language, `{field}` named in it too. */
export function say(key: WordKey, params?: WordParams): string {
  return current.words[key].replace(/\{(\w+)\}/g, (all, name: string) => {
    const value = params?.[name]
    if (value === undefined) return all
    return name === 'field' ? (current.fields[value as Field] ?? String(value)) : String(value)
  })
}

/**
 * A check's `error`: its words, looked up when a value fails it. The issue keeps `said` (zod copies an issue's own
 * properties after asking for its message), so the proxy's 400 can name the key beside its Chinese.
 */
export const msg =
  (key: WordKey, params?: WordParams) =>
  (issue: object): string => {
    ;(issue as { said?: Said }).said = params ? { key, params } : { key }
    return say(key, params)
  }

/** The same for an issue a `superRefine` adds. */
export const saidIssue = (key: WordKey, params?: WordParams) => ({
  message: say(key, params),
  said: params ? { key, params } : { key },
})
