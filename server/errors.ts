/**
 * The one error type routes and services throw. The error handler turns it into `{ code, message }`
 * with `status`; anything else becomes a 500 whose details stay in the log.
 */
export class AppError extends Error {
  /**
   * The specifics the message names (a limit, a file name, seconds to wait), sent as the answer's `params` so a client
   * in another language words the same refusal without reading the Chinese (src/i18n/en/errors.ts). Data only: never
   * a secret, an internal address or a vendor token.
   */
  params?: ErrorParams

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'AppError'
  }

  /** Adds the specifics of the message (see `params`); answers itself, for `throw badRequest(…).with({ … })`. */
  with(params: ErrorParams): this {
    this.params = { ...this.params, ...params }
    return this
  }
}

export type ErrorParams = Record<string, string | number>

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) => new AppError(400, code, message, details)
export const unauthorized = (code: string, message: string) => new AppError(401, code, message)
export const forbidden = (code: string, message: string) => new AppError(403, code, message)
export const notFound = (code: string, message: string) => new AppError(404, code, message)
export const conflict = (code: string, message: string, details?: Record<string, unknown>) => new AppError(409, code, message, details)

/**
 * The key and params of a contract check's words (contracts/words.ts), from one of the validation errors
 * fastify-type-provider-zod makes (`params` holds the zod issue): the 400's `issues` send them beside the message.
 */
export function wordsOf(params: unknown): { key?: string; params?: Record<string, string | number> } {
  const said = (params as { said?: { key?: unknown; params?: Record<string, string | number> } } | undefined)?.said
  return typeof said?.key === 'string' ? { key: said.key, ...(said.params && { params: said.params }) } : {}
}
