import { Group, GroupParams } from '../../contracts/groups.js'
import { requireSession, sessionUser, type App, type Services } from './context.js'

export async function groupRoutes(app: App, s: Services): Promise<void> {
  app.get(
    '/api/groups/:chatId',
    { onRequest: requireSession, schema: { params: GroupParams, response: { 200: Group } } },
    async (request) => s.groups.get(sessionUser(request).userId, request.params.chatId),
  )
}
