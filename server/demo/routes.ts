import { Playground, QikeliaoEntryLink, QikeliaoEntryLinkQuery } from '../../contracts/demo.js'
import type { AppConfig } from '../config.js'
import type { DemoAppParts } from '../demo-mode.js'
import { sessionUser, type App } from '../routes/context.js'
import { QikeliaoEntry } from '../services/qikeliao/entry.js'
import { ENTRY_PATH } from '../services/qikeliao/mint.js'
import { playgroundFor } from './playground.js'
import { demoEntryQuery } from './qikeliao-entry.js'

/**
 * Signed in (the scope checks the session). The playground's demo chats exist only while WeCom is simulated; on a
 * real deployment the routes are not there.
 */
export async function demoSignedInRoutes(scope: App, config: AppConfig, app: DemoAppParts): Promise<void> {
  if (!config.vendors.wecom.simulated) return
  scope.get('/api/demo/playground', { schema: { response: { 200: Playground } } }, async (request) =>
    playgroundFor(sessionUser(request).userId),
  )

  // With keys made up for this run: the playground's 企客聊 switch opens the sidebar through a real entry.
  const settings = config.qikeliao
  if (!settings?.simulated) return
  const entry = new QikeliaoEntry(settings)
  scope.get(
    '/api/demo/qikeliao-entry',
    { schema: { querystring: QikeliaoEntryLinkQuery, response: { 200: QikeliaoEntryLink } } },
    async (request) => {
      const query = demoEntryQuery(entry, {
        userId: sessionUser(request).userId,
        externalUserId: request.query.contact,
        tenantId: config.vendors.youmi.tenantId,
        now: app.now(),
      })
      return { url: `${ENTRY_PATH}?${query}` }
    },
  )
}
