import { request as undiciRequest } from 'undici'
import type { App, Services } from './context.js'

const BROWSER_FACING = /^\/sim\/(connect\/oauth2\/authorize|sim-assets\/)/

/**
 * In a demo the simulator listens on loopback only; the few pages a browser opens (the OAuth page, avatars)
 * are passed through our own origin so the demo works from any machine that can reach the sidebar.
 */
export async function demoRoutes(app: App, s: Services): Promise<void> {
  const simUrl = s.config.simUrl
  if (!simUrl) return
  app.get('/sim/*', async (request, reply) => {
    if (!BROWSER_FACING.test(request.url)) return reply.code(404).send({ code: 'NOT_FOUND', message: '模拟器只对浏览器开放登录页和头像。' })
    const res = await undiciRequest(`${simUrl}${request.url.slice('/sim'.length)}`, { method: 'GET', maxRedirections: 0 } as never)
    reply.code(res.statusCode)
    for (const h of ['content-type', 'location', 'cache-control']) {
      const v = res.headers[h]
      if (typeof v === 'string') reply.header(h, v)
    }
    return reply.send(Buffer.from(await res.body.arrayBuffer()))
  })
}
