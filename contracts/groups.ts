import * as z from 'zod/mini'

/** A WeCom customer group chat's id (`chat_id`), as `getCurExternalChat` gives it. */
export const GroupChatId = z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/, 'must be a WeCom chat_id'))

export const GroupParams = z.object({ chatId: GroupChatId })

/** Someone in a customer group, as the group card's member sheet lists them (owner first, then staff, then customers). */
export const GroupMember = z.object({
  kind: z.enum(['staff', 'customer']),
  /** Null when WeCom gives no name (a staff name withheld from the app, a customer WeCom does not name). */
  name: z.nullable(z.string()),
  /** Staff only: the WeCom userid, for WeCom's open-data element when the name is withheld. */
  userId: z.nullable(z.string()),
  owner: z.boolean(),
})
export type GroupMember = z.infer<typeof GroupMember>

/** The customer group the sidebar was opened from (`group_chat_tools`). */
export const Group = z.object({
  chatId: z.string(),
  name: z.string(),
  /** The owner's WeCom userid. */
  owner: z.string(),
  /** The owner's name; null when WeCom withholds it (the sidebar then uses WeCom's open-data element). */
  ownerName: z.nullable(z.string()),
  notice: z.string(),
  /** When the group was created (ISO), null when WeCom did not say. */
  createdAt: z.nullable(z.iso.datetime({ offset: true })),
  memberCount: z.int().check(z.nonnegative()),
  /** Members who are customers (WeChat or another company's WeCom). */
  customerCount: z.int().check(z.nonnegative()),
  members: z.array(GroupMember),
})
export type Group = z.infer<typeof Group>
