import { z } from 'zod'

/** Every error answer of the proxy: a stable UPPER_SNAKE code for programs, a message for people. */
export const ApiError = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  message: z.string(),
  /** Per-field problems of a rejected request, when there are any. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
})
export type ApiError = z.infer<typeof ApiError>
