import type { admin, adminStatus } from './admin.js'
import { boot } from './boot.js'
import type { campaigns } from './campaigns.js'
import { common } from './common.js'
import type { content } from './content.js'
import { customer } from './customer.js'
import type { materials } from './materials.js'
import type { playground } from './playground.js'
import { qikeliao } from './qikeliao.js'
import type { recovery } from './recovery.js'
import type { setup } from './setup.js'

/**
 * Simplified Chinese, the product's language. One file per area so each view's words sit together.
 * The areas the first paint draws (the customer card, the boot and its errors, the frame) come with the first chunk;
 * the others are fetched with the view that shows them (`loadMessages` in src/i18n/index.ts, called by the router and
 * by the composer's loader). A new area: add its file, then list it in one of the two tables below.
 */
export const zhCN = { common, boot, customer, qikeliao }

export const zhCNLater = {
  campaigns: () => import('./campaigns.js').then((m) => m.campaigns),
  playground: () => import('./playground.js').then((m) => m.playground),
  admin: () => import('./admin.js').then((m) => m.admin),
  adminStatus: () => import('./admin.js').then((m) => m.adminStatus),
  content: () => import('./content.js').then((m) => m.content),
  materials: () => import('./materials.js').then((m) => m.materials),
  setup: () => import('./setup.js').then((m) => m.setup),
  recovery: () => import('./recovery.js').then((m) => m.recovery),
}

export type Messages = typeof zhCN & {
  campaigns: typeof campaigns
  playground: typeof playground
  admin: typeof admin
  adminStatus: typeof adminStatus
  content: typeof content
  materials: typeof materials
  setup: typeof setup
  recovery: typeof recovery
}
