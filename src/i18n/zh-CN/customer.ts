export const customer = {
  loading: '正在读取客户资料…',
  groupLoadFailed: '客户群资料没能读取',
  loadFailed: '客户资料没能读取',
  // Not a fault: WeCom shows a customer (or group) only to the staff who added them (or are in it).
  notYours: '不是你的客户',
  notYourGroup: '你不在这个客户群里',
  kind: { wechat: '微信', wecom: '企业微信' },
  gender: { male: '男', female: '女', unknown: '' },
  remark: '备注',
  description: '描述',
  addedAt: '添加于 {date}',
  noTags: '还没有标签',
  tags: '标签',
  youmiLinked: '已关联群发账号 {account}',
  youmiMissing: '未关联群发账号，只能「发到聊天」',
}
