import { z } from 'zod'
import { qikeliaoEnvProblems, type QikeliaoSettings } from './services/qikeliao/settings.js'

// The 企客聊 settings type lives with the code that builds it; re-exported so the config's types stay in one place.
export type { QikeliaoSettings }

// Empty strings in the environment mean "not set": shells and .env files write `X=` far more often than they mean "".
const optional = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional())
const commaList = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  z.array(z.string()),
)
const httpUrl = (fallback: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .default(fallback)
      .transform((u) => u.replace(/\/+$/, '')),
  )
const intFrom = (fallback: number, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(min).max(max).default(fallback),
  )

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DEMO: z.preprocess((v) => v === '1' || v === 'true', z.boolean()),
  PORT: intFrom(8080, 0, 65535),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PUBLIC_URL: optional.pipe(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) origin such as https://sidebar.example.com' }).optional(),
  ),
  SESSION_SECRET: optional.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  // The built sidebar the proxy serves (`npm run build` writes it here).
  SIDEBAR_DIR: z.string().trim().min(1).default('dist/client'),
  DATABASE_URL: optional.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  ADMIN_USER_IDS: commaList,
  // Which reverse proxies may set X-Forwarded-*: `loopback` (nginx on the same host), a comma list of addresses/CIDRs,
  // `true` (any: only behind a proxy that strips them) or `false`. Unset: nobody in production, loopback otherwise.
  TRUST_PROXY: optional,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Readable lines (pino-pretty) or JSON; unset: JSON in production, readable lines otherwise.
  LOG_FORMAT: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.enum(['json', 'pretty']).optional()),
  // GET /metrics (Prometheus) is off unless a bearer token is set here, or METRICS_PORT serves it on loopback only.
  METRICS_TOKEN: optional.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  METRICS_PORT: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(1).max(65535).optional(),
  ),
  UPSTREAM_TIMEOUT_MS: intFrom(5000, 100, 120_000),
  // A campaign's reach is asked of WShoto at most once per this many seconds, however many staff look (0: every time).
  REACH_FRESH_S: intFrom(10, 0, 3600),
  // Reach snapshots (a campaign's history) older than this many days are deleted.
  REACH_HISTORY_DAYS: intFrom(180, 1, 3650),
  // How long a chat send waits for the sidebar's report before it is 「结果未知」 (the sidebar was closed or reloaded).
  SEND_REPORT_WAIT_S: intFrom(120, 2, 24 * 3600),

  // Sessions end at the first of: SESSION_TTL_HOURS after sign-in, or SESSION_IDLE_MINUTES without a request.
  SESSION_TTL_HOURS: intFrom(12, 1, 24 * 30),
  SESSION_IDLE_MINUTES: intFrom(240, 5, 24 * 60 * 30),
  // Requests per minute; 0 turns that limit off. Signed-in requests count per staff member, others per client IP.
  RATE_LIMIT_IP_PER_MIN: intFrom(300, 0, 1_000_000),
  RATE_LIMIT_SIGNIN_PER_MIN: intFrom(300, 0, 1_000_000),
  RATE_LIMIT_USER_PER_MIN: intFrom(600, 0, 1_000_000),
  RATE_LIMIT_SENDS_PER_MIN: intFrom(60, 0, 1_000_000),
  // Who may frame the sidebar (CSP frame-ancestors): 'self' (the playground) plus any origins listed here.
  CSP_FRAME_ANCESTORS: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(/[\s,]+/)
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    z.array(
      z
        .url({ protocol: /^https?$/, error: 'must be a list of http(s) origins such as https://chat.example.com' })
        .transform((u) => new URL(u).origin),
    ),
  ),
  CSP_REPORT_ONLY: z.preprocess((v) => v === '1' || v === 'true', z.boolean()),

  WECOM_CORP_ID: optional,
  WECOM_AGENT_ID: optional.pipe(z.string().regex(/^\d+$/, 'must be the numeric AgentId of the app').optional()),
  WECOM_SECRET: optional,
  WECOM_API_BASE: httpUrl('https://qyapi.weixin.qq.com'),
  WECOM_OAUTH_BASE: httpUrl('https://open.weixin.qq.com'),
  WECOM_LOGIN_BASE: httpUrl('https://login.work.weixin.qq.com'),

  YOUMI_CLIENT_ID: optional,
  YOUMI_CLIENT_SECRET: optional,
  YOUMI_TENANT_ID: optional,
  // The v2 base URL is not published (vendors.md): without a value a real Youmi cannot be configured.
  YOUMI_API_BASE: optional.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  YOUMI_TOKEN_URL: httpUrl('https://sso.yunshouzhi.net/connect/token'),
  YOUMI_SCOPE: z.string().trim().min(1).default('Ls.Qkl.PublicApi'),
  // Guesses from the seed's example (vendors.md: meaning unknown); settings so they can be corrected without a release.
  YOUMI_TASK_TYPE: intFrom(1, -1000, 1000),
  YOUMI_CHOOSE_TYPE: intFrom(0, -1000, 1000),
  YOUMI_TASK_SOURCE: intFrom(0, -1000, 1000),
  YOUMI_DELETE_PATH: z.string().trim().startsWith('/').default('/v2/BulkSend/DeleteBulkSendTask'),

  WSHOTO_APP_ID: optional,
  WSHOTO_APP_SECRET: optional,
  WSHOTO_API_BASE: httpUrl('https://open.wshoto.com'),

  // Hosts the proxy may download media from by URL (exact names, or `.example.com` for its subdomains).
  MEDIA_ALLOWED_HOSTS: commaList,

  // 企客聊 sidebar entry (vendors.md: the cipher is not published; these are the documented guesses).
  QIKELIAO_CIPHER: z.string().trim().min(1).default('aes-128-cbc'),
  QIKELIAO_KEY: optional,
  QIKELIAO_IV: optional,
  QIKELIAO_SYSTEM_KEY: optional,
  QIKELIAO_MAX_AGE_S: intFrom(600, 10, 86_400),
  // Which payload field is the friend (Youmi object_id), other identity fields (`machineKey=Number,…`), and the
  // optional 对接密码 the payload's dockPwd must equal: guesses documented in docs/deploy.md「企客聊」.
  QIKELIAO_FRIEND_FIELD: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.enum(['uid', 'WX']).default('uid'),
  ),
  QIKELIAO_FIELD_MAP: optional,
  QIKELIAO_DOCK_PWD: optional,
})

