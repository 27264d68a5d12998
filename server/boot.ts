import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { isSimulated, publicUrlOf, securityOf, trustProxyLine, trustProxyOf, type AppConfig, type Env } from './config.js'
import type { DemoMode } from './demo-mode.js'
import { qikeliaoSettingsOf } from './services/qikeliao/settings.js'

/** The simulator of a demo run as the entry sees it: where it listens, and how to stop it. */
export interface RunningSimulator {
  url: string
  close(): Promise<void>
}

export interface Booted {
  config: AppConfig
  /** Present when at least one vendor is simulated. */
  sim?: RunningSimulator
  /** Demo mode's seed and routes for `buildApp`; present exactly when `config.demo` is. */
  demo?: DemoMode
  /** The start-up banner: one line per vendor (real with its base URL, or simulated), 企客聊, whose X-Forwarded-For is believed. */
  banner: string[]
}

// Fixed so that sessions and seeded rows in DATA_DIR stay valid across restarts of a demo.
const DEMO_CORP_ID = 'wwdemo7c2f0a9e1b'
const DEMO_AGENT_ID = '1000002'

/**
 * Turns the validated environment into the app's config: vendors without credentials are pointed at a simulator
 * started here on a loopback port, with credentials made up for this run. The simulator and the rest of demo mode
 * (server/demo/) are loaded only then, with a dynamic import: a deployment with every vendor real never loads them.
 */
export async function boot(env: Env, port: number): Promise<Booted> {
  const simulated = isSimulated(env)
  const publicUrl = publicUrlOf(env, port)
  const secret = () => randomBytes(24).toString('base64url')
  const wecom = simulated.wecom
    ? { corpId: DEMO_CORP_ID, agentId: DEMO_AGENT_ID, secret: secret() }
    : { corpId: env.WECOM_CORP_ID!, agentId: env.WECOM_AGENT_ID!, secret: env.WECOM_SECRET! }
  const youmi = simulated.youmi
    ? { clientId: 'demo-client', clientSecret: secret(), tenantId: '640462692', scope: env.YOUMI_SCOPE }
    : { clientId: env.YOUMI_CLIENT_ID!, clientSecret: env.YOUMI_CLIENT_SECRET!, tenantId: env.YOUMI_TENANT_ID!, scope: env.YOUMI_SCOPE }
  const wshoto = simulated.wshoto
    ? { appId: 'demo-app', appSecret: secret() }
    : { appId: env.WSHOTO_APP_ID!, appSecret: env.WSHOTO_APP_SECRET! }

  const demoMode = simulated.wecom || simulated.youmi || simulated.wshoto
  const demoKit = demoMode ? await import('./demo/index.js') : undefined
  const sim = await demoKit?.startDemoSimulator({ wecom, youmi, wshoto }, publicUrl)
  const simUrl = sim?.url ?? ''
  const dataDir = resolve(env.DATA_DIR)
  const config: AppConfig = {
    nodeEnv: env.NODE_ENV,
    demo: demoMode,
    publicUrl,
    sessionSecret: env.SESSION_SECRET ?? sessionSecretIn(dataDir),
    // A demo with a simulated WeCom and no ADMIN_USER_IDS makes its demo admins admins.
    adminUserIds: demoKit && simulated.wecom && !env.ADMIN_USER_IDS.length ? demoKit.demoAdminIds() : env.ADMIN_USER_IDS,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    metricsToken: env.METRICS_TOKEN,
    trustProxy: trustProxyOf(env),
    upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS,
    reachFreshMs: env.REACH_FRESH_S * 1000,
    reachHistoryDays: env.REACH_HISTORY_DAYS,
    sendReportWaitMs: env.SEND_REPORT_WAIT_S * 1000,
    database: env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dataDir },
    staticDir: resolve(env.SIDEBAR_DIR),
    media: { allowedHosts: env.MEDIA_ALLOWED_HOSTS, fileDir: join(dataDir, 'files') },
    vendors: {
      wecom: {
        ...wecom,
        apiBase: simulated.wecom ? simUrl : env.WECOM_API_BASE,
        // The OAuth page is opened by the browser, so in a demo it is reached through our own origin (server/demo/).
        oauthBase: simulated.wecom ? `${publicUrl}/sim` : env.WECOM_OAUTH_BASE,
        loginBase: simulated.wecom ? `${publicUrl}/sim` : env.WECOM_LOGIN_BASE,
        simulated: simulated.wecom,
      },
      youmi: {
        ...youmi,
        apiBase: simulated.youmi ? simUrl : env.YOUMI_API_BASE!,
        tokenUrl: simulated.youmi ? `${simUrl}/connect/token` : env.YOUMI_TOKEN_URL,
        simulated: simulated.youmi,
        taskType: env.YOUMI_TASK_TYPE,
        chooseType: env.YOUMI_CHOOSE_TYPE,
        taskSource: env.YOUMI_TASK_SOURCE,
        deletePath: env.YOUMI_DELETE_PATH,
      },
      wshoto: { ...wshoto, apiBase: simulated.wshoto ? simUrl : env.WSHOTO_API_BASE, simulated: simulated.wshoto },
    },
    simUrl: sim?.url,
    // The demo makes up 企客聊 keys too (env.DEMO, or WeCom simulated), so the playground's 企客聊 switch just works.
    qikeliao: qikeliaoSettingsOf(env, env.DEMO || simulated.wecom),
    ...securityOf(env),
  }
  const line = (name: string, isSim: boolean, base: string) => `${name.padEnd(7)} ${isSim ? `simulated (${simUrl})` : `real    ${base}`}`
  const banner = [
    line('WeCom', simulated.wecom, env.WECOM_API_BASE),
    line('Youmi', simulated.youmi, env.YOUMI_API_BASE ?? ''),
    line('WShoto', simulated.wshoto, env.WSHOTO_API_BASE),
    `企客聊   ${!config.qikeliao ? 'off (QIKELIAO_KEY not set)' : config.qikeliao.simulated ? 'demo keys made up for this run' : `entry ${publicUrl}/api/qikeliao/enter (${config.qikeliao.cipher})`}`,
    trustProxyLine(env),
  ]
  return { config, sim, demo: demoKit?.demoMode(config), banner }
}

/** Outside production a missing SESSION_SECRET is made once and kept, so restarts keep people signed in. */
function sessionSecretIn(dataDir: string): string {
  const file = join(dataDir, 'session-secret')
  if (existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim()
    if (saved.length >= 32) return saved
  }
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, secret, { mode: 0o600 })
  chmodSync(file, 0o600)
  return secret
}
