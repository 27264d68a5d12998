import { CreateSend, ListSendsQuery, Send, SendList, SendParams, SendResult, SettleResult, SettleSend } from '../../contracts/sends.js'
import { sessionUser, type App, type Services } from './context.js'

/** Signed in: a staff member's own sends. */
export async function sendRoutes(scope: App, s: Services): Promise<void> {
  scope.post('/api/sends', { schema: { body: CreateSend, response: { 201: Send } } }, async (request, reply) => {
    const { send, replayed } = await s.sends.create(sessionUser(request), request.body)
    if (replayed) reply.header('idempotent-replayed', 'true')
    return reply.code(201).send(send)
  })

  scope.get('/api/sends', { schema: { querystring: ListSendsQuery, response: { 200: SendList } } }, async (request) =>
    s.sends.list(sessionUser(request), request.query),
  )

  scope.post('/api/sends/:id/result', { schema: { params: SendParams, body: SendResult, response: { 200: Send } } }, async (request) =>
    s.sends.recordResult(sessionUser(request), request.params.id, request.body),
  )

  // An `unknown` send, settled by the staff member who sent it after checking (Youmi's console, or the chat).
  scope.post(
    '/api/sends/:id/settle',
    { schema: { params: SendParams, body: SettleSend, response: { 200: SettleResult } } },
    async (request) => s.sends.settle(sessionUser(request), request.params.id, request.body),
  )

  scope.post('/api/sends/:id/media-refresh', { schema: { params: SendParams, response: { 200: Send } } }, async (request) =>
    s.sends.refreshMedia(sessionUser(request), request.params.id),
  )

  scope.delete('/api/sends/:id', { schema: { params: SendParams, response: { 200: Send } } }, async (request) =>
    s.sends.cancel(sessionUser(request), request.params.id),
  )
}
