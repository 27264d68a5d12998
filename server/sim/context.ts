import type { FastifyRequest } from 'fastify'
import type { SimState } from './state.js'

export interface SimCredentials {
  wecom: { corpId: string; agentId: string; secret: string }
  youmi: { clientId: string; clientSecret: string; tenantId: string; scope: string }
  wshoto: { appId: string; appSecret: string }
}

/** What every vendor plugin of the simulator is built from. */
export interface SimContext {
  credentials: SimCredentials
  state: SimState
  now: () => number
  /** Base URL at which a browser reaches the simulator (avatars); the configured publicUrl or the request's own origin. */
  publicBaseUrl: (request: FastifyRequest) => string
  /** The only origin the OAuth page redirects to (the app's 可信域名); undefined: any. */
  trustedOrigin?: string
}

/** First value of a query parameter; repeated parameters arrive as arrays. */
export function queryParam(request: FastifyRequest, key: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[key]
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : undefined
}

/** Header value as a single string (Node joins most repeated headers already). */
export function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

/** Marks a JSON body that could not be parsed, so each vendor can answer it in its own way. */
export class InvalidJsonBody {
  constructor(readonly text: string) {}
}
