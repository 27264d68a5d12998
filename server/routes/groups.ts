import { Group, GroupParams } from '../../contracts/groups.js'
import { sessionUser, type App, type Services } from './context.js'

/** Signed in: a customer group the staff member is in. */
export async function groupRoutes(scope: App, s: Services): Promise<void> {
  scope.get('/api/groups/:chatId', { schema: { params: GroupParams, response: { 200: Group } } }, async (request) =>
    s.groups.get(sessionUser(request).userId, request.params.chatId),
  )
}
