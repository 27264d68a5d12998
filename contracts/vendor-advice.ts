// The one table of vendor failures people act on, shared by the proxy and the sidebar: `staff` is what a staff member
// reads in the sidebar (the proxy's error message, or the JS-SDK failure in src/i18n/zh-CN/boot.ts), `admin` is what
// the admins' 系统状态 page (/admin/status) tells them to do, `adminEn` the same in English (the sidebar's English
// admin pages). Keyed `<vendor>:<vendor code>`, or by the proxy's error code for failures that have no vendor code
// (timeouts, an open circuit breaker, refused credentials at Youmi's token server). Plain data: no zod needed.
// In the sidebar only the lazy 系统状态 chunk imports this module (src/components/admin/status-words.ts). The staff's
// words for 40093 and 80001 are also the JS-SDK failures the first load shows: jssdk-advice.ts has them for it, the
// same text (vendor-advice.test.ts), written out here too, since importing them would make the first load export them.

export interface VendorAdvice {
  /** The proxy's error code for it (`ERROR_CODES` in server/openapi/errors.ts). */
  code: string
  staff: string
  admin: string
  adminEn: string
}

export const VENDOR_ADVICE = {
  'wecom:40001': {
    code: 'WECOM_CREDENTIALS_INVALID',
    staff: '企业微信应用的 Secret 不正确：请管理员检查 WECOM_SECRET。',
    admin: '应用的 Secret 不对：在企业微信管理后台 → 应用管理 → 本应用 查看 Secret，填入 WECOM_SECRET 后重启本服务。',
    adminEn:
      "The app's Secret is wrong: in the WeCom admin console → App Management → this app, view the Secret, put it in WECOM_SECRET and restart this service.",
  },
  'wecom:40013': {
    code: 'WECOM_CREDENTIALS_INVALID',
    staff: '企业 ID 不正确：请管理员检查 WECOM_CORP_ID。',
    admin: '企业 ID 不对：在企业微信管理后台 → 我的企业 → 企业信息 复制企业ID，填入 WECOM_CORP_ID 后重启本服务。',
    adminEn:
      'The corp ID is wrong: in the WeCom admin console → My Company → Company Information, copy the Corp ID into WECOM_CORP_ID and restart this service.',
  },
  'wecom:60020': {
    code: 'WECOM_IP_NOT_TRUSTED',
    staff: '代理服务器的出口 IP 不在应用的「企业可信IP」中：请管理员在企业微信后台添加。',
    admin: '把本服务的出口 IP 加入企业可信IP（企业微信管理后台 → 应用管理 → 本应用 → 企业可信IP）。',
    adminEn:
      "Add this service's outbound IP to the app's trusted IPs (WeCom admin console → App Management → this app → Trusted company IPs).",
  },
  'wecom:40093': {
    code: 'WECOM_SIGNATURE_INVALID',
    staff: 'JS-SDK 签名校验失败（40093）。请管理员检查 PUBLIC_URL 是否与侧边栏地址一致、应用的 Secret 是否正确。',
    admin: '签名与页面地址不符：PUBLIC_URL 必须正是员工打开的侧边栏地址（协议、域名、端口都一致）。',
    adminEn:
      'The signature does not match the page address: PUBLIC_URL must be exactly the sidebar address staff open (same scheme, domain and port).',
  },
  'wecom:80001': {
    code: 'WECOM_DOMAIN_NOT_TRUSTED',
    staff: '页面域名不是应用的可信域名（80001）。请管理员在应用的「网页授权及JS-SDK」中设置可信域名。',
    admin: '在应用的「网页授权及JS-SDK → 可信域名」填入 PUBLIC_URL 的域名，并把 WW_verify_*.txt 放在域名根目录。',
    adminEn:
      "Under the app's Web Authorization and JS-SDK → Trusted domain, enter PUBLIC_URL's domain, and put WW_verify_*.txt at the domain's root.",
  },
  'wecom:48002': {
    code: 'WECOM_API_FORBIDDEN',
    staff: '应用没有调用该接口的权限：请在管理后台「客户联系 → 可调用接口的应用」中加入本应用。',
    admin: '在企业微信管理后台 → 客户联系 → 可调用接口的应用 中加入本应用。',
    adminEn: 'In the WeCom admin console → Customer Contact → Apps allowed to call the API, add this app.',
  },
  'wecom:45009': {
    code: 'WECOM_RATE_LIMITED',
    staff: '调用企业微信接口过于频繁，请稍后重试。',
    admin: '企业微信限制了调用频率：稍等几分钟；一再出现时检查是否有别的程序在用同一个应用的 Secret。',
    adminEn:
      'WeCom limited the call rate: wait a few minutes; if it keeps happening, check whether another program uses the same app Secret.',
  },
  'youmi:10003': {
    code: 'YOUMI_ERROR',
    staff: '友米认为接口令牌已失效，请重试。',
    admin: '友米不认本服务的令牌：若重新检查仍失败，请向友米确认 YOUMI_CLIENT_ID / YOUMI_CLIENT_SECRET 是否仍然有效。',
    adminEn:
      "Youmi does not accept this service's token: if checking again still fails, ask Youmi whether YOUMI_CLIENT_ID / YOUMI_CLIENT_SECRET are still valid.",
  },
  'youmi:10006': {
    code: 'YOUMI_CLOCK_SKEW',
    staff: '友米认为请求已过期：请检查代理服务器的系统时间。',
    admin: '本服务器的时间与友米相差太多：开启 NTP 时间同步（见下方「时钟偏差」）。',
    adminEn: "This server's clock is too far from Youmi's: turn on NTP time sync (see Clock offset below).",
  },
  'youmi:200006': {
    code: 'YOUMI_CREDENTIALS_INVALID',
    staff: '友米拒绝了商户凭证：请管理员检查 YOUMI_TENANT_ID 与密钥。',
    admin: '友米不认商户号：核对 YOUMI_TENANT_ID（友米后台的租户 ID）后重启本服务。',
    adminEn: "Youmi does not know the tenant: check YOUMI_TENANT_ID (the tenant ID in Youmi's console), then restart this service.",
  },
  YOUMI_CREDENTIALS_INVALID: {
    code: 'YOUMI_CREDENTIALS_INVALID',
    staff: '友米拒绝了接口凭证：请管理员检查 YOUMI_CLIENT_ID、YOUMI_CLIENT_SECRET 与 YOUMI_SCOPE。',
    admin:
      '友米拒绝了接口凭证：客户端密钥可能已过期或被重置，向友米要新的 YOUMI_CLIENT_SECRET（并核对 YOUMI_CLIENT_ID、YOUMI_SCOPE）后重启本服务。',
    adminEn:
      'Youmi refused the API credentials: the client secret may have expired or been reset. Ask Youmi for a new YOUMI_CLIENT_SECRET (and check YOUMI_CLIENT_ID and YOUMI_SCOPE), then restart this service.',
  },
  'wshoto:40001': {
    code: 'WSHOTO_CREDENTIALS_INVALID',
    staff: '微盛拒绝了应用凭证：请管理员检查 WSHOTO_APP_ID 与 WSHOTO_APP_SECRET。',
    admin: '微盛不认应用凭证：在微盛开放平台核对 WSHOTO_APP_ID 与 WSHOTO_APP_SECRET 后重启本服务。',
    adminEn:
      "WShoto does not accept the app credentials: check WSHOTO_APP_ID and WSHOTO_APP_SECRET on WShoto's open platform, then restart this service.",
  },
  'wshoto:10001': {
    code: 'WSHOTO_ERROR',
    staff: '微盛认为接口令牌无效，请重试。',
    admin: '微盛不认本服务的令牌：若重新检查仍失败，核对 WSHOTO_APP_SECRET 是否在开放平台被重置。',
    adminEn:
      "WShoto does not accept this service's token: if checking again still fails, check whether WSHOTO_APP_SECRET was reset on the open platform.",
  },
  'wshoto:10010': {
    code: 'WSHOTO_ERROR',
    staff: '微盛认为接口令牌已过期，请重试。',
    admin: '微盛的令牌过期后没能换新：重新检查；仍失败时核对 WSHOTO_APP_ID / WSHOTO_APP_SECRET。',
    adminEn: "WShoto's token expired and could not be renewed: check again; if it still fails, check WSHOTO_APP_ID / WSHOTO_APP_SECRET.",
  },
  'wshoto:10011': {
    code: 'WSHOTO_ERROR',
    staff: '微盛认为接口令牌无效，请重试。',
    admin: '微盛不认本服务的令牌：重新检查；仍失败时核对 WSHOTO_APP_ID / WSHOTO_APP_SECRET。',
    adminEn: "WShoto does not accept this service's token: check again; if it still fails, check WSHOTO_APP_ID / WSHOTO_APP_SECRET.",
  },
  VENDOR_UNAVAILABLE: {
    code: 'VENDOR_UNAVAILABLE',
    staff: '服务商暂时无法连接，请过一会儿再试。',
    admin: '连续多次调用失败，已暂停调用（熔断）：检查本服务到该服务商的网络和服务商的状态；熔断 15 秒后会自动试探恢复。',
    adminEn:
      "Calls failed several times in a row, so calls are paused (circuit breaker): check the network from this service to the vendor and the vendor's status; after 15 seconds the breaker tries again by itself.",
  },
} as const satisfies Record<string, VendorAdvice>

