import { Readiness, SystemStatus } from '../../contracts/status.js'
import { AppError } from '../errors.js'
import type { App, Services } from './context.js'
import { adminScope } from './scopes.js'

/** Public: readiness, for load balancers and orchestrators. Admins: 系统状态 and its 「重新检查」. */
export async function systemRoutes(scope: App, s: Services): Promise<void> {
  scope.get('/api/ready', { schema: { response: { 200: Readiness, 503: Readiness } } }, async (_request, reply) => {
    const ready = await s.status.ready()
    return reply.code(ready.status === 'ready' ? 200 : 503).send(ready)
  })
}

export async function adminStatusRoutes(scope: App, s: Services): Promise<void> {
  await adminScope(scope, s.signIn, async (admin) => {
    admin.get('/api/admin/status', { schema: { response: { 200: SystemStatus } } }, async () => s.status.status())
    admin.post('/api/admin/status/recheck', { schema: { response: { 200: SystemStatus } } }, async () => s.status.recheck())
  })
}

/** Prometheus text at `/metrics`, only when METRICS_TOKEN is set; hidden from the API document (it is not JSON). */
export async function metricsRoutes(app: App, s: Services): Promise<void> {
  if (!s.metrics.enabled) return
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!s.metrics.allows(request.headers.authorization)) {
      reply.header('www-authenticate', 'Bearer')
      throw new AppError(401, 'METRICS_TOKEN_INVALID', '需要 METRICS_TOKEN：Authorization: Bearer <token>。')
    }
    const { contentType, body } = await s.metrics.text()
    return reply.type(contentType).send(body)
  })
}
