import { STAFF_DOMAIN_NOT_TRUSTED, STAFF_SIGNATURE_INVALID } from '../../../contracts/jssdk-advice.js'

export const boot = {
  signingIn: '正在登录…',
  starting: '正在连接企业微信…',
  loadFailed: '侧边栏没能启动',
  noContext: {
    title: '请从与客户的聊天中打开',
    lead: '客户助手需要在单聊或客户群聊的工具栏中打开，才能知道当前客户是谁。',
    entry: '当前入口：{entry}',
  },
  host: {
    noPermission:
      '本应用没有「客户联系」权限，或你的账号未开通客户联系。请管理员在 客户联系 → 可调用接口的应用 中加入本应用，并确认你在使用范围内。',
    noContactContext: '当前页面不在客户聊天中。请关闭侧边栏，从与客户的单聊或客户群的工具栏重新打开。',
    // The same words as the proxy's WECOM_SIGNATURE_INVALID / WECOM_DOMAIN_NOT_TRUSTED (one table for both).
    badSignature: STAFF_SIGNATURE_INVALID,
    untrustedDomain: STAFF_DOMAIN_NOT_TRUSTED,
    aborted: '页面切换打断了企业微信的调用，请重试。',
    cancelled: '已取消。',
    unsupported: '当前企业微信版本不支持这个功能，请升级企业微信客户端。',
    timeout: '企业微信没有响应，请重试；仍然不行请重新打开侧边栏。',
    unknown: '企业微信返回了错误：{detail}',
    playgroundLost: '演示页面没有响应，请刷新演示页面。',
    wrongChat: '聊天已经切换：这条消息没有发出。请切回原来的聊天后重试。',
  },
}
