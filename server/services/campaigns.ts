import { asc, eq } from 'drizzle-orm'
import type { Campaign } from '../../contracts/campaigns.js'
import type { Reach } from '../../contracts/reach.js'
import { conflict, notFound } from '../errors.js'
import type { Db } from '../store/db.js'
import { campaigns } from '../store/schema.js'
import { isVendorDown } from '../upstream/breaker.js'
import { badShape, UpstreamError, VendorUnavailableError } from '../upstream/errors.js'
import { retryClass } from '../upstream/retry.js'
import type { WshotoClient } from '../upstream/wshoto/client.js'
import type { DirectoryService } from './directory.js'
import { ReachParseError, reachPeople, toReach } from './reach.js'

type Row = typeof campaigns.$inferSelect
const toCampaign = (r: Row): Campaign => ({ taskId: r.taskId, name: r.name, addedBy: r.addedBy, addedAt: r.createdAt.toISOString() })

/** Tracked campaigns are a handful; the bound only keeps a runaway list from growing the process. */
const REMEMBERED_MAX = 1_000

/**
 * Why the last good figures are shown instead of fresh ones, or null when the failure is not WShoto being down
 * (a task WShoto no longer knows, refused credentials: old figures would hide what needs fixing).
 */
function staleReason(err: unknown): string | null {
  if (err instanceof VendorUnavailableError) return err.vendor === 'wshoto' ? '微盛暂时无法连接，显示的是上次获取的数据' : null
  if (!(err instanceof UpstreamError) || err.vendor !== 'wshoto') return null
  if (err.failure === 'malformed' || err.failure === 'shape') return '微盛返回了无法识别的内容，显示的是上次获取的数据'
  if (retryClass(err) === 'rateLimited') return '微盛限制了调用频率，显示的是上次获取的数据'
  return isVendorDown(err) || retryClass(err) ? '微盛暂时无法连接，显示的是上次获取的数据' : null
}

/** The WShoto tasks this company tracks (WShoto has no list endpoint) and their reach. */
export class CampaignService {
  /**
   * The last good reach of each campaign, in this process's memory only (a restart forgets it; several proxies each
   * keep their own): while WShoto is down, a reach is answered from here, marked `stale`.
   */
  private readonly lastGood = new Map<number, Reach>()

  constructor(
    private readonly db: Db,
    private readonly wshoto: WshotoClient,
    private readonly now: () => number,
    private readonly log?: { warn(obj: object, msg: string): void },
    private readonly directory?: DirectoryService,
  ) {}

  async list(): Promise<Campaign[]> {
    return (await this.db.select().from(campaigns).orderBy(asc(campaigns.createdAt), asc(campaigns.taskId))).map(toCampaign)
  }

  /** Checks the task exists at WShoto first, so nobody tracks a typo; its WShoto name is the default. */
  async add(userId: string, taskId: number, name?: string): Promise<Campaign> {
    if (await this.find(taskId)) throw conflict('CAMPAIGN_ALREADY_TRACKED', `任务 ${taskId} 已在列表中。`)
    const detail = await this.wshoto.getTaskDetail(taskId)
    const [row] = await this.db
      .insert(campaigns)
      .values({ taskId, name: name ?? (detail.task_name || `群发任务 ${taskId}`), addedBy: userId, createdAt: new Date(this.now()) })
      .onConflictDoNothing()
      .returning()
    if (!row) throw conflict('CAMPAIGN_ALREADY_TRACKED', `任务 ${taskId} 已在列表中。`)
    return toCampaign(row)
  }

  async remove(taskId: number): Promise<void> {
    const rows = await this.db.delete(campaigns).where(eq(campaigns.taskId, taskId)).returning({ id: campaigns.taskId })
    this.lastGood.delete(taskId)
    if (!rows.length) throw notTracked(taskId)
  }

  /**
   * Fresh figures from WShoto; while WShoto is down (after the client's retries, or with its breaker open) the last
   * good figures with `stale` set. Without earlier figures the failure goes to the caller as before.
   */
  async reach(taskId: number): Promise<Reach> {
    const reach = await this.figures(taskId)
    // Names come from WeCom, not WShoto: the stale figures get them too.
    return this.directory ? { ...reach, names: await this.directory.names(reachPeople(reach)) } : reach
  }

  private async figures(taskId: number): Promise<Reach> {
    if (!(await this.find(taskId))) throw notTracked(taskId)
    let reach: Reach
    try {
      reach = await this.fetchReach(taskId)
    } catch (err) {
      const last = this.lastGood.get(taskId)
      const reason = last ? staleReason(err) : null
      if (!last || !reason) throw err
      this.log?.warn(
        { taskId, code: (err as UpstreamError).code, since: last.fetchedAt },
        'reach answered with the last good figures: WShoto failed',
      )
      return { ...last, stale: { since: last.fetchedAt, reason } }
    }
    this.lastGood.delete(taskId)
    if (this.lastGood.size >= REMEMBERED_MAX) this.lastGood.delete(this.lastGood.keys().next().value!)
    this.lastGood.set(taskId, reach)
    return reach
  }

  private async fetchReach(taskId: number): Promise<Reach> {
    const detail = await this.wshoto.getTaskDetail(taskId)
    try {
      return toReach(detail, new Date(this.now()))
    } catch (err) {
      if (err instanceof ReachParseError) throw badShape('wshoto', 'get_mass_task_detail', err.message)
      throw err
    }
  }

  private async find(taskId: number): Promise<Row | undefined> {
    return (await this.db.select().from(campaigns).where(eq(campaigns.taskId, taskId)).limit(1))[0]
  }
}

const notTracked = (taskId: number) => notFound('CAMPAIGN_NOT_TRACKED', `任务 ${taskId} 不在跟踪列表中：请管理员先添加。`)
