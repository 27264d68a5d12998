/**
 * The one error type routes and services throw. The error handler turns it into `{ code, message }`
 * with `status`; anything else becomes a 500 whose details stay in the log.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) => new AppError(400, code, message, details)
export const unauthorized = (code: string, message: string) => new AppError(401, code, message)
export const forbidden = (code: string, message: string) => new AppError(403, code, message)
export const notFound = (code: string, message: string) => new AppError(404, code, message)
export const conflict = (code: string, message: string, details?: Record<string, unknown>) => new AppError(409, code, message, details)
