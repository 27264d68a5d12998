import * as z from 'zod/mini'
import { ExternalUserId } from './contacts.js'

/** One line of the playground's simulated chat. `from` is who wrote it; `name` says who in a group chat. */
export const PlaygroundMessage = z.object({ from: z.enum(['customer', 'staff']), text: z.string(), name: z.optional(z.string()) })
export type PlaygroundMessage = z.infer<typeof PlaygroundMessage>

/** A demo customer the playground can switch to, with the conversation shown beside the sidebar. */
export const PlaygroundContact = z.object({
  externalUserId: z.string(),
  name: z.string(),
  avatar: z.string(),
  /** Short line shown under the name in the chat list. */
  preview: z.string(),
  messages: z.array(PlaygroundMessage),
})
export type PlaygroundContact = z.infer<typeof PlaygroundContact>

/** A demo customer group the playground can switch to (the sidebar then sees `group_chat_tools`). */
export const PlaygroundGroup = z.object({
  chatId: z.string(),
  name: z.string(),
  memberCount: z.int().check(z.nonnegative()),
  preview: z.string(),
  messages: z.array(PlaygroundMessage),
})
export type PlaygroundGroup = z.infer<typeof PlaygroundGroup>

/** `GET /api/demo/playground` (demo mode only): the signed-in staff member's demo customers and customer groups. */
export const Playground = z.object({ contacts: z.array(PlaygroundContact), groups: z.array(PlaygroundGroup) })
export type Playground = z.infer<typeof Playground>

/** `GET /api/demo/qikeliao-entry?contact=` (demo only): a fresh 企客聊 entry link for one of the staff member's demo customers. */
export const QikeliaoEntryLinkQuery = z.object({ contact: ExternalUserId })
/** `url` is a path of this proxy (`/api/qikeliao/enter?Type=WL&…`), valid once and for QIKELIAO_MAX_AGE_S. */
export const QikeliaoEntryLink = z.object({ url: z.string() })
export type QikeliaoEntryLink = z.infer<typeof QikeliaoEntryLink>
