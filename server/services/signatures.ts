import { createHash, randomBytes } from 'node:crypto'
import type { Signatures } from '../../contracts/signatures.js'
import { badRequest } from '../errors.js'
import type { WecomClient } from '../upstream/wecom/client.js'

/** WeCom's JS-SDK signature: keys in this order, nothing encoded, the URL without its fragment. */
export function jsSignature(ticket: string, nonceStr: string, timestamp: number, url: string): string {
  return createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`).digest('hex')
}

export function nonce(): string {
  return randomBytes(12).toString('base64url').slice(0, 16)
}

/** The URL as the JS-SDK signs it: `location.href` without `#…`. */
export function signableUrl(url: string): string {
  const hash = url.indexOf('#')
  return hash === -1 ? url : url.slice(0, hash)
}

/**
 * JS-SDK signatures for the sidebar's pages: `wx.config` with the corp ticket and `wx.agentConfig` with the app's
 * ticket, both for the same URL.
 */
export class SignatureService {
  private readonly origin: string

  constructor(
    private readonly wecom: WecomClient,
    publicUrl: string,
    private readonly now: () => number,
  ) {
    this.origin = new URL(publicUrl).origin
  }

  async sign(pageUrl: string): Promise<Signatures> {
    const url = signableUrl(pageUrl)
    // Signing any URL would let another site run the JS-SDK as our app.
    if (new URL(url).origin !== this.origin) throw badRequest('URL_NOT_ALLOWED', `只能为本应用的页面签名（${this.origin}）。`)
    const [corpTicket, agentTicket] = await Promise.all([this.wecom.corpTicket.get(), this.wecom.agentTicket.get()])
    const timestamp = Math.floor(this.now() / 1000)
    const corpNonce = nonce()
    const agentNonce = nonce()
    return {
      corpId: this.wecom.corpId,
      agentId: this.wecom.agentId,
      corp: { timestamp, nonceStr: corpNonce, signature: jsSignature(corpTicket, corpNonce, timestamp, url) },
      agent: { timestamp, nonceStr: agentNonce, signature: jsSignature(agentTicket, agentNonce, timestamp, url) },
    }
  }
}
