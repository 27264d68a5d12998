import { AppError } from '../errors.js'
import { TransportError, type TransportFailure, type Vendor } from './http.js'

export const VENDOR_NAMES: Record<Vendor, string> = { wecom: '企业微信', youmi: '友米', wshoto: '微盛' }
const PREFIX: Record<Vendor, string> = { wecom: 'WECOM', youmi: 'YOUMI', wshoto: 'WSHOTO' }

/**
 * How a vendor call failed, for deciding whether to retry it (retry.ts) and whether the vendor looks down (breaker.ts):
 * the transport failures of http.ts, `shape` (JSON, but not the documented shape) and `vendor` (its own error code).
 */
export type UpstreamFailure = TransportFailure | 'shape' | 'vendor'

/** A vendor error code that means "not now" rather than "no": WeCom's busy (-1) and its rate limits (45009, 45033). */
export type VendorRetryHint = 'busy' | 'rateLimited'

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
    readonly failure: UpstreamFailure = 'vendor',
    readonly retryHint?: VendorRetryHint,
  ) {
    super(status, code, message, details)
    this.name = 'UpstreamError'
    // Which vendor and call, for a client that words the refusal in another language (src/i18n/en/errors.ts).
    this.with({ vendor, op })
  }
}

/**
 * The vendor's circuit breaker is open: it failed again and again a moment ago, so the call was not even tried.
 * A plain AppError, never an UpstreamError: nothing reached the vendor, so a refused create is safe to repeat.
 */
export class VendorUnavailableError extends AppError {
  constructor(
    readonly vendor: Vendor,
    retryAfterMs: number,
  ) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
    super(
      503,
      'VENDOR_UNAVAILABLE',
      `${VENDOR_NAMES[vendor]}暂时无法连接（刚才连续多次调用失败），请过一会儿（约 ${seconds} 秒后）再试。`,
      {
        vendor,
        retryAfterSeconds: seconds,
      },
    )
    this.name = 'VendorUnavailableError'
    this.with({ vendor, seconds })
  }
}

export function fromTransport(vendor: Vendor, op: string, err: TransportError): UpstreamError {
  const name = VENDOR_NAMES[vendor]
  const p = PREFIX[vendor]
  switch (err.failure) {
    case 'timeout':
      return new UpstreamError(vendor, op, 504, `${p}_TIMEOUT`, `${name}没有及时响应（${op}），请稍后重试。`, true, undefined, 'timeout')
    case 'unreachable':
      return new UpstreamError(
        vendor,
        op,
        502,
        `${p}_UNREACHABLE`,
        `无法连接${name}（${op}）：请检查代理服务器的网络或${name}接口地址设置。`,
        false,
        undefined,
        'unreachable',
      )
    case 'reset':
      return new UpstreamError(
        vendor,
        op,
        502,
        `${p}_UNREACHABLE`,
        `与${name}的连接中断（${op}），请稍后重试。`,
        true,
        undefined,
        'reset',
      ).with({
        variant: 'reset',
      })
    case 'http':
      if (err.httpStatus === 429) {
        return new UpstreamError(
          vendor,
          op,
          503,
          `${p}_RATE_LIMITED`,
          `${name}限制了调用频率（${op}），请稍后重试。`,
          false,
          { httpStatus: 429 },
          'http',
        )
      }
      return new UpstreamError(
        vendor,
        op,
        502,
        `${p}_HTTP_ERROR`,
        `${name}返回了 HTTP ${err.httpStatus ?? '?'}（${op}），请稍后重试。`,
        (err.httpStatus ?? 500) >= 500,
        { httpStatus: err.httpStatus },
        'http',
      ).with({ status: err.httpStatus ?? '?' })
    case 'malformed':
      return new UpstreamError(vendor, op, 502, `${p}_BAD_RESPONSE`, `${name}返回了无法识别的内容（${op}）。`, true, undefined, 'malformed')
  }
}

/** The vendor answered, but not in the documented shape: it may well have acted on the request. */
export function badShape(vendor: Vendor, op: string, detail: string): UpstreamError {
  return new UpstreamError(
    vendor,
    op,
    502,
    `${PREFIX[vendor]}_BAD_RESPONSE`,
    `${VENDOR_NAMES[vendor]}返回了不符合文档的内容（${op}）：${detail}`,
    true,
    undefined,
    'shape',
  ).with({ detail: detail.slice(0, 200) })
}

/** A vendor's own error code; `known` carries the product message for codes we understand. */
export function vendorCode(
  vendor: Vendor,
  op: string,
  vendorCode: number | string,
  vendorMessage: string,
  known?: { status?: number; code?: string; message?: string; retry?: VendorRetryHint },
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
    'vendor',
    known?.retry,
  ).with({ vendorCode, vendorMessage: tidy(vendorMessage) })
}

/** WeCom appends the caller's IP and a help link to errmsg: staff need neither, and the IP is ours to keep. */
function tidy(vendorMessage: string): string {
  return vendorMessage
    .replace(/[,，;]?\s*(from ip|hint|more info)\b.*$/is, '')
    .trim()
    .slice(0, 200)
}
