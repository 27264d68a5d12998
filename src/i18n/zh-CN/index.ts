import { boot } from './boot.js'
import { common } from './common.js'
import { customer } from './customer.js'
import { campaigns } from './campaigns.js'
import { playground } from './playground.js'

/** Simplified Chinese, the product's language. One file per area so each view's words sit together. */
export const zhCN = { common, boot, customer, campaigns, playground }
export type Messages = typeof zhCN
