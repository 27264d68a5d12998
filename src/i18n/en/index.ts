import type { Messages, zhCN } from '../zh-CN/index.js'
import { boot } from './boot.js'
import { common } from './common.js'
import { customer } from './customer.js'
import { qikeliao } from './qikeliao.js'

/**
 * English, for companies that run WeCom in English. Nothing here is in the first chunk: this file (the areas the first
 * paint draws) is fetched before the first paint for English users only, the other areas with their views, as in zh-CN.
 */
export const en = { common, boot, customer, qikeliao } satisfies { [A in keyof typeof zhCN]: Messages[A] }

export const enLater: { [A in Exclude<keyof Messages, keyof typeof en>]: () => Promise<Messages[A]> } = {
  campaigns: () => import('./campaigns.js').then((m) => m.campaigns),
  playground: () => import('./playground.js').then((m) => m.playground),
  admin: () => import('./admin.js').then((m) => m.admin),
  adminStatus: () => import('./admin.js').then((m) => m.adminStatus),
  content: () => import('./content.js').then((m) => m.content),
  materials: () => import('./materials.js').then((m) => m.materials),
  setup: () => import('./setup.js').then((m) => m.setup),
  recovery: () => import('./recovery.js').then((m) => m.recovery),
}
