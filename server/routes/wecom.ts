import { SignatureRequest, Signatures } from '../../contracts/signatures.js'
import { badRequest } from '../errors.js'
import { jsSignature, nonce, signableUrl } from '../services/signatures.js'
import { requireSession, type App, type Services } from './context.js'

export async function wecomRoutes(app: App, s: Services): Promise<void> {
  const origin = new URL(s.config.publicUrl).origin

  app.post(
    '/api/wecom/signatures',
    { onRequest: requireSession, schema: { body: SignatureRequest, response: { 200: Signatures } } },
    async (request) => {
      const url = signableUrl(request.body.url)
      // Signing any URL would let another site run the JS-SDK as our app.
      if (new URL(url).origin !== origin) throw badRequest('URL_NOT_ALLOWED', `只能为本应用的页面签名（${origin}）。`)
      const [corpTicket, agentTicket] = await Promise.all([s.wecom.corpTicket.get(), s.wecom.agentTicket.get()])
      const timestamp = Math.floor(s.now() / 1000)
      const corpNonce = nonce()
      const agentNonce = nonce()
      return {
        corpId: s.wecom.corpId,
        agentId: s.wecom.agentId,
        corp: { timestamp, nonceStr: corpNonce, signature: jsSignature(corpTicket, corpNonce, timestamp, url) },
        agent: { timestamp, nonceStr: agentNonce, signature: jsSignature(agentTicket, agentNonce, timestamp, url) },
      }
    },
  )
}
