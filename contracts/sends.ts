import * as z from 'zod/mini'
import { ExternalUserId } from './contacts.js'
import { GroupChatId } from './groups.js'
import { Content } from './content.js'
import { msg, saidIssue } from './words.js'

/** Every kind of content a send may carry; `contracts/content.ts` has each kind's limits and channels. */
export const SendContent = Content
export type SendContent = Content

export const SendChannel = z.enum(['rpa', 'chat'])
export type SendChannel = z.infer<typeof SendChannel>

/** Who a send goes to: one customer, or (chat channel only) one customer group. */
export const ContactTarget = z.object({ externalUserId: ExternalUserId })
export const GroupTarget = z.object({ chatId: GroupChatId })
/** A personal-WeChat friend of a Youmi account, known from a 企客聊 sidebar entry (`GET /api/friends/:id`). */
export const FriendTarget = z.object({ id: z.uuid() })

/** Chosen by the sidebar once per send; the same key from the same staff member never creates a second send. */
export const IdempotencyKey = z
  .string()
  .check(z.minLength(8), z.maxLength(128), z.regex(/^[A-Za-z0-9_:.-]+$/, 'idempotencyKey may hold letters, digits and _ : . - only'))

export const CreateSend = z
  .object({
    idempotencyKey: IdempotencyKey,
    channel: SendChannel,
    /** Exactly one of `contact`, `group` and `friend`. A group only takes `chat`, a friend only `rpa`. */
    contact: z.optional(ContactTarget),
    group: z.optional(GroupTarget),
    friend: z.optional(FriendTarget),
    content: z
      .array(SendContent)
      .check(
        z.minLength(1, { error: msg('minContent', '至少要发送一条内容') }),
        z.maxLength(9, { error: msg('maxContent', '一次最多发送 9 条内容', { max: 9 }) }),
      ),
    /** Only for `rpa`: when Youmi should start; absent means now. */
    scheduleAt: z.optional(z.iso.datetime({ offset: true })),
    /** The library materials this content came from, counted as used once the send is accepted. */
    materialIds: z.optional(z.array(z.uuid()).check(z.maxLength(9))),
  })
  .check(
    z.superRefine((body, ctx) => {
      const targets = [body.contact, body.group, body.friend].filter(Boolean).length
      if (targets > 1)
        ctx.addIssue({ code: 'custom', ...saidIssue('oneTarget', '只能发给一位客户或一个客户群：contact、group 和 friend 请只填一个') })
      else if (targets === 0)
        ctx.addIssue({
          code: 'custom',
          ...saidIssue('noTarget', '请指定发给谁：填写 contact（客户）、group（客户群）或 friend（企客聊好友）'),
        })
    }),
  )
export type CreateSend = z.infer<typeof CreateSend>

/** The JS-SDK `sendChatMessage` parameters the sidebar passes on unchanged. */
export const ChatMessage = z.discriminatedUnion('msgtype', [
  z.object({ msgtype: z.literal('text'), text: z.object({ content: z.string() }) }),
  z.object({ msgtype: z.literal('image'), image: z.object({ mediaid: z.string() }) }),
  z.object({ msgtype: z.literal('video'), video: z.object({ mediaid: z.string() }) }),
  z.object({ msgtype: z.literal('file'), file: z.object({ mediaid: z.string() }) }),
  z.object({
    msgtype: z.literal('news'),
    news: z.object({ link: z.string(), title: z.string(), desc: z.string(), imgUrl: z.string() }),
  }),
  z.object({
    msgtype: z.literal('miniprogram'),
    miniprogram: z.object({ appid: z.string(), title: z.string(), imgUrl: z.string(), page: z.string() }),
  }),
])
export type ChatMessage = z.infer<typeof ChatMessage>

/**
 * pending: stored, vendor not answered yet · scheduled / submitted: Youmi accepted the task ·
 * awaiting_client: chat payloads handed to the sidebar · sent: the client reported success ·
 * failed: refused, safe to retry with the same key · unknown: the vendor may or may not have acted (timeout) ·
 * cancelling: Youmi is being asked to delete the task · cancelled: taken back before anything went out — a scheduled
 * task deleted before it started, or a chat send its staff member cancelled in WeCom's own confirm (「取消」).
 */
export const SendStatus = z.enum([
  'pending',
  'scheduled',
  'submitted',
  'awaiting_client',
  'sent',
  'failed',
  'unknown',
  'cancelling',
  'cancelled',
])
export type SendStatus = z.infer<typeof SendStatus>

const time = z.iso.datetime({ offset: true })

export const Send = z.object({
  id: z.string(),
  channel: SendChannel,
  status: SendStatus,
  /** Youmi's task id once it accepted the send. */
  taskId: z.nullable(z.int()),
  /** Exactly one of `contact` and `group` is set. */
  contact: z.nullable(z.object({ externalUserId: z.string() })),
  group: z.nullable(z.object({ chatId: z.string() })),
  /** Set for a send to a 企客聊 friend (then `contact` and `group` are null). */
  friend: z.optional(z.nullable(z.object({ id: z.string() }))),
  content: z.array(SendContent),
  scheduleAt: z.nullable(time),
  createdAt: time,
  updatedAt: time,
  error: z.nullable(z.object({ code: z.string(), message: z.string() })),
  /** For `chat`: what to pass to `ww.sendChatMessage`, in order. */
  messages: z.optional(z.array(ChatMessage)),
  /** The library materials it carried, as the request named them. */
  materialIds: z.optional(z.array(z.string())),
  /** An `unknown` send its staff member settled by hand: who, when, and which way. */
  settled: z.optional(z.nullable(z.object({ by: z.string(), at: time, outcome: z.enum(['sent', 'not_sent']) }))),
  /** The send whose content this one carries again (settled as not sent). */
  retryOf: z.optional(z.nullable(z.string())),
})
export type Send = z.infer<typeof Send>

/**
 * Settling an `unknown` send after checking by hand (Youmi's console, or the chat): `sent` marks it sent; `not_sent`
 * marks it failed and sends the same content once more under `idempotencyKey`, a new key chosen by the sidebar.
 */
export const SettleSend = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('sent') }),
  z.object({ outcome: z.literal('not_sent'), idempotencyKey: IdempotencyKey }),
])
export type SettleSend = z.infer<typeof SettleSend>

/** The settled send, and for `not_sent` the new send carrying its content (a chat send then awaits the sidebar). */
export const SettleResult = z.object({ send: Send, resend: z.nullable(Send) })
export type SettleResult = z.infer<typeof SettleResult>

export const SendList = z.object({ items: z.array(Send), nextCursor: z.nullable(z.string()) })
export type SendList = z.infer<typeof SendList>

export const ListSendsQuery = z.object({
  contact: z.optional(ExternalUserId),
  group: z.optional(GroupChatId),
  friend: z.optional(z.uuid()),
  cursor: z.optional(z.string().check(z.maxLength(200))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
})
export const SendParams = z.object({ id: z.uuid() })
/**
 * What `sendChatMessage` did: `ok`, or not with `errMsg`; `cancelled: true` (with `ok: false`) when the staff member
 * tapped 取消 in WeCom's confirm and nothing went out, which is their choice and not a failure.
 */
export const SendResult = z.object({
  ok: z.boolean(),
  errMsg: z.optional(z.string().check(z.maxLength(500))),
  cancelled: z.optional(z.boolean()),
})
export type SendResult = z.infer<typeof SendResult>

export { TextContent, LinkContent, ImageContent, VideoContent, FileContent, MiniprogramContent, GroupShareContent } from './content.js'