export type Env = z.infer<typeof EnvSchema>

/** Every setting's name, for checks of the files that set them (the Dockerfile, compose.yaml). */
export const ENV_KEYS: readonly string[] = Object.keys(EnvSchema.shape)

export interface WecomCredentials {
  corpId: string
  agentId: string
  secret: string
}
export interface YoumiCredentials {
  clientId: string
  clientSecret: string
  tenantId: string
  scope: string
}
export interface WshotoCredentials {
  appId: string
  appSecret: string
}

export interface VendorEndpoints {
  wecom: WecomCredentials & { apiBase: string; oauthBase: string; loginBase: string; simulated: boolean }
  youmi: YoumiCredentials & {
    apiBase: string
    tokenUrl: string
    simulated: boolean
    taskType: number
    chooseType: number
    taskSource: number
    deletePath: string
  }
  wshoto: WshotoCredentials & { apiBase: string; simulated: boolean }
}

/** What the app needs once vendors are resolved (real or simulated). `buildApp` takes this; tests build it directly. */
export interface AppConfig {
  nodeEnv: Env['NODE_ENV']
  demo: boolean
  publicUrl: string
  sessionSecret: string
  adminUserIds: string[]
  logLevel: Env['LOG_LEVEL']
  /** Readable lines or JSON; absent: JSON in production, readable lines otherwise. */
  logFormat?: 'json' | 'pretty'
  /** `GET /metrics` on the app's port, behind this bearer token; absent: not served there. */
  metricsToken?: string
  trustProxy: boolean | string
  upstreamTimeoutMs: number
  /**
   * `REACH_FRESH_S` in ms: reach figures younger than this are answered without asking WShoto. Absent (tests that
   * build the app directly): 0, every request asks.
   */
  reachFreshMs?: number
  /** `REACH_HISTORY_DAYS`: reach snapshots older than this many days are deleted; default 180. */
  reachHistoryDays?: number
  /** SEND_REPORT_WAIT_S: a chat send with no report from the sidebar for this long becomes `unknown`; default 120 s. */
  sendReportWaitMs?: number
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string } | { kind: 'memory' }
  vendors: VendorEndpoints
  /** Where the built sidebar lives; absent in tests that only exercise the API. */
  staticDir?: string
  /** The simulator's loopback URL when any vendor is simulated: its browser-facing pages are served under /sim. */
  simUrl?: string
  /** Session lifetimes; absent: the defaults (12 hours, 4 hours idle). */
  session?: SessionLifetimes
  /**
   * Request limits per minute (0: that limit off). `boot()` always sets them from the environment; absent (tests that
   * build the app directly) means no limits.
   */
  rateLimit?: RateLimits
  /** Content-Security-Policy settings; absent: frame-ancestors 'self', enforced. */
  csp?: CspSettings
  /** Media fetching and the materials file store; absent: no URL host allowed and files kept in memory (tests). */
  media?: MediaSettings
  /** The 企客聊 entry; absent: `/api/qikeliao/enter` answers that 企客聊 is not configured. */
  qikeliao?: QikeliaoSettings
}

