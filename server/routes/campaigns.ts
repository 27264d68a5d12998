import { AddCampaign, Campaign, CampaignList, CampaignParams } from '../../contracts/campaigns.js'
import { Reach } from '../../contracts/reach.js'
import { adminOnly, requireSession, sessionUser, type App, type Services } from './context.js'

export async function campaignRoutes(app: App, s: Services): Promise<void> {
  const admin = [requireSession, adminOnly(s.config)]

  app.get('/api/campaigns', { onRequest: requireSession, schema: { response: { 200: CampaignList } } }, async () => ({
    items: await s.campaigns.list(),
  }))

  app.post('/api/campaigns', { onRequest: admin, schema: { body: AddCampaign, response: { 201: Campaign } } }, async (request, reply) =>
    reply.code(201).send(await s.campaigns.add(sessionUser(request).userId, request.body.taskId, request.body.name)),
  )

  app.delete('/api/campaigns/:taskId', { onRequest: admin, schema: { params: CampaignParams } }, async (request, reply) => {
    await s.campaigns.remove(request.params.taskId)
    return reply.code(204).send()
  })

  app.get(
    '/api/campaigns/:taskId/reach',
    { onRequest: requireSession, schema: { params: CampaignParams, response: { 200: Reach } } },
    async (request) => s.campaigns.reach(request.params.taskId),
  )
}
