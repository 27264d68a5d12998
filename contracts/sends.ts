import { z } from 'zod'
import { ExternalUserId } from './contacts.js'

const httpUrl = (what: string) => z.url({ protocol: /^https?$/, error: `${what}必须是 http(s) 链接` }).max(2048)

export const TextContent = z.object({
  type: z.literal('text'),
  text: z.string().trim().min(1, '文字不能为空').max(2000, '文字最多 2000 字'),
})
export const LinkContent = z.object({
  type: z.literal('link'),
  url: httpUrl('链接地址'),
  title: z.string().trim().min(1, '链接需要标题').max(128, '链接标题最多 128 字'),
  description: z.string().trim().max(512, '链接描述最多 512 字').optional(),
  thumbUrl: httpUrl('缩略图').optional(),
})
export const SendContent = z.discriminatedUnion('type', [TextContent, LinkContent])
export type SendContent = z.infer<typeof SendContent>

export const SendChannel = z.enum(['rpa', 'chat'])
export type SendChannel = z.infer<typeof SendChannel>

export const CreateSend = z.object({
  /** Chosen by the sidebar once per send; the same key from the same staff member never creates a second send. */
  idempotencyKey: z.string().min(8).max(128).regex(/^[A-Za-z0-9_:.-]+$/, 'idempotencyKey may hold letters, digits and _ : . - only'),
  channel: SendChannel,
  contact: z.object({ externalUserId: ExternalUserId }),
  content: z.array(SendContent).min(1, '至少要发送一条内容').max(9, '一次最多发送 9 条内容'),
  /** Only for `rpa`: when Youmi should start; absent means now. */
  scheduleAt: z.iso.datetime({ offset: true }).optional(),
})
export type CreateSend = z.infer<typeof CreateSend>

/** The JS-SDK `sendChatMessage` parameters the sidebar passes on unchanged. */
export const ChatMessage = z.discriminatedUnion('msgtype', [
  z.object({ msgtype: z.literal('text'), text: z.object({ content: z.string() }) }),
  z.object({
    msgtype: z.literal('news'),
    news: z.object({ link: z.string(), title: z.string(), desc: z.string(), imgUrl: z.string() }),
  }),
])
export type ChatMessage = z.infer<typeof ChatMessage>

/**
 * pending: stored, vendor not answered yet · scheduled / submitted: Youmi accepted the task ·
 * awaiting_client: chat payloads handed to the sidebar · sent: the client reported success ·
 * failed: refused, safe to retry with the same key · unknown: the vendor may or may not have acted (timeout) ·
 * cancelling: Youmi is being asked to delete the task · cancelled: a scheduled task deleted before it started.
 */
export const SendStatus = z.enum(['pending', 'scheduled', 'submitted', 'awaiting_client', 'sent', 'failed', 'unknown', 'cancelling', 'cancelled'])
export type SendStatus = z.infer<typeof SendStatus>

export const Send = z.object({
  id: z.string(),
  channel: SendChannel,
  status: SendStatus,
  /** Youmi's task id once it accepted the send. */
  taskId: z.number().int().nullable(),
  contact: z.object({ externalUserId: z.string() }),
  content: z.array(SendContent),
  scheduleAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** For `chat`: what to pass to `ww.sendChatMessage`, in order. */
  messages: z.array(ChatMessage).optional(),
})
export type Send = z.infer<typeof Send>

export const SendList = z.object({ items: z.array(Send), nextCursor: z.string().nullable() })
export type SendList = z.infer<typeof SendList>

export const ListSendsQuery = z.object({
  contact: ExternalUserId.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
export const SendParams = z.object({ id: z.string().uuid() })
export const SendResult = z.object({ ok: z.boolean(), errMsg: z.string().max(500).optional() })