export interface MediaSettings {
  /** `MEDIA_ALLOWED_HOSTS`: exact host names, or `.example.com` for any of its subdomains. */
  allowedHosts: string[]
  /** Where uploaded material files are kept (`DATA_DIR/files`); absent: in memory (tests). */
  fileDir?: string
}

export interface SessionLifetimes {
  /** From sign-in to the end, however busy the session. */
  ttlMs: number
  /** Without a request for this long, the session ends. */
  idleMs: number
}

export interface RateLimits {
  /** Requests to /api/* without a session, per client IP (health excepted). */
  ipPerMin: number
  /** Sign-in steps (/api/auth/login and /api/auth/callback) without a session, per client IP: their own bucket. */
  signInPerMin: number
  /** Requests to /api/* with a session, per staff member. */
  userPerMin: number
  /** POST /api/sends per staff member (on top of userPerMin). */
  sendsPerMin: number
}

export interface CspSettings {
  /** Origins besides our own that may frame the sidebar. */
  frameAncestors: string[]
  /** Report violations in the browser console instead of blocking (to try the policy in a new WeCom client). */
  reportOnly: boolean
}

export const DEFAULT_SESSION_LIFETIMES: SessionLifetimes = { ttlMs: 12 * 3600_000, idleMs: 240 * 60_000 }
export const DEFAULT_RATE_LIMITS: RateLimits = { ipPerMin: 300, signInPerMin: 300, userPerMin: 600, sendsPerMin: 60 }
export const DEFAULT_CSP: CspSettings = { frameAncestors: [], reportOnly: false }

/** The security settings of the environment, as `boot()` puts them into the app's config. */
export function securityOf(env: Env): Required<Pick<AppConfig, 'session' | 'rateLimit' | 'csp'>> {
  return {
    session: {
      ttlMs: env.SESSION_TTL_HOURS * 3600_000,
      idleMs: Math.min(env.SESSION_IDLE_MINUTES * 60_000, env.SESSION_TTL_HOURS * 3600_000),
    },
    rateLimit: {
      ipPerMin: env.RATE_LIMIT_IP_PER_MIN,
      signInPerMin: env.RATE_LIMIT_SIGNIN_PER_MIN,
      userPerMin: env.RATE_LIMIT_USER_PER_MIN,
      sendsPerMin: env.RATE_LIMIT_SENDS_PER_MIN,
    },
    csp: { frameAncestors: env.CSP_FRAME_ANCESTORS, reportOnly: env.CSP_REPORT_ONLY },
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    )
    this.name = 'ConfigError'
  }
}

