import { AppError } from '../errors.js'
import { TransportError, type Vendor } from './http.js'

const VENDOR_NAMES: Record<Vendor, string> = { wecom: '企业微信', youmi: '友米', wshoto: '微盛' }
const PREFIX: Record<Vendor, string> = { wecom: 'WECOM', youmi: 'YOUMI', wshoto: 'WSHOTO' }

/**
 * A vendor call that did not give a usable answer, already in product words.
 * `mayHaveHappened` is true when the vendor may have acted on the request (timeout, reset, 5xx, an answer we
 * cannot read): a create must then not be repeated without a person deciding. `op` names the call (`token`, …).
 */
export class UpstreamError extends AppError {
  constructor(
    readonly vendor: Vendor,
    readonly op: string,
    status: number,
    code: string,
    message: string,
    readonly mayHaveHappened: boolean,
    details?: Record<string, unknown>,
  ) {
    super(status, code, message, details)
    this.name = 'UpstreamError'
  }
}

export function fromTransport(vendor: Vendor, op: string, err: TransportError): UpstreamError {
  const name = VENDOR_NAMES[vendor]
  const p = PREFIX[vendor]
  switch (err.failure) {
    case 'timeout':
      return new UpstreamError(vendor, op, 504, `${p}_TIMEOUT`, `${name}没有及时响应（${op}），请稍后重试。`, true)
    case 'unreachable':
      return new UpstreamError(vendor, op, 502, `${p}_UNREACHABLE`, `无法连接${name}（${op}）：请检查代理服务器的网络或${name}接口地址设置。`, false)
    case 'reset':
      return new UpstreamError(vendor, op, 502, `${p}_UNREACHABLE`, `与${name}的连接中断（${op}），请稍后重试。`, true)
    case 'http':
      if (err.httpStatus === 429) return new UpstreamError(vendor, op, 503, `${p}_RATE_LIMITED`, `${name}限制了调用频率（${op}），请稍后重试。`, false)
      return new UpstreamError(vendor, op, 502, `${p}_HTTP_ERROR`, `${name}返回了 HTTP ${err.httpStatus ?? '?'}（${op}），请稍后重试。`, (err.httpStatus ?? 500) >= 500, {
        httpStatus: err.httpStatus,
      })
    case 'malformed':
      return new UpstreamError(vendor, op, 502, `${p}_BAD_RESPONSE`, `${name}返回了无法识别的内容（${op}）。`, true)
  }
}

/** The vendor answered, but not in the documented shape: it may well have acted on the request. */
export function badShape(vendor: Vendor, op: string, detail: string): UpstreamError {
  return new UpstreamError(vendor, op, 502, `${PREFIX[vendor]}_BAD_RESPONSE`, `${VENDOR_NAMES[vendor]}返回了不符合文档的内容（${op}）：${detail}`, true)
}

/** A vendor's own error code; `known` carries the product message for codes we understand. */
export function vendorCode(
  vendor: Vendor,
  op: string,
  vendorCode: number | string,
  vendorMessage: string,
  known?: { status?: number; code?: string; message?: string },
): UpstreamError {
  const p = PREFIX[vendor]
  return new UpstreamError(
    vendor,
    op,
    known?.status ?? 502,
    known?.code ?? `${p}_ERROR`,
    known?.message ?? `${VENDOR_NAMES[vendor]}拒绝了请求（${op}）：${tidy(vendorMessage) || '无说明'}（错误码 ${vendorCode}）`,
    false,
    { vendorCode },
  )
}

/** WeCom appends the caller's IP and a help link to errmsg: staff need neither, and the IP is ours to keep. */
function tidy(vendorMessage: string): string {
  return vendorMessage.replace(/[,，;]?\s*(from ip|hint|more info)\b.*$/is, '').trim().slice(0, 200)
}
