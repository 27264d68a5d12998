// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { HostError, type HostErrorReason } from './types.js'
import { toHostError } from './wecom-errors.js'

describe('toHostError', () => {
  // What the JS-SDK actually rejects with (see docs/vendors.md and the SDK's @throws tables).
  const cases: [string, unknown, HostErrorReason, string][] = [
    [
      'no 客户联系 permission',
      { errMsg: 'getCurExternalContact:fail no permission' },
      'noPermission',
      'getCurExternalContact:fail no permission',
    ],
    [
      'opened outside a customer chat',
      { errMsg: 'getCurExternalContact:fail without context of external contact' },
      'noContactContext',
      'getCurExternalContact:fail without context of external contact',
    ],
    ['a bad agent signature (errCode only)', { errMsg: 'agentConfig:fail', errCode: 40093 }, 'badSignature', 'agentConfig:fail'],
    ['a bad corp signature (errMsg only)', { errMsg: 'config:invalid signature' }, 'badSignature', 'config:invalid signature'],
    ['an untrusted domain (errCode only)', { errCode: 80001, errMsg: 'agentConfig:fail' }, 'untrustedDomain', 'agentConfig:fail'],
    ['a route change during a call', new Error('SDK Error: Aborted'), 'aborted', 'SDK Error: Aborted'],
    ['the staff member cancelled', { errMsg: 'sendChatMessage:cancel' }, 'cancelled', 'sendChatMessage:cancel'],
    ['an old client', { errMsg: 'sendChatMessage:fail function not exist' }, 'unsupported', 'sendChatMessage:fail function not exist'],
  ]

  it.each(cases)('%s → %s', (_name, rejection, reason, detail) => {
    const err = toHostError(rejection)
    expect(err).toBeInstanceOf(HostError)
    expect(err.reason).toBe(reason)
    expect(err.detail).toBe(detail)
    expect(err.message).toBe(`${reason}: ${detail}`)
    expect(err.name).toBe('HostError')
  })

  it('reads errCode given as a string as well', () => {
    expect(toHostError({ errMsg: 'agentConfig:fail', errCode: '40093' }).reason).toBe('badSignature')
  })

  it('does not take a "fail" that is not a signature error for one', () => {
    // The signature rule must not swallow the other `:fail` keywords.
    expect(toHostError({ errMsg: 'getCurExternalChat:fail no permission', errCode: 0 }).reason).toBe('noPermission')
  })

  it('keeps the words of an error it does not know, for the "unknown" message', () => {
    const err = toHostError({ errMsg: 'getContext:fail something odd happened', errCode: 12345 })
    expect(err.reason).toBe('unknown')
    expect(err.detail).toBe('getContext:fail something odd happened')
  })

  it('describes rejections that are not SDK results', () => {
    expect(toHostError('plain words')).toMatchObject({ reason: 'unknown', detail: 'plain words' })
    expect(toHostError({ foo: 1 })).toMatchObject({ reason: 'unknown', detail: '{"foo":1}' })
    expect(toHostError(new Error('boom'))).toMatchObject({ reason: 'unknown', detail: 'boom' })
    expect(toHostError(undefined)).toMatchObject({ reason: 'unknown' })
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(toHostError(circular)).toMatchObject({ reason: 'unknown', detail: '[object Object]' })
  })

  it('passes a HostError through unchanged', () => {
    const original = new HostError('timeout', 'no answer in 10 ms')
    expect(toHostError(original)).toBe(original)
  })
})