/** Parses the environment and reports every problem at once, so an operator fixes them in one go. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse(source)
  const problems: string[] = []
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(`${issue.path.join('.') || '(environment)'}: ${issue.message}`)
    throw new ConfigError(problems)
  }
  const env = result.data
  const groups = vendorGroups(env)
  for (const [vendor, vars] of Object.entries(groups)) {
    const set = vars.filter(([, v]) => v !== undefined).map(([k]) => k)
    if (set.length > 0 && set.length < vars.length) {
      const missing = vars.filter(([, v]) => v === undefined).map(([k]) => k)
      problems.push(
        `${vendor}: ${set.join(', ')} set but ${missing.join(', ')} missing (set all of them for the real vendor, or none to simulate it)`,
      )
    }
    if (set.length === 0 && env.NODE_ENV === 'production' && !env.DEMO) {
      problems.push(
        `${vendor}: no credentials (${vars.map(([k]) => k).join(', ')}); in production set them, or DEMO=1 to run against the simulator`,
      )
    }
  }
  if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) problems.push('SESSION_SECRET: required in production (32+ random characters)')
  problems.push(...qikeliaoEnvProblems(env))
  if (problems.length) throw new ConfigError(problems)
  return env
}

type VarList = Array<[string, string | undefined]>
function vendorGroups(env: Env): Record<'WeCom' | 'Youmi' | 'WShoto', VarList> {
  return {
    WeCom: [
      ['WECOM_CORP_ID', env.WECOM_CORP_ID],
      ['WECOM_AGENT_ID', env.WECOM_AGENT_ID],
      ['WECOM_SECRET', env.WECOM_SECRET],
    ],
    Youmi: [
      ['YOUMI_CLIENT_ID', env.YOUMI_CLIENT_ID],
      ['YOUMI_CLIENT_SECRET', env.YOUMI_CLIENT_SECRET],
      ['YOUMI_TENANT_ID', env.YOUMI_TENANT_ID],
      ['YOUMI_API_BASE', env.YOUMI_API_BASE],
    ],
    WShoto: [
      ['WSHOTO_APP_ID', env.WSHOTO_APP_ID],
      ['WSHOTO_APP_SECRET', env.WSHOTO_APP_SECRET],
    ],
  }
}

export function isSimulated(env: Env): { wecom: boolean; youmi: boolean; wshoto: boolean } {
  return { wecom: !env.WECOM_CORP_ID, youmi: !env.YOUMI_CLIENT_ID, wshoto: !env.WSHOTO_APP_ID }
}

export function publicUrlOf(env: Env, port: number): string {
  return (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '')
}

/**
 * Whose `X-Forwarded-For` the proxy believes. Unset in production: nobody — any local process (a sidecar, a cron job, a
 * compromised neighbour) could otherwise name any client address and dodge the per-IP limits; an operator behind
 * nginx says `TRUST_PROXY=loopback`. Outside production `loopback`, for `npx vite`'s dev proxy and local nginx tries.
 */
export function trustProxyOf(env: Env): boolean | string {
  const v = env.TRUST_PROXY ?? (env.NODE_ENV === 'production' ? 'false' : 'loopback')
  return v === 'true' ? true : v === 'false' ? false : v
}

/** The start banner's line on whom the proxy believes about client addresses. */
export function trustProxyLine(env: Env): string {
  const trust = trustProxyOf(env)
  const why = env.TRUST_PROXY === undefined ? ` (TRUST_PROXY unset${env.NODE_ENV === 'production' ? ' in production' : ''})` : ''
  const whom =
    trust === true
      ? 'X-Forwarded-For from any address: only right behind a proxy that overwrites it'
      : trust === false
        ? 'no X-Forwarded-For: the client address is the connection’s'
        : `X-Forwarded-For only from ${trust}`
  return `Proxies  ${whom}${why}`
}
