import { HostError, type HostErrorReason } from './types.js'

// The JS-SDK rejects with `{ errMsg: '<api>:<keyword>', errCode }` or an `Error`; the keywords below are the ones
// WeCom documents (see docs/vendors.md). Order matters: a signature error also says "fail".
const RULES: [RegExp, HostErrorReason][] = [
  [/\b40093\b|invalid signature/i, 'badSignature'],
  [/\b80001\b|not trusted|untrusted|domain/i, 'untrustedDomain'],
  [/no ?permission|permission denied|access denied/i, 'noPermission'],
  [/without context|no context|not in (a )?chat/i, 'noContactContext'],
  [/aborted/i, 'aborted'],
  [/:cancel\b|\bcancel(l)?ed\b/i, 'cancelled'],
  [/not support|function not exist|unsupported|system:function/i, 'unsupported'],
]

/** Turns whatever the JS-SDK rejected with into a `HostError` that says what to fix. */
export function toHostError(err: unknown): HostError {
  if (err instanceof HostError) return err
  const detail = describe(err)
  const errCode = typeof err === 'object' && err !== null && 'errCode' in err ? String((err as { errCode: unknown }).errCode) : ''
  const text = `${errCode} ${detail}`
  for (const [pattern, reason] of RULES) if (pattern.test(text)) return new HostError(reason, detail)
  return new HostError('unknown', detail)
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message
  if (typeof err === 'object' && err !== null && 'errMsg' in err) return String((err as { errMsg: unknown }).errMsg)
  if (typeof err === 'string') return err
  try {
    return JSON.stringify(err)
  } catch {
    return String(err)
  }
}
