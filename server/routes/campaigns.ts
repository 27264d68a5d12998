import { AddCampaign, CampaignList, CampaignListItem, CampaignParams, RefreshQuery } from '../../contracts/campaigns.js'
import { Reach, ReachHistory } from '../../contracts/reach.js'
import { sessionUser, type App, type Services } from './context.js'
import { sendReachAnswer } from './reach-answer.js'
import { adminScope } from './scopes.js'

/** Signed in: the tracked WShoto campaigns and their reach; admins add and remove them. */
export async function campaignRoutes(scope: App, s: Services): Promise<void> {
  scope.get('/api/campaigns', { schema: { querystring: RefreshQuery, response: { 200: CampaignList } } }, async (request) => ({
    items: await s.campaigns.list({ refresh: request.query.refresh === '1' }),
  }))

  scope.get(
    '/api/campaigns/:taskId/reach',
    { schema: { params: CampaignParams, querystring: RefreshQuery, response: { 200: Reach } } },
    async (request, reply) => {
      const answer = await s.campaigns.reachAnswer(request.params.taskId, { refresh: request.query.refresh === '1' })
      // Already checked against `Reach`, written out and compressed by the service (once per figures): sent as it
      // is, without the per-request serializer; a Content-Encoding set here tells @fastify/compress to leave it.
      return sendReachAnswer(reply, answer, answer.encodingFor(request.headers))
    },
  )

  scope.get('/api/campaigns/:taskId/reach/history', { schema: { params: CampaignParams, response: { 200: ReachHistory } } }, (request) =>
    s.campaigns.history(request.params.taskId),
  )

  await adminScope(scope, s.signIn, async (admin) => {
    // For a spreadsheet: UTF-8 with a byte-order mark, so Excel keeps the Chinese headers (server/services/csv.ts).
    admin.get('/api/admin/campaigns/:taskId/reach/history.csv', { schema: { params: CampaignParams } }, async (request, reply) => {
      const { taskId } = request.params
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="reach-history-${taskId}.csv"`)
        .send(await s.campaigns.historyCsv(taskId))
    })

    admin.post('/api/campaigns', { schema: { body: AddCampaign, response: { 201: CampaignListItem } } }, async (request, reply) =>
      reply.code(201).send(await s.campaigns.add(sessionUser(request).userId, request.body.taskId, request.body.name)),
    )

    admin.delete('/api/campaigns/:taskId', { schema: { params: CampaignParams } }, async (request, reply) => {
      await s.campaigns.remove(request.params.taskId)
      return reply.code(204).send()
    })
  })
}