/** What to do for failures named only by their kind (the suffix of `<VENDOR>_TIMEOUT` and the like). */
const BY_KIND = {
  TIMEOUT: {
    admin: '服务商没有及时响应：检查本服务的出口网络；服务商繁忙时可调大 UPSTREAM_TIMEOUT_MS。',
    adminEn:
      "The vendor did not answer in time: check this service's outbound network; when the vendor is busy, raise UPSTREAM_TIMEOUT_MS.",
  },
  UNREACHABLE: {
    admin: '连不上服务商：检查本服务的出口网络、DNS 和防火墙，以及接口地址（*_API_BASE）。',
    adminEn: "The vendor cannot be reached: check this service's outbound network, DNS and firewall, and the API address (*_API_BASE).",
  },
  HTTP_ERROR: {
    admin: '服务商返回了 HTTP 错误：多为服务商故障，稍后重新检查；一再出现请联系服务商。',
    adminEn:
      'The vendor answered with an HTTP error, mostly a fault at the vendor: check again later; if it keeps happening, contact the vendor.',
  },
  BAD_RESPONSE: {
    admin: '服务商返回了无法识别的内容：接口地址可能填错了（*_API_BASE），或服务商改了接口。',
    adminEn:
      'The vendor answered with something this service cannot read: the API address (*_API_BASE) may be wrong, or the vendor changed its API.',
  },
  RATE_LIMITED: {
    admin: '服务商限制了调用频率：稍等几分钟再检查。',
    adminEn: 'The vendor limited the call rate: wait a few minutes, then check again.',
  },
  CLOCK_SKEW: {
    admin: '本服务器的时钟与服务商相差太多（签名和令牌会被拒绝）：开启 NTP 时间同步（如 systemd-timesyncd、chronyd），再重新检查。',
    adminEn:
      "This server's clock is too far from the vendor's (signatures and tokens get refused): turn on NTP time sync (such as systemd-timesyncd or chronyd), then check again.",
  },
  CREDENTIALS_INVALID: {
    admin: '凭证不对：核对该服务商的 ID 与密钥后重启本服务。',
    adminEn: "The credentials are wrong: check this vendor's ID and secret, then restart this service.",
  },
}

