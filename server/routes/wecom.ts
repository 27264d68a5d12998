import { SignatureRequest, Signatures } from '../../contracts/signatures.js'
import type { App, Services } from './context.js'

/** Signed in: JS-SDK signatures for the sidebar's own pages. */
export async function wecomRoutes(scope: App, s: Services): Promise<void> {
  scope.post('/api/wecom/signatures', { schema: { body: SignatureRequest, response: { 200: Signatures } } }, async (request) =>
    s.signatures.sign(request.body.url),
  )
}
