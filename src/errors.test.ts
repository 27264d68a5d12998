import { describe, expect, it } from 'vitest'
import { ApiFailure, describeError, errorReport, noteFailure } from './errors.js'

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

describe('errorReport', () => {
  it('names the code and request id of the failure on screen, and not of another one', () => {
    noteFailure(new ApiFailure(404, 'CAMPAIGN_NOT_TRACKED', '任务 7 不在跟踪列表中', 'req-7f3a'))
    const report = errorReport('任务 7 不在跟踪列表中')
    expect(report).toContain('错误码：CAMPAIGN_NOT_TRACKED')
    expect(report).toContain('请求 ID：req-7f3a')
    expect(report).toContain(`地址：${location.host}`)
    expect(report).toMatch(/时间：\d{4}-\d\d-\d\dT/)
    // A screen showing something else (a host error) does not borrow that request's id.
    const other = errorReport('企业微信没有响应')
    expect(other).toContain('错误码：—')
    expect(other).not.toContain('req-7f3a')
  })
})
