import { z } from 'zod'

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

export const LoginQuery = z.object({ returnTo: z.string().max(2048).optional() })
export const CallbackQuery = z.object({ code: z.string().min(1).max(512).optional(), state: z.string().min(1).max(512).optional() })
