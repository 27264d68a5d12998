import { request as undiciRequest } from 'undici'
import type { App } from '../routes/context.js'

// Only the pages a browser opens: the OAuth and QR-code sign-in staff pickers, avatars, and the playground's view of WeCom temporary media
// (server/sim/wecom-media.ts). Never the vendor APIs nor /__sim/ controls.
const BROWSER_FACING =
  /^\/sim\/(connect\/oauth2\/authorize|wwlogin\/sso\/login|sim-assets\/avatar\/[\w-]+\.svg|wecom\/media\/[A-Za-z0-9]{1,128}(\/content)?)$/

/**
 * In a demo the simulator listens on loopback only; the few pages a browser opens are passed through our own origin
 * so the demo works from any machine that can reach the sidebar. Public: the OAuth page is where signing in starts.
 */
export async function simPassThroughRoutes(scope: App, simUrl: string): Promise<void> {
  scope.get('/sim/*', async (request, reply) => {
    // Judge the path the simulator would see: encoded dots or slashes could walk out of the allowed pages.
    const raw = request.url.split('?')[0]!
    const url = new URL(request.url, 'http://sim.invalid')
    if (/%2e|%2f|%5c|\\/i.test(raw) || url.pathname !== raw || !BROWSER_FACING.test(url.pathname)) {
      return reply.code(404).send({ code: 'NOT_FOUND', message: '模拟器只对浏览器开放登录页、头像和临时素材。' })
    }
    try {
      const res = await undiciRequest(`${simUrl}${url.pathname.slice('/sim'.length)}${url.search}`, {
        method: 'GET',
        signal: AbortSignal.timeout(5000),
      })
      reply.code(res.statusCode)
      for (const h of ['content-type', 'location', 'cache-control', 'content-disposition']) {
        const v = res.headers[h]
        if (typeof v === 'string') reply.header(h, v)
      }
      return reply.send(Buffer.from(await res.body.arrayBuffer()))
    } catch {
      return reply.code(502).send({ code: 'SIMULATOR_UNREACHABLE', message: '演示用的模拟器没有响应，请重启服务。' })
    }
  })
}
