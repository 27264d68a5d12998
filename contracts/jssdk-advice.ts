// The two vendor failures the sidebar itself shows at start (JS-SDK failures in src/i18n/zh-CN/boot.ts), in a module of
// their own: the first load imports them, and a module the first load imports is bundled into it whole. The table they
// belong to (vendor-advice.ts: the staff's words beside the admins', in Chinese and English) has the same text for
// 40093 and 80001 (vendor-advice.test.ts) and stays in the lazy 系统状态 chunk.

export const STAFF_SIGNATURE_INVALID =
  'JS-SDK 签名校验失败（40093）。请管理员检查 PUBLIC_URL 是否与侧边栏地址一致、应用的 Secret 是否正确。'
export const STAFF_DOMAIN_NOT_TRUSTED = '页面域名不是应用的可信域名（80001）。请管理员在应用的「网页授权及JS-SDK」中设置可信域名。'
