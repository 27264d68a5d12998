import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { AppError } from './errors.js'
import type { App } from './routes/context.js'

/**
 * Answers Node's HTTP parser gives before Fastify has a request (headers over 16 KB, a broken request line, a
 * request that took too long to arrive), in the `{ code, message }` every other error has. Fastify's own handler
 * writes `{ error, message, statusCode }` instead.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  // A reset connection has no one left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', '请求头太大（超过 16 KB），多半是本站的 Cookie 太多：请清除本站 Cookie 后重试。']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', '请求没有及时发完，连接已关闭：请重试。']
        : [400, 'BAD_REQUEST', '请求无法读取（请求行或请求头的格式不对）。']
  const body = JSON.stringify({ code, message })
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy(err)
}

/** How long a client should wait before trying again: a restart takes a few seconds. */
const RETRY_AFTER_CLOSING_S = 5

/**
 * While the app closes (SIGTERM, a deploy), a request that still arrives on a kept-alive connection is answered 503
 * `SHUTTING_DOWN` with `Retry-After`, as JSON like every other error, before any handler runs; requests already in
 * flight finish. Fastify's own drain answer (`return503OnClosing`, turned off in buildApp) is not `{ code, message }`.
 * The answer goes through the error handler and the `onSend` hooks, so it carries the security headers too.
 */
export function refuseWhileClosing(app: App): void {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  // Callback style: on every request, and nothing to wait for.
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) return done()
    reply.header('connection', 'close').header('retry-after', String(RETRY_AFTER_CLOSING_S))
    done(new AppError(503, 'SHUTTING_DOWN', '服务正在重启，请几秒后再试。'))
  })
}
