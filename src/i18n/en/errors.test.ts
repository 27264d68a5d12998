// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it, onTestFinished } from 'vitest'
import { useContractWords } from '../../../contracts/errors.js'
import { ERROR_CODES } from '../../../server/openapi/errors.js'
import { errorText } from './error-text.js'
import { contractWords, errors } from './errors.js'

/**
 * Codes the sidebar never shows as a refusal, with why. Every other code the proxy can answer needs English words.
 */
const NOT_SHOWN: Record<string, string> = {
  METRICS_TOKEN_INVALID: 'only Prometheus calls GET /metrics',
  QIKELIAO_NOT_CONFIGURED: "the 企客聊 entry's refusals are HTML pages (server/routes/qikeliao.ts), not answers",
  QIKELIAO_REPLAYED: "the 企客聊 entry's refusals are HTML pages, not answers",
  QIKELIAO_ENTERED: 'a log line, not an answer',
  CODE_FROM_WECOM: "an example in the OpenAPI document's login route",
  PUBLIC_URL_NOT_HTTPS: "系统状态's checks: their results are words of the status page (src/i18n/*/admin.ts)",
  PUBLIC_URL_UNREACHABLE: "系统状态's checks",
  WW_VERIFY_NOT_SERVED: "系统状态's checks",
  SIGNATURE_SELF_TEST_FAILED: "系统状态's checks",
  ENOTFOUND: "a DNS error's code inside the media fetcher, never answered",
}

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(`${dir}/${e.name}`) : [`${dir}/${e.name}`]))

