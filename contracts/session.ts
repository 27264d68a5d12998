import * as z from 'zod/mini'

export const Health = z.object({ status: z.literal('ok') })

export const Session = z.object({
  userId: z.string(),
  /** The staff member's name from WeCom (user/get); null when WeCom withholds it or for a 企客聊 session. */
  name: z.optional(z.nullable(z.string())),
  /** The WeCom corp id; for a 企客聊 session the merchantid (tenant). */
  corpId: z.string(),
  /** The WeCom app's AgentId; "" for a 企客聊 session (no JS-SDK there). */
  agentId: z.string(),
  /** Where the session was started; absent means `wecom` (older proxies). */
  host: z.optional(z.enum(['wecom', 'qikeliao'])),
  isAdmin: z.boolean(),
  /** True when WeCom is the simulator: the sidebar then offers the playground. */
  demo: z.boolean(),
})
export type Session = z.infer<typeof Session>

export const LoginQuery = z.object({ returnTo: z.optional(z.string().check(z.maxLength(2048))) })
const param = z.string().check(z.minLength(1), z.maxLength(512))
export const CallbackQuery = z.object({ code: z.optional(param), state: z.optional(param) })

/** What any page may know before sign-in: whether this proxy runs the demo (then a plain browser gets the playground). */
export const AppInfo = z.object({ demo: z.boolean() })
export type AppInfo = z.infer<typeof AppInfo>
