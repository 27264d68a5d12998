import { VENDOR_ADVICE } from '../../../contracts/vendor-advice.js'
import { vendorCode, type UpstreamError } from '../errors.js'

export const YOUMI_TOKEN_INVALID = 10003
export const YOUMI_OK = new Set([10004, 20000])

/** Codes of the delete call (simulator's guesses, see docs/simulator.md): the caller decides what they mean. */
export const YOUMI_TASK_NOT_FOUND = 200009
export const YOUMI_TASK_STARTED = 200010

export function youmiError(op: string, code: number, desc: string): UpstreamError {
  // 200008–200024 describe friends and operator accounts for a save; a delete's codes are the caller's to read.
  if (op !== 'SaveBulkSendTask' && code >= 200008) return vendorCode('youmi', op, code, desc)
  if (code === 10006 || code === 200005) {
    return vendorCode('youmi', op, code, desc, { code: 'YOUMI_CLOCK_SKEW', message: VENDOR_ADVICE['youmi:10006'].staff })
  }
  if (code === 200006) {
    return vendorCode('youmi', op, code, desc, { code: 'YOUMI_CREDENTIALS_INVALID', message: VENDOR_ADVICE['youmi:200006'].staff })
  }
  if (code >= 200001 && code <= 200007) {
    return vendorCode('youmi', op, code, desc, {
      code: 'YOUMI_REQUEST_REJECTED',
      message: `友米认为请求缺少必填项：${desc || '无说明'}（错误码 ${code}）`,
    })
  }
  if (code >= 200008 && code <= 200024) {
    return vendorCode('youmi', op, code, desc, {
      code: 'YOUMI_TARGET_REJECTED',
      message: `友米无法向这位客户发送（好友、群或运营号状态异常）：${desc || '无说明'}（错误码 ${code}）`,
    })
  }
  return vendorCode('youmi', op, code, desc)
}
