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
import type { send } from './send.js'
import type { setup } from './setup.js'

/**
 * Simplified Chinese, the product's language. One file per area so each view's words sit together.
 * The areas the first paint draws (the customer card, the boot and its errors, the frame) come with the first chunk;
 * the others are fetched with the view that shows them (`loadMessages` in src/i18n/index.ts, called by the router and
 * by the composer's loader). A new area: add its file, then list it in one of the two tables below.
 */
export const zhCN = { common, boot, customer, qikeliao }

/** A later area's loader: the module that exports the area under its own name (`loadMessages` picks it). */
export type LaterTables = { [A in Exclude<keyof Messages, keyof typeof zhCN>]: () => Promise<Record<A, Messages[A]>> }

export const zhCNLater: LaterTables = {
  campaigns: () => import('./campaigns.js'),
  playground: () => import('./playground.js'),
  admin: () => import('./admin.js'),
  adminStatus: () => import('./admin.js'),
  content: () => import('./content.js'),
  materials: () => import('./materials.js'),
  setup: () => import('./setup.js'),
  recovery: () => import('./recovery.js'),
  send: () => import('./send.js'),
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
  send: typeof send
}
