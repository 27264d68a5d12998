import { AddCampaign, Campaign, CampaignList, CampaignParams } from '../../contracts/campaigns.js'
import { Reach } from '../../contracts/reach.js'
import { sessionUser, type App, type Services } from './context.js'
import { adminScope } from './scopes.js'

/** Signed in: the tracked WShoto campaigns and their reach; admins add and remove them. */
export async function campaignRoutes(scope: App, s: Services): Promise<void> {
  scope.get('/api/campaigns', { schema: { response: { 200: CampaignList } } }, async () => ({
    items: await s.campaigns.list(),
  }))

  scope.get('/api/campaigns/:taskId/reach', { schema: { params: CampaignParams, response: { 200: Reach } } }, async (request) =>
    s.campaigns.reach(request.params.taskId),
  )

  await adminScope(scope, s.signIn, async (admin) => {
    admin.post('/api/campaigns', { schema: { body: AddCampaign, response: { 201: Campaign } } }, async (request, reply) =>
      reply.code(201).send(await s.campaigns.add(sessionUser(request).userId, request.body.taskId, request.body.name)),
    )

    admin.delete('/api/campaigns/:taskId', { schema: { params: CampaignParams } }, async (request, reply) => {
      await s.campaigns.remove(request.params.taskId)
      return reply.code(204).send()
    })
  })
}
