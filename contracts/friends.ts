import * as z from 'zod/mini'
import { YoumiIdentity } from './contacts.js'

/**
 * A personal-WeChat friend of a Youmi operator account, as a 企客聊 sidebar entry described it
 * (`GET /api/qikeliao/enter` stores it; `GET /api/friends/:id` reads it back). Sends reach it through Youmi only.
 */
export const Friend = z.object({
  id: z.string(),
  /** The friend's WeChat id (`WX`), or Youmi's friend id when the entry had none. */
  wechatId: z.string(),
  /** "" when 企客聊 did not send one. */
  nickname: z.string(),
  /** Only ever masked (`138****5678`), or "". */
  phoneMasked: z.string(),
  /** The 企客聊 / Youmi merchant (merchantid). */
  tenantId: z.string(),
  youmi: YoumiIdentity,
})
export type Friend = z.infer<typeof Friend>

export const FriendParams = z.object({ id: z.uuid() })
