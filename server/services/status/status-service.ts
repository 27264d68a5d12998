import type { Readiness, StatusCheck, SystemStatus, VendorStatus } from '../../../contracts/status.js'
import { adviceFor } from '../../../contracts/vendor-advice.js'
import type { AppConfig } from '../../config.js'
import { AppError } from '../../errors.js'
import type { Db } from '../../store/db.js'
import { databaseSize, dirSize, storeHealth } from '../../store/health.js'
import type { FileStore } from '../file-store/file-store.js'
import { VENDOR_NAMES } from '../../upstream/errors.js'
import type { HttpClient, Vendor } from '../../upstream/http.js'
import type { WecomClient } from '../../upstream/wecom/client.js'
import type { WshotoClient } from '../../upstream/wshoto/client.js'
import type { YoumiClient } from '../../upstream/youmi/client.js'
import type { SignatureService } from '../signatures.js'
import { publicUrlChecks, runCheck, signatureChecks } from './checks.js'
import type { Heartbeat } from './heartbeat.js'
import type { VendorStats } from './vendor-stats.js'

/** Live checks fetch tokens and tickets (WeCom allows 100 agent tickets an hour): at most one run per this. */
export const RECHECK_INTERVAL_MS = 30_000
/** Beyond this our clock and a vendor's differ enough to break signatures and Youmi's expiry checks. */
export const CLOCK_SKEW_LIMIT_S = 30

export interface StatusDeps {
  config: Pick<AppConfig, 'vendors' | 'publicUrl' | 'demo' | 'staticDir' | 'upstreamTimeoutMs' | 'database' | 'media'>
  db: Db
  http: HttpClient
  now: () => number
  wecom: WecomClient
  youmi: YoumiClient
  wshoto: WshotoClient
  signatures: SignatureService
  stats: VendorStats
  heartbeat: Heartbeat
  /** The library's file store: its size is shown (null in memory, as in tests). */
  files?: Pick<FileStore, 'kind' | 'totalBytes'>
  version: string
  startedAt: Date
}

interface LiveResult {
  at: number
  credentials: Record<Vendor, StatusCheck[]>
  signature: StatusCheck[]
  publicUrl: StatusCheck[]
}

/** The admins' 系统状态: what is wrong, across vendors and the proxy's own set-up, and what to do about it. */
export class StatusService {
  private live: LiveResult | undefined
  private running: Promise<LiveResult> | undefined

  constructor(private readonly d: StatusDeps) {}

  /** `GET /api/ready`: the database answers and has every migration of this release. */
  async ready(): Promise<Readiness> {
    const h = await storeHealth(this.d.db)
    if (h.ok) return { status: 'ready', migrationsApplied: h.migrationsApplied, migrationsExpected: h.migrationsExpected }
    return {
      status: 'unready',
      reason: h.reason,
      ...(h.migrationsApplied === undefined ? {} : { migrationsApplied: h.migrationsApplied }),
      migrationsExpected: h.migrationsExpected,
    }
  }

  /** The page: the last live checks (run now if none ran yet), with this hour's figures. */
  async status(): Promise<SystemStatus> {
    if (!this.live) await this.runLive()
    return this.assemble()
  }

