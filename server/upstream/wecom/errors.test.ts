import { describe, expect, it } from 'vitest'
import { wecomError } from './errors.js'

describe('WeCom errors for customer groups', () => {
  it.each([40050, 86001, 86003, 90501])('errcode %i on a group call is 404 GROUP_NOT_FOUND with what to do', (code) => {
    const e = wecomError('externalcontact/groupchat/get', code, 'invalid chatid')
    expect(e).toMatchObject({ status: 404, code: 'GROUP_NOT_FOUND', details: { vendorCode: code } })
    expect(e.message).toContain('重新打开侧边栏')
  })

  it('an unlisted code whose errmsg names the chat id is GROUP_NOT_FOUND on a group call only', () => {
    expect(wecomError('externalcontact/groupchat/get', 49999, 'invalid chat_id, hint: [x]').code).toBe('GROUP_NOT_FOUND')
    expect(wecomError('externalcontact/get', 49999, 'invalid chat_id').code).toBe('WECOM_ERROR')
    expect(wecomError('externalcontact/groupchat/get', 48002, 'api forbidden').code).toBe('WECOM_API_FORBIDDEN')
  })
})
