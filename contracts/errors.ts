import * as z from 'zod/mini'

// Contracts use `zod/mini`: the same schemas as zod, but tree-shakable, so the sidebar's first load carries only the
// checks it uses (≈ 20 KB gzip less than classic zod). The proxy parses with the very same schemas.

/** The specifics of a message, as data (docs/api.md). */
const Params = z.optional(z.record(z.string(), z.union([z.string(), z.number()])))

/** Every error answer of the proxy: a stable UPPER_SNAKE code for programs, a message for people. */
export const ApiError = z.object({
  code: z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/)),
  message: z.string(),
  /** The answer's `X-Request-Id`: the log lines of this request (and its vendor calls) carry it. */
  requestId: z.optional(z.string()),
  /**
   * The specifics `message` names (a limit, a file name, seconds to wait), for a client that words the refusal in its
   * own language; which code carries which is in docs/api.md.
   */
  params: Params,
  /**
   * Per-field problems of a rejected request, when there are any. `key` and `params` name the words of a contract's
   * own check (contracts/words.ts), so a client in another language can show its own; absent for zod's built-in words.
   */
  issues: z.optional(z.array(z.object({ path: z.string(), message: z.string(), key: z.optional(z.string()), params: Params }))),
})
export type ApiError = z.infer<typeof ApiError>

/**
 * The language of the contracts' own checks (contracts/words.ts): `null` is the proxy's Chinese, else what
 * `useContractWords` was given. Kept here, in a module the sidebar's first chunk holds anyway, so the English chunk
 * that sets it depends on no other chunk.
 */
export let contractWords: { say(key: string, params?: Record<string, string | number>): string } | null = null

export function useContractWords(words: typeof contractWords): void {
  contractWords = words
}