/** Every code the proxy's own code names where it refuses: thrown, built, mapped from a vendor or stored on a send. */
function codesInSource(): Set<string> {
  const found = new Set<string>()
  const patterns = [
    /(?:badRequest|conflict|notFound|forbidden|unauthorized)\(\s*'([A-Z][A-Z0-9_]+)'/g,
    /AppError\(\s*[^,]+,\s*'([A-Z][A-Z0-9_]+)'/g,
    /\bcode: '([A-Z][A-Z0-9_]+)'/g,
    /\berrorCode: '([A-Z][A-Z0-9_]+)'/g,
    // 系统状态's failed checks (server/services/status/checks.ts): `new CheckFailed(id, 'CODE', …)`.
    /CheckFailed\(\s*'[a-zA-Z]+',\s*'([A-Z][A-Z0-9_]+)'/g,
  ]
  for (const file of [...files('server'), ...files('contracts')]) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.includes('/sim/')) continue
    const text = readFileSync(file, 'utf8')
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.add(m[1]!)
    // A vendor's generic codes are built from its prefix (server/upstream/errors.ts: `${p}_TIMEOUT`, …).
    for (const m of text.matchAll(/`\$\{(?:p|PREFIX\[vendor\])\}_([A-Z_]+)`/g)) {
      for (const vendor of ['WECOM', 'YOUMI', 'WSHOTO']) found.add(`${vendor}_${m[1]}`)
    }
  }
  return found
}

const hasWords = (code: string) => errors[code] !== undefined || errors[code.replace(/^(WECOM|YOUMI|WSHOTO)_/, 'VENDOR_')] !== undefined

describe("English words for every code the proxy's answers can carry", () => {
  it('every code of ERROR_CODES and every code the source refuses with, but the few the sidebar never shows', () => {
    const codes = new Set([...Object.keys(ERROR_CODES), ...codesInSource()])
    // The scan finds what it must: vendor codes and codes only the source names.
    expect(codes).toContain('WECOM_TIMEOUT')
    expect(codes).toContain('YOUMI_TARGET_REJECTED')
    expect(codes).toContain('FILE_TYPE_UNKNOWN')
    expect(codes).toContain('CHAT_RESULT_UNREPORTED')
    expect(codes).toContain('WW_VERIFY_NOT_SERVED')
    const missing = [...codes].filter((code) => !(code in NOT_SHOWN) && !hasWords(code)).sort()
    expect(missing).toEqual([])
  })

  it('the exceptions are codes that exist', () => {
    const codes = new Set([...Object.keys(ERROR_CODES), ...codesInSource()])
    expect(Object.keys(NOT_SHOWN).filter((code) => !codes.has(code))).toEqual([])
  })

  it('no Chinese in any of them', () => {
    expect(Object.entries(errors).filter(([, text]) => /\p{Script=Han}/u.test(text))).toEqual([])
  })
})

describe('words filled with the answer’s params', () => {
  it('puts the params in, and words for params that are words', () => {
    expect(errorText({ code: 'RATE_LIMITED', params: { seconds: 7 } })).toBe('Too many requests: please wait 7 s and retry.')
    expect(errorText({ code: 'MEDIA_TOO_LARGE', params: { kind: 'video', limitMb: 10 } })).toBe(
      'The file is too large: a video can be at most 10 MB. Compress it or choose another file.',
    )
    expect(errorText({ code: 'CONTENT_NOT_ON_CHANNEL', params: { index: 2, kind: 'miniprogram', channel: 'rpa', other: 'chat' } })).toBe(
      'Item 2 is a mini program, which cannot go out through “Broadcast”: use “Send to chat”.',
    )
    expect(errorText({ code: 'MATERIAL_FILE_NOT_FOUND', params: { name: 'quote.pdf' } })).toMatch(
      /^The library no longer has this file \(quote\.pdf\)/,
    )
    expect(errorText({ code: 'CAMPAIGN_ALREADY_TRACKED', params: { taskId: 'T-42' } })).toBe('Task T-42 is in the list already.')
    expect(errorText({ code: 'WRONG_HOST', params: { host: 'qikeliao', from: 'wecom' } })).toBe(
      'This works only in Qikeliao: you signed in from WeCom. Open the sidebar from Qikeliao.',
    )
  })

  it('leaves out an optional part whose params did not come (a send stores no params)', () => {
    expect(errorText({ code: 'RATE_LIMITED' })).toBe('Too many requests: please wait and retry.')
    expect(errorText({ code: 'VENDOR_UNAVAILABLE', params: { vendor: 'youmi' } })).toBe(
      'Youmi cannot be reached right now (repeated failures just now). Please try again.',
    )
  })

  it("answers nothing (the proxy's words stay) when a param the words need is missing, or the code has no words", () => {
    expect(errorText({ code: 'WRONG_HOST' })).toBeUndefined()
    expect(errorText({ code: 'MEDIA_TYPE_MISMATCH', params: { variant: 'name' } })).toBeUndefined()
    expect(errorText({ code: 'QIKELIAO_REPLAYED' })).toBeUndefined()
  })

  it('a variant has its own words; an unknown variant the code’s', () => {
    expect(errorText({ code: 'SEND_NOT_CANCELLABLE', params: { variant: 'started' } })).toBe(
      'The broadcast has started and can no longer be cancelled.',
    )
    expect(errorText({ code: 'SEND_NOT_CANCELLABLE', params: { variant: 'later' } })).toBe(
      'Only a scheduled broadcast that has not started can be cancelled.',
    )
    expect(errorText({ code: 'MEDIA_FETCH_FAILED', params: { host: 'cdn.example.com', reason: 'timeout' } })).toBe(
      'Could not get the file (cdn.example.com): it took too long. Check that the link opens in a browser, or try again later.',
    )
  })

  it("a vendor's generic codes share words, with the vendor named", () => {
    expect(errorText({ code: 'WSHOTO_TIMEOUT', params: { vendor: 'wshoto', op: 'task/detail' } })).toBe(
      'WShoto did not answer in time (task/detail). Please retry in a moment.',
    )
    expect(
      errorText({ code: 'WECOM_ERROR', params: { vendor: 'wecom', op: 'media/upload', vendorMessage: 'invalid type', vendorCode: 40004 } }),
    ).toBe('WeCom refused the request (media/upload): invalid type (code 40004).')
    // The named ones keep their own words.
    expect(errorText({ code: 'WECOM_RATE_LIMITED', params: { vendor: 'wecom' } })).toMatch(/^WeCom is being called too often/)
  })

  it("a 400's issues in the words of the contracts' checks when they name them, else the proxy's", () => {
    // setLocale('en') does this for the sidebar.
    useContractWords(contractWords)
    onTestFinished(() => useContractWords(null))
    const text = errorText({
      code: 'INVALID_REQUEST',
      issues: [
        { path: 'body.content.0.text', message: '文字最多 2000 字', key: 'maxWords', params: { field: 'text', max: 2000 } },
        { path: 'body.channel', message: 'Invalid input' },
      ],
    })
    expect(text).toBe(
      'The request was not accepted: body.content.0.text: The text can have at most 2000 characters; body.channel: Invalid input',
    )
  })
})