  /** 「重新检查」: the live checks again, at most once per RECHECK_INTERVAL_MS. */
  async recheck(): Promise<SystemStatus> {
    const wait = this.live ? this.live.at + RECHECK_INTERVAL_MS - this.d.now() : 0
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000)
      throw new AppError(429, 'RATE_LIMITED', `刚刚检查过：请 ${seconds} 秒后再重新检查。`, { retryAfterSeconds: seconds }).with({
        seconds,
      })
    }
    await this.runLive()
    return this.assemble()
  }

  private runLive(): Promise<LiveResult> {
    this.running ??= this.checkNow().finally(() => (this.running = undefined))
    return this.running
  }

  private async checkNow(): Promise<LiveResult> {
    const { wecom, youmi, wshoto, config } = this.d
    const [w, y, s, signature, publicUrl] = await Promise.all([
      Promise.all([
        runCheck('wecomToken', 'wecom', async () => void (await wecom.token.refreshNow())),
        runCheck('wecomCorpTicket', 'wecom', async () => void (await wecom.corpTicket.refreshNow())),
        runCheck('wecomAgentTicket', 'wecom', async () => void (await wecom.agentTicket.refreshNow())),
      ]),
      Promise.all([runCheck('youmiToken', 'youmi', async () => void (await youmi.token.refreshNow()))]),
      Promise.all([runCheck('wshotoToken', 'wshoto', async () => void (await wshoto.token.refreshNow()))]),
      signatureChecks(this.d.signatures, () => Promise.all([wecom.corpTicket.get(), wecom.agentTicket.get()]), config.publicUrl),
      publicUrlChecks({
        publicUrl: config.publicUrl,
        demo: config.demo,
        staticDir: config.staticDir,
        http: this.d.http,
        timeoutMs: Math.min(3000, config.upstreamTimeoutMs),
      }),
    ])
    this.live = { at: this.d.now(), credentials: { wecom: w, youmi: y, wshoto: s }, signature, publicUrl }
    return this.live
  }

  private async assemble(): Promise<SystemStatus> {
    const live = this.live!
    const iso = (ms: number) => new Date(ms).toISOString()
    return {
      checkedAt: iso(live.at),
      vendors: (['wecom', 'youmi', 'wshoto'] as const).map((v) => this.vendorStatus(v, live, iso)),
      signature: live.signature,
      publicUrl: { url: this.d.config.publicUrl, checks: live.publicUrl },
      database: await this.database(),
      app: {
        version: this.d.version,
        startedAt: this.d.startedAt.toISOString(),
        demo: this.d.config.demo,
        instanceId: this.d.heartbeat.id,
        instances: await this.d.heartbeat.recent().catch(() => []),
      },
      nextCheckAt: iso(live.at + RECHECK_INTERVAL_MS),
    }
  }

  private vendorStatus(vendor: Vendor, live: LiveResult, iso: (ms: number) => string): VendorStatus {
    const endpoint = this.d.config.vendors[vendor]
    const client = this.d[vendor]
    const checks = live.credentials[vendor]
    const last = this.d.stats.lastFailure(vendor)
    const skew = this.d.stats.clockSkewSeconds(vendor)
    return {
      vendor,
      name: VENDOR_NAMES[vendor],
      simulated: endpoint.simulated,
      baseUrl: endpoint.apiBase,
      credentials: { ok: checks.every((c) => c.ok), checkedAt: iso(live.at), checks },
      breaker: client.breaker.status,
      lastHour: this.d.stats.lastHour(vendor),
      lastError: last
        ? {
            at: iso(last.at),
            op: last.op,
            code: last.code,
            ...(last.vendorCode ? { vendorCode: last.vendorCode } : {}),
            message: last.message,
            ...adviceFor(vendor, last.code, last.vendorCode),
          }
        : null,
      clockSkewSeconds: skew,
      ...(skew === null || Math.abs(skew) <= CLOCK_SKEW_LIMIT_S ? { clockOk: true } : { clockOk: false, ...clockAdvice(vendor) }),
    }
  }

  /** On PostgreSQL the chunk table's size (when the server answers), on disk the files' own sizes. */
  private async filesBytes(fileDir: string | undefined, databaseOk: boolean): Promise<number | null> {
    const files = this.d.files
    if (!files) return fileDir ? dirSize(fileDir) : null
    if (files.kind === 'memory' || (files.kind === 'postgres' && !databaseOk)) return null
    return files.totalBytes().catch(() => null)
  }

  private async database(): Promise<SystemStatus['database']> {
    const { database, media } = this.d.config
    const health = await storeHealth(this.d.db)
    let sizeBytes: number | null = null
    if (database.kind === 'pglite') sizeBytes = await dirSize(`${database.dataDir}/pglite`)
    else if (database.kind === 'postgres' && health.ok) sizeBytes = await databaseSize(this.d.db).catch(() => null)
    return {
      kind: database.kind,
      ok: health.ok,
      ...(health.ok ? {} : { reason: health.reason }),
      migrationsApplied: health.migrationsApplied ?? null,
      migrationsExpected: health.migrationsExpected,
      sizeBytes,
      filesBytes: await this.filesBytes(media?.fileDir, health.ok),
    }
  }
}

function clockAdvice(vendor: Vendor): { clockAdvice: string; clockAdviceKey: string } {
  const { advice, adviceKey } = adviceFor(vendor, 'CLOCK_SKEW')
  return { clockAdvice: advice, clockAdviceKey: adviceKey }
}
