export const playground = {
  documentTitle: '客户助手 · 演示',
  banner: '演示模式：左侧是模拟的企业微信聊天，右侧是真实的客户助手侧边栏（数据来自内置的厂商模拟器）',
  bannerNarrow: '演示模式：「聊天」是模拟的企业微信聊天，「侧边栏」是真实的客户助手（数据来自内置的厂商模拟器）',
  loading: '正在准备演示聊天…',
  loadFailed: '演示聊天没能读取',
  empty: {
    title: '没有可演示的聊天',
    message: '当前登录的成员名下没有演示客户或客户群，请换一位成员登录后再试。',
  },
  list: {
    label: '演示聊天',
    contacts: '客户',
    groups: '客户群',
    group: '群',
  },
  pane: {
    label: '切换聊天和侧边栏',
    chat: '聊天',
    sidebar: '侧边栏',
  },
  chat: {
    members: '（{n}）',
    hint: '这是模拟的聊天。在客户助手里把内容「发到聊天」，它会出现在这里。',
    noMessages: '还没有聊天记录',
    noChat: '选择一个聊天',
    me: '我',
    linkPreview: '[链接] {title}',
    linkLabel: '链接',
    messagesLabel: '聊天记录',
    inputLabel: '以员工身份输入消息',
    inputPlaceholder: '以员工身份输入，只显示在本页',
    send: '发送',
  },
  sidebar: {
    frameTitle: '客户助手侧边栏',
    reload: '重新加载侧边栏',
  },
}
