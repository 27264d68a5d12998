// The words of 系统状态's live checks (contracts/status.ts `StatusCheck`), in the proxy's language, by the check's
// stable id: its name and each sentence its detail may be, `{placeholders}` filled from the check's `params`. The proxy
// writes `name` and `detail` with these; the sidebar words a check by the same keys in the page's language
// (`adminStatus.checks` in src/i18n/<lang>/admin.ts: zh-CN is this table, English its translation). A failure's detail
// that is the proxy's error message has no key here: it is worded by its code, like any refusal.

export const STATUS_CHECK_WORDS = {
  wecomToken: { name: 'access_token (gettoken)' },
  wecomCorpTicket: { name: '企业 jsapi_ticket' },
  wecomAgentTicket: { name: '应用 jsapi_ticket (agent_config)' },
  youmiToken: { name: 'token' },
  wshotoToken: { name: 'access_token' },
  signatureVector: { name: '官方示例签名', signature: '{signature}', mismatch: '得到 {got}，应为 {expected}' },
  signatureLive: { name: '为 {page} 签名', signed: '企业签名 {corp}…，应用签名 {agent}…', mismatch: '签名与票据对不上' },
  https: { name: 'HTTPS', demo: '演示模式：可以用 http' },
  health: { name: '{url}', status: 'HTTP {status}', unreachable: '访问失败：{reason}' },
  wwVerify: {
    name: '{url}',
    same: '内容一致',
    status: 'HTTP {status}',
    different: 'HTTP 200，内容与文件不同',
    unreachable: '访问失败：{reason}',
  },
}

export type StatusCheckId = keyof typeof STATUS_CHECK_WORDS
/** The detail sentences of one check (every key but its name). */
export type StatusDetailKey<I extends StatusCheckId> = Exclude<keyof (typeof STATUS_CHECK_WORDS)[I], 'name'>

/** `{name}` placeholders filled from `params`; one not given stays as it is. */
export const fillWords = (text: string, params: Record<string, string> = {}): string =>
  text.replace(/\{(\w+)\}/g, (all, name: string) => params[name] ?? all)
