import { admin, adminStatus } from './admin.js'
import { boot } from './boot.js'
import { common } from './common.js'
import { content } from './content.js'
import { customer } from './customer.js'
import { campaigns } from './campaigns.js'
import { materials } from './materials.js'
import { playground } from './playground.js'
import { qikeliao } from './qikeliao.js'

/** Simplified Chinese, the product's language. One file per area so each view's words sit together. */
export const zhCN = { common, boot, customer, campaigns, playground, admin, adminStatus, content, materials, qikeliao }
export type Messages = typeof zhCN
