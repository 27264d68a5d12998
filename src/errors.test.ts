import { describe, expect, it } from 'vitest'
import { ApiFailure, describeError } from './errors.js'

describe('describeError', () => {
  it('reads ApiFailure, Error, and anything else', () => {
    expect(describeError(new ApiFailure(502, 'X', '友米暂时不可用'))).toBe('友米暂时不可用')
    expect(describeError(new Error('boom'))).toBe('boom')
    expect(describeError(new Error(''))).toBe('出了点问题，请重试。')
    expect(describeError({ weird: true })).toBe('出了点问题，请重试。')
  })
})

describe('ApiFailure', () => {
  it('names itself and knows an expired session', () => {
    const failure = new ApiFailure(401, 'NO_SESSION', '登录已过期')
    expect(failure.name).toBe('ApiFailure')
    expect(failure.isSessionExpired).toBe(true)
    expect(new ApiFailure(403, 'ADMIN_ONLY', 'x').isSessionExpired).toBe(false)
  })
})
