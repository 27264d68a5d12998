/** The sidebar inside 企客聊 (the playground's switch to it: `playground.hostSwitch`, fetched with the playground). */
export const qikeliao = {
  sessionExpired: '登录已过期：请回到企客聊，重新点击客户的手机号、微信号或侧边栏按钮打开侧边栏。',
  badge: '企客聊',
  loading: '正在读取企客聊客户…',
  loadFailed: '企客聊客户没能读取',
  card: {
    noNickname: '（企客聊没有提供昵称）',
    wechatId: '微信号',
    phone: '手机',
    noPhone: '未提供',
    operator: '群发账号',
    operatorValue: '{name}（运营微信 {id}）',
    hint: '客户信息来自企客聊打开侧边栏时的链接；消息通过友米群发账号发出。',
  },
}
