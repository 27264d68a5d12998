import * as z from 'zod/mini'

// Contracts use `zod/mini`: the same schemas as zod, but tree-shakable, so the sidebar's first load carries only the
// checks it uses (≈ 20 KB gzip less than classic zod). The proxy parses with the very same schemas.

/** Every error answer of the proxy: a stable UPPER_SNAKE code for programs, a message for people. */
export const ApiError = z.object({
  code: z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/)),
  message: z.string(),
  /** The answer's `X-Request-Id`: the log lines of this request (and its vendor calls) carry it. */
  requestId: z.optional(z.string()),
  /** Per-field problems of a rejected request, when there are any. */
  issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
})
export type ApiError = z.infer<typeof ApiError>
