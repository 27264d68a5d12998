import { afterEach, describe, expect, it } from 'vitest'
import { errorReport } from './errorReport.js'
import { ApiFailure, noteFailure } from './errors.js'
import { setLocale } from './i18n/index.js'

describe('errorReport', () => {
  afterEach(() => setLocale('zh-CN'))

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

  it('labels the report in the language of the sidebar', async () => {
    await setLocale('en')
    noteFailure(new ApiFailure(404, 'CAMPAIGN_NOT_TRACKED', 'Task 7 is not tracked', 'req-8b'))
    const report = errorReport('Task 7 is not tracked')
    expect(report).toContain('Error: Task 7 is not tracked')
    expect(report).toContain('Code: CAMPAIGN_NOT_TRACKED')
    expect(report).toContain('Request ID: req-8b')
    expect(report).not.toMatch(/\p{Script=Han}/u)
  })
})
