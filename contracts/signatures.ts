import * as z from 'zod/mini'

export const SignatureRequest = z.object({
  url: z.url({ protocol: /^https?$/, error: 'url must be the page URL (http or https)' }).check(z.maxLength(4096)),
})

const Signature = z.object({
  /** Seconds, as the JS-SDK expects. */
  timestamp: z.int(),
  nonceStr: z.string(),
  signature: z.string().check(z.regex(/^[0-9a-f]{40}$/)),
})

export const Signatures = z.object({
  corpId: z.string(),
  agentId: z.string(),
  /** Signs `config` with the corp's jsapi ticket. */
  corp: Signature,
  /** Signs `agentConfig` with the app's ticket. */
  agent: Signature,
})
export type Signatures = z.infer<typeof Signatures>
