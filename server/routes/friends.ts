import { Friend, FriendParams } from '../../contracts/friends.js'
import { notFound } from '../errors.js'
import { sessionUser, type App, type Services } from './context.js'

/** Signed in: a 企客聊 customer the staff member entered from. */
export async function friendRoutes(scope: App, s: Services): Promise<void> {
  scope.get('/api/friends/:id', { schema: { params: FriendParams, response: { 200: Friend } } }, async (request) => {
    const friend = await s.friends.get(sessionUser(request).userId, request.params.id)
    // Another staff member's friend is answered like one that does not exist.
    if (!friend) throw notFound('FRIEND_NOT_FOUND', '没有找到这位企客聊客户：请回到企客聊重新点开客户。')
    return friend
  })
}