/** The proxy's own set-up as 系统状态 checks it (server/services/status/checks.ts), by the code its check fails with. */
const SETUP_ADVICE = {
  SIGNATURE_SELF_TEST_FAILED: {
    admin: '签名算法与企业微信的不一致：这是本服务的缺陷，请升级到修复后的版本。',
    adminEn: "The signature algorithm differs from WeCom's: this is a defect of this service; upgrade to a release that fixes it.",
  },
  PUBLIC_URL_NOT_HTTPS: {
    admin: '企业微信只在 https 页面上运行侧边栏：把 PUBLIC_URL 改为 https 地址，并在反向代理上配置证书。',
    adminEn:
      'WeCom runs sidebars only on https pages: change PUBLIC_URL to an https address, and set up the certificate on the reverse proxy.',
  },
  PUBLIC_URL_UNREACHABLE: {
    admin:
      '本服务从 PUBLIC_URL 访问不到自己：检查 PUBLIC_URL 是否填对、域名解析和反向代理是否指向本服务（服务器不能访问自己的公网地址时，这一项可以忽略）。',
    adminEn:
      'This service cannot reach itself at PUBLIC_URL: check that PUBLIC_URL is right and that DNS and the reverse proxy point at this service (if the server cannot reach its own public address, ignore this one).',
  },
  WW_VERIFY_NOT_SERVED: {
    admin: '企业微信的域名校验文件没有在域名根目录送出：检查反向代理是否把 /WW_verify_*.txt 转给本服务。',
    adminEn:
      "WeCom's domain verification file is not served at the domain's root: check that the reverse proxy passes /WW_verify_*.txt to this service.",
  },
}

