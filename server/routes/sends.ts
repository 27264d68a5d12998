import { CreateSend, ListSendsQuery, Send, SendList, SendParams, SendResult } from '../../contracts/sends.js'
import { requireSession, sessionUser, type App, type Services } from './context.js'

export async function sendRoutes(app: App, s: Services): Promise<void> {
  app.post('/api/sends', { onRequest: requireSession, schema: { body: CreateSend, response: { 201: Send } } }, async (request, reply) => {
    const { send, replayed } = await s.sends.create(sessionUser(request).userId, request.body)
    if (replayed) reply.header('idempotent-replayed', 'true')
    return reply.code(201).send(send)
  })

  app.get(
    '/api/sends',
    { onRequest: requireSession, schema: { querystring: ListSendsQuery, response: { 200: SendList } } },
    async (request) => s.sends.list(sessionUser(request).userId, request.query),
  )

  app.post(
    '/api/sends/:id/result',
    { onRequest: requireSession, schema: { params: SendParams, body: SendResult, response: { 200: Send } } },
    async (request) => s.sends.recordResult(sessionUser(request).userId, request.params.id, request.body),
  )

  app.post(
    '/api/sends/:id/media-refresh',
    { onRequest: requireSession, schema: { params: SendParams, response: { 200: Send } } },
    async (request) => s.sends.refreshMedia(sessionUser(request).userId, request.params.id),
  )

  app.delete('/api/sends/:id', { onRequest: requireSession, schema: { params: SendParams, response: { 200: Send } } }, async (request) =>
    s.sends.cancel(sessionUser(request).userId, request.params.id),
  )
}
