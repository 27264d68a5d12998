import type { Messages } from '../zh-CN/index.js'

/** The sidebar inside Qikeliao (企客聊), and the playground's Qikeliao mode. */
export const qikeliao: Messages['qikeliao'] = {
  sessionExpired: "Your sign-in expired: go back to Qikeliao and click the customer's phone number, WeChat ID or the sidebar button again.",
  badge: 'Qikeliao',
  loading: 'Loading the Qikeliao customer…',
  loadFailed: 'Could not load the Qikeliao customer',
  card: {
    noNickname: '(Qikeliao gave no nickname)',
    wechatId: 'WeChat ID',
    phone: 'Phone',
    noPhone: 'Not given',
    operator: 'Broadcast account',
    operatorValue: '{name} (operator WeChat {id})',
    hint: 'Customer details come from the link Qikeliao opened the sidebar with; messages go out through the Youmi broadcast account.',
  },
}