const DEFAULT_ADVICE = {
  admin: '查看服务日志中这个错误码的记录；需要时把错误码和时间发给服务商。',
  adminEn: "Look for this error code in the service's log; if needed, send the code and the time to the vendor.",
}

type Kind = keyof typeof BY_KIND
/** Names one piece of admin advice: `adviceKey` in the 系统状态 answer, `adminStatus.advice.<key>` in the sidebar. */
export type AdviceKey = keyof typeof VENDOR_ADVICE | keyof typeof SETUP_ADVICE | `kind:${Kind}` | 'default'

const ALL: Record<AdviceKey, { admin: string; adminEn: string }> = {
  ...VENDOR_ADVICE,
  ...SETUP_ADVICE,
  ...(Object.fromEntries(Object.entries(BY_KIND).map(([k, v]) => [`kind:${k}`, v])) as Record<`kind:${Kind}`, (typeof BY_KIND)[Kind]>),
  default: DEFAULT_ADVICE,
}

/** Which advice a failure gets: by vendor code first, then by the proxy's code, then by its kind. */
export function adviceKey(vendor: string, code: string, vendorCode?: unknown): AdviceKey {
  const byVendorCode = vendorCode === undefined || vendorCode === null ? '' : `${vendor}:${String(vendorCode)}`
  if (Object.hasOwn(VENDOR_ADVICE, byVendorCode)) return byVendorCode as AdviceKey
  if (Object.hasOwn(SETUP_ADVICE, code) || Object.hasOwn(VENDOR_ADVICE, code)) return code as AdviceKey
  const kind = Object.keys(BY_KIND).find((k) => code === k || code.endsWith(`_${k}`))
  return kind ? (`kind:${kind}` as AdviceKey) : 'default'
}

/** Every piece of admin advice in one language, by key: the sidebar's `adminStatus.advice` (src/i18n/<lang>/admin.ts). */
export function adminAdvice(lang: 'zh-CN' | 'en'): Record<AdviceKey, string> {
  const pick = (v: { admin: string; adminEn: string }) => (lang === 'en' ? v.adminEn : v.admin)
  return Object.fromEntries(Object.entries(ALL).map(([k, v]) => [k, pick(v)])) as Record<AdviceKey, string>
}

/** The admin's words for a failure in the proxy's language (Chinese), with the key the sidebar words it by. */
export function adviceFor(vendor: string, code: string, vendorCode?: unknown): { adviceKey: AdviceKey; advice: string } {
  const key = adviceKey(vendor, code, vendorCode)
  return { adviceKey: key, advice: ALL[key].admin }
}
