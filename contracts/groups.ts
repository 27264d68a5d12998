import * as z from 'zod/mini'

/** A WeCom customer group chat's id (`chat_id`), as `getCurExternalChat` gives it. */
export const GroupChatId = z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/, 'must be a WeCom chat_id'))

export const GroupParams = z.object({ chatId: GroupChatId })

/** The customer group the sidebar was opened from (`group_chat_tools`). */
export const Group = z.object({
  chatId: z.string(),
  name: z.string(),
  /** The owner's WeCom userid. */
  owner: z.string(),
  notice: z.string(),
  /** When the group was created (ISO), null when WeCom did not say. */
  createdAt: z.nullable(z.iso.datetime({ offset: true })),
  memberCount: z.int().check(z.nonnegative()),
  /** Members who are customers (WeChat or another company's WeCom). */
  customerCount: z.int().check(z.nonnegative()),
})
export type Group = z.infer<typeof Group>
