// The one table of vendor failures people act on, shared by the proxy and the sidebar: `staff` is what a staff member
// reads in the sidebar (the proxy's error message, or the JS-SDK failure in src/i18n/zh-CN/boot.ts), `admin` is what
// the admins' 系统状态 page (/admin/status) tells them to do. Keyed `<vendor>:<vendor code>`, or by the proxy's error
// code for failures that have no vendor code (timeouts, an open circuit breaker, refused credentials at Youmi's token
// server). Plain data: no zod needed, and the sidebar bundles only what it uses.

export interface VendorAdvice {
  /** The proxy's error code for it (`ERROR_CODES` in server/openapi/errors.ts). */
  code: string
  staff: string
  admin: string
}

// The two the sidebar itself shows (JS-SDK failures in src/i18n/zh-CN/boot.ts), as constants of their own: importing
// them leaves the rest of the table out of the sidebar's first load.
export const STAFF_SIGNATURE_INVALID =
  'JS-SDK 签名校验失败（40093）。请管理员检查 PUBLIC_URL 是否与侧边栏地址一致、应用的 Secret 是否正确。'
export const STAFF_DOMAIN_NOT_TRUSTED = '页面域名不是应用的可信域名（80001）。请管理员在应用的「网页授权及JS-SDK」中设置可信域名。'

export const VENDOR_ADVICE = {
  'wecom:40001': {
    code: 'WECOM_CREDENTIALS_INVALID',
    staff: '企业微信应用的 Secret 不正确：请管理员检查 WECOM_SECRET。',
    admin: '应用的 Secret 不对：在企业微信管理后台 → 应用管理 → 本应用 查看 Secret，填入 WECOM_SECRET 后重启本服务。',
  },
  'wecom:40013': {
    code: 'WECOM_CREDENTIALS_INVALID',
    staff: '企业 ID 不正确：请管理员检查 WECOM_CORP_ID。',
    admin: '企业 ID 不对：在企业微信管理后台 → 我的企业 → 企业信息 复制企业ID，填入 WECOM_CORP_ID 后重启本服务。',
  },
  'wecom:60020': {
    code: 'WECOM_IP_NOT_TRUSTED',
    staff: '代理服务器的出口 IP 不在应用的「企业可信IP」中：请管理员在企业微信后台添加。',
    admin: '把本服务的出口 IP 加入企业可信IP（企业微信管理后台 → 应用管理 → 本应用 → 企业可信IP）。',
  },
  'wecom:40093': {
    code: 'WECOM_SIGNATURE_INVALID',
    staff: STAFF_SIGNATURE_INVALID,
    admin: '签名与页面地址不符：PUBLIC_URL 必须正是员工打开的侧边栏地址（协议、域名、端口都一致）。',
  },
  'wecom:80001': {
    code: 'WECOM_DOMAIN_NOT_TRUSTED',
    staff: STAFF_DOMAIN_NOT_TRUSTED,
    admin: '在应用的「网页授权及JS-SDK → 可信域名」填入 PUBLIC_URL 的域名，并把 WW_verify_*.txt 放在域名根目录。',
  },
  'wecom:48002': {
    code: 'WECOM_API_FORBIDDEN',
    staff: '应用没有调用该接口的权限：请在管理后台「客户联系 → 可调用接口的应用」中加入本应用。',
    admin: '在企业微信管理后台 → 客户联系 → 可调用接口的应用 中加入本应用。',
  },
  'wecom:45009': {
    code: 'WECOM_RATE_LIMITED',
    staff: '调用企业微信接口过于频繁，请稍后重试。',
    admin: '企业微信限制了调用频率：稍等几分钟；一再出现时检查是否有别的程序在用同一个应用的 Secret。',
  },
  'youmi:10003': {
    code: 'YOUMI_ERROR',
    staff: '友米认为接口令牌已失效，请重试。',
    admin: '友米不认本服务的令牌：若重新检查仍失败，请向友米确认 YOUMI_CLIENT_ID / YOUMI_CLIENT_SECRET 是否仍然有效。',
  },
  'youmi:10006': {
    code: 'YOUMI_CLOCK_SKEW',
    staff: '友米认为请求已过期：请检查代理服务器的系统时间。',
    admin: '本服务器的时间与友米相差太多：开启 NTP 时间同步（见下方「时钟偏差」）。',
  },
  'youmi:200006': {
    code: 'YOUMI_CREDENTIALS_INVALID',
    staff: '友米拒绝了商户凭证：请管理员检查 YOUMI_TENANT_ID 与密钥。',
    admin: '友米不认商户号：核对 YOUMI_TENANT_ID（友米后台的租户 ID）后重启本服务。',
  },
  YOUMI_CREDENTIALS_INVALID: {
    code: 'YOUMI_CREDENTIALS_INVALID',
    staff: '友米拒绝了接口凭证：请管理员检查 YOUMI_CLIENT_ID、YOUMI_CLIENT_SECRET 与 YOUMI_SCOPE。',
    admin:
      '友米拒绝了接口凭证：客户端密钥可能已过期或被重置，向友米要新的 YOUMI_CLIENT_SECRET（并核对 YOUMI_CLIENT_ID、YOUMI_SCOPE）后重启本服务。',
  },
  'wshoto:40001': {
    code: 'WSHOTO_CREDENTIALS_INVALID',
    staff: '微盛拒绝了应用凭证：请管理员检查 WSHOTO_APP_ID 与 WSHOTO_APP_SECRET。',
    admin: '微盛不认应用凭证：在微盛开放平台核对 WSHOTO_APP_ID 与 WSHOTO_APP_SECRET 后重启本服务。',
  },
  'wshoto:10001': {
    code: 'WSHOTO_ERROR',
    staff: '微盛认为接口令牌无效，请重试。',
    admin: '微盛不认本服务的令牌：若重新检查仍失败，核对 WSHOTO_APP_SECRET 是否在开放平台被重置。',
  },
  'wshoto:10010': {
    code: 'WSHOTO_ERROR',
    staff: '微盛认为接口令牌已过期，请重试。',
    admin: '微盛的令牌过期后没能换新：重新检查；仍失败时核对 WSHOTO_APP_ID / WSHOTO_APP_SECRET。',
  },
  'wshoto:10011': {
    code: 'WSHOTO_ERROR',
    staff: '微盛认为接口令牌无效，请重试。',
    admin: '微盛不认本服务的令牌：重新检查；仍失败时核对 WSHOTO_APP_ID / WSHOTO_APP_SECRET。',
  },
  VENDOR_UNAVAILABLE: {
    code: 'VENDOR_UNAVAILABLE',
    staff: '服务商暂时无法连接，请过一会儿再试。',
    admin: '连续多次调用失败，已暂停调用（熔断）：检查本服务到该服务商的网络和服务商的状态；熔断 15 秒后会自动试探恢复。',
  },
} as const satisfies Record<string, VendorAdvice>

