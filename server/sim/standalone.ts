/**
 * The settings of the simulator run as a process of its own (server/sim/main.ts), from the environment: the vendor
 * credentials under the proxy's own variable names, so one set of variables configures both sides.
 */
import type { SimCredentials } from './index.js'

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim()
  if (!value) throw new Error(`${name} is required: the simulator accepts only the credentials the proxies are given`)
  return value
}

/** The simulator's settings from the environment (the proxy's own variable names for the credentials). */
export function simSettingsOf(env: NodeJS.ProcessEnv) {
  const credentials: SimCredentials = {
    wecom: { corpId: required(env, 'WECOM_CORP_ID'), agentId: required(env, 'WECOM_AGENT_ID'), secret: required(env, 'WECOM_SECRET') },
    youmi: {
      clientId: required(env, 'YOUMI_CLIENT_ID'),
      clientSecret: required(env, 'YOUMI_CLIENT_SECRET'),
      tenantId: required(env, 'YOUMI_TENANT_ID'),
      scope: env.YOUMI_SCOPE?.trim() || 'Ls.Qkl.PublicApi',
    },
    wshoto: { appId: required(env, 'WSHOTO_APP_ID'), appSecret: required(env, 'WSHOTO_APP_SECRET') },
  }
  const port = Number(env.SIM_PORT ?? 0)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('SIM_PORT must be a port number (0: any free one)')
  const ttl = env.SIM_TOKEN_TTL_S ? Number(env.SIM_TOKEN_TTL_S) : undefined
  if (ttl !== undefined && !(Number.isInteger(ttl) && ttl > 0)) throw new Error('SIM_TOKEN_TTL_S must be a positive whole number')
  return {
    credentials,
    host: env.SIM_HOST?.trim() || '127.0.0.1',
    port,
    tokenTtlSeconds: ttl,
    // The proxies' PUBLIC_URL: the OAuth page sends codes only there, as WeCom's 可信域名 does.
    trustedOrigin: env.SIM_TRUSTED_ORIGIN?.trim() || undefined,
    publicUrl: env.SIM_PUBLIC_URL?.trim() || undefined,
  }
}
