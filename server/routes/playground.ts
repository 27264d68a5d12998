import { Playground } from '../../contracts/demo.js'
import { playgroundFor } from '../services/playground.js'
import { requireSession, sessionUser, type App, type Services } from './context.js'

/** The playground's demo chats exist only while WeCom is simulated; on a real deployment the route is not there. */
export async function playgroundRoutes(app: App, s: Services): Promise<void> {
  if (!s.config.vendors.wecom.simulated) return
  app.get('/api/demo/playground', { onRequest: requireSession, schema: { response: { 200: Playground } } }, async (request) =>
    playgroundFor(sessionUser(request).userId),
  )
}
