import { Locale } from 'vant'
import enUS from 'vant/es/locale/lang/en-US'
import type { LaterTables, Messages, zhCN } from '../zh-CN/index.js'
import { boot } from './boot.js'
import { common } from './common.js'
import { customer } from './customer.js'
import { useContractWords } from '../../../contracts/errors.js'
import { contractWords } from './errors.js'
export { errorText } from './error-text.js'
import { qikeliao } from './qikeliao.js'

/**
 * English, for companies that run WeCom in English. Nothing here is in the first chunk: this file (the areas the first
 * paint draws) is fetched before the first paint for English users only, the other areas with their views, as in zh-CN.
 */
// Vant's own words (its dialogs' buttons, its pickers) in English too.
Locale.use('en-US', enUS)

export const en = { common, boot, customer, qikeliao } satisfies { [A in keyof typeof zhCN]: Messages[A] }

/** The contracts' checks in English from now on; answers how to leave English (the proxy's Chinese again). */
export function enter(): () => void {
  useContractWords(contractWords)
  return () => useContractWords(null)
}

export const enLater: LaterTables = {
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
