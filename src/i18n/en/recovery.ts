import type { Messages } from '../zh-CN/index.js'

export const recovery: Messages['recovery'] = {
  signIn: 'Retrying will not change this: close the sidebar, open it again and sign in again.',
  forbidden: 'Retrying will not change this: if you should be able to open this, tap “Copy error details” and send it to your admin.',
  notFound: 'Retrying will not change this: it may have been deleted or moved. Go back and choose again.',
  change: 'Retrying will not change this: please follow the note above.',
}
