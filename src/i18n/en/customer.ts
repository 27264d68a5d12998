import type { Messages } from '../zh-CN/index.js'

export const customer: Messages['customer'] = {
  loading: 'Loading the customer…',
  groupLoadFailed: 'Could not load the customer group',
  loadFailed: 'Could not load the customer',
  notYours: 'Not your customer',
  notYourGroup: 'You are not in this customer group',
  kind: { wechat: 'WeChat', wecom: 'WeCom' },
  gender: { male: 'Male', female: 'Female', unknown: '' },
  remark: 'Remark',
  description: 'Description',
  addedAt: 'Added {date}',
  noTags: 'No tags yet',
  tags: 'Tags',
  youmiLinked: 'Broadcast account {account} linked',
  youmiMissing: 'No broadcast account linked: “Send to chat” only',
}