/** What to do for failures named only by their kind (the suffix of `<VENDOR>_TIMEOUT` and the like). */
const BY_KIND: Record<string, string> = {
  TIMEOUT: '服务商没有及时响应：检查本服务的出口网络；服务商繁忙时可调大 UPSTREAM_TIMEOUT_MS。',
  UNREACHABLE: '连不上服务商：检查本服务的出口网络、DNS 和防火墙，以及接口地址（*_API_BASE）。',
  HTTP_ERROR: '服务商返回了 HTTP 错误：多为服务商故障，稍后重新检查；一再出现请联系服务商。',
  BAD_RESPONSE: '服务商返回了无法识别的内容：接口地址可能填错了（*_API_BASE），或服务商改了接口。',
  RATE_LIMITED: '服务商限制了调用频率：稍等几分钟再检查。',
  CLOCK_SKEW: '本服务器的时钟与服务商相差太多（签名和令牌会被拒绝）：开启 NTP 时间同步（如 systemd-timesyncd、chronyd），再重新检查。',
  CREDENTIALS_INVALID: '凭证不对：核对该服务商的 ID 与密钥后重启本服务。',
}

/** The admin's words for a failure: by vendor code first, then by the proxy's code, then by its kind. */
export function adviceFor(vendor: string, code: string, vendorCode?: unknown): string {
  const table = VENDOR_ADVICE as Record<string, VendorAdvice>
  const byVendorCode = vendorCode === undefined || vendorCode === null ? undefined : table[`${vendor}:${String(vendorCode)}`]
  if (byVendorCode) return byVendorCode.admin
  if (table[code]) return table[code].admin
  const kind = Object.keys(BY_KIND).find((k) => code === k || code.endsWith(`_${k}`))
  return kind ? BY_KIND[kind]! : '查看服务日志中这个错误码的记录；需要时把错误码和时间发给服务商。'
}
