import { VENDOR_ADVICE } from '../../../contracts/vendor-advice.js'
import { vendorCode, type UpstreamError } from '../errors.js'

/** From a public client's code, not the vendor's docs (vendors.md). */
export const WSHOTO_TOKEN_INVALID = new Set([10001, 10010, 10011])
/** The simulator's choice for "no such task": the vendor does not publish one. */
export const WSHOTO_TASK_NOT_FOUND = new Set([40004])

export function wshotoError(op: string, code: number, msg: string): UpstreamError {
  if (code === 40001) {
    return vendorCode('wshoto', op, code, msg, { code: 'WSHOTO_CREDENTIALS_INVALID', message: VENDOR_ADVICE['wshoto:40001'].staff })
  }
  if (WSHOTO_TASK_NOT_FOUND.has(code)) {
    return vendorCode('wshoto', op, code, msg, {
      status: 404,
      code: 'CAMPAIGN_NOT_FOUND',
      message: '微盛中没有这个群发任务：请检查任务 ID。',
    })
  }
  return vendorCode('wshoto', op, code, msg)
}
