import * as z from 'zod/mini'

export const Health = z.object({ status: z.literal('ok') })

export const Session = z.object({
  userId: z.string(),
  corpId: z.string(),
  agentId: z.string(),
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
