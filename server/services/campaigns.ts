import { asc, eq } from 'drizzle-orm'
import type { Campaign, CampaignListItem, CampaignSummary } from '../../contracts/campaigns.js'
import { Reach, REACH_HISTORY_POINTS, type ReachHistory } from '../../contracts/reach.js'
import { AppError, conflict, notFound } from '../errors.js'
import type { Db } from '../store/db.js'
import { campaigns } from '../store/schema.js'
import { isVendorDown } from '../upstream/breaker.js'
import { badShape, UpstreamError, VendorUnavailableError } from '../upstream/errors.js'
import { retryClass } from '../upstream/retry.js'
import type { WshotoClient } from '../upstream/wshoto/client.js'
import type { DirectoryService } from './directory.js'
import { ReachParseError, reachPeople, toReach } from './reach.js'
import { ReachAnswer } from './reach-answer.js'
import { ReachCache, type ReachSnapshot, type ReachSnapshots } from './reach-cache.js'
import { REACH_HISTORY_CSV_ROWS, reachHistoryCsv } from './reach-history.js'
import type { ReachHistoryPoints } from './reach-snapshots.js'

type Row = typeof campaigns.$inferSelect
const toCampaign = (r: Row): Campaign => ({ taskId: r.taskId, name: r.name, addedBy: r.addedBy, addedAt: r.createdAt.toISOString() })

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

export interface CampaignServiceOptions {
  db: Db
  wshoto: WshotoClient
  now: () => number
  /** `REACH_FRESH_S` in ms (0: every request asks WShoto). */
  reachFreshMs?: number
  /** Where every fetched reach is kept (server/services/reach-snapshots.ts): the answer within the window, and history. */
  snapshots: ReachSnapshots & { history(taskId: number, max: number): Promise<ReachHistoryPoints> }
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void }
  /**
   * Told how each reach was answered, for the reach cache metric: asked of WShoto (`miss`), the last figures within the
   * window or a call already in flight (`hit`), or the last good figures while WShoto fails (`stale`).
   */
  onCache?: (result: 'hit' | 'miss' | 'stale') => void
  /** Names for the staff and departments the figures name (WeCom's, not WShoto's); without it the ids stand alone. */
  directory?: DirectoryService
}

/** The figures the campaign list shows, from a reach answer. */
export const summaryOf = (r: Reach): CampaignSummary => ({
  type: { code: r.type.code, label: r.type.label },
  status: r.status,
  delivery: r.rates.delivery,
  fetchedAt: r.fetchedAt,
  stale: r.stale,
})

/** The WShoto tasks this company tracks (WShoto has no list endpoint) and their reach. */
export class CampaignService {
  /**
   * The last figures of each campaign and the one call in flight: WShoto is asked at most once per campaign per
   * window, and while it is down the last good figures answer, marked `stale`.
   */
  private readonly reaches: ReachCache
  /** The answers of figures already answered, kept as long as the figures themselves. */
  private readonly written = new WeakMap<Reach, ReachAnswer>()
  private readonly db: Db
  private readonly wshoto: WshotoClient
  private readonly now: () => number
  /** WShoto reach calls made so far, to tell a cached answer from a fetched one. */
  private fetches = 0

  constructor(private readonly o: CampaignServiceOptions) {
    this.db = o.db
    this.wshoto = o.wshoto
    this.now = o.now
    this.reaches = new ReachCache({
      snapshots: o.snapshots,
      // Whether the campaign is still tracked is read with each ask, so once per window as well: a campaign another
      // instance removed answers its last figures until the window ends, then 404.
      fetch: async (taskId) => {
        if (!(await this.find(taskId))) throw notTracked(taskId)
        this.fetches++
        this.o.onCache?.('miss')
        return this.fetchReach(taskId)
      },
      now: o.now,
      freshMs: o.reachFreshMs ?? 0,
      staleAnswer: (err, last) => this.staleAnswer(err, last),
    })
  }

  /** Every tracked campaign with the summary its row shows; one campaign's failure leaves the others shown. */
  async list(options: { refresh?: boolean } = {}): Promise<CampaignListItem[]> {
    const rows = await this.db.select().from(campaigns).orderBy(asc(campaigns.createdAt), asc(campaigns.taskId))
    return Promise.all(
      rows.map(async (row): Promise<CampaignListItem> => {
        try {
          return { ...toCampaign(row), summary: summaryOf(await this.reaches.get(row.taskId, options)), error: null }
        } catch (err) {
          if (err instanceof AppError) return { ...toCampaign(row), summary: null, error: { code: err.code, message: err.message } }
          this.o.log?.error({ taskId: row.taskId, err: (err as Error).message }, 'campaign summary failed')
          return { ...toCampaign(row), summary: null, error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试。' } }
        }
      }),
    )
  }

  /**
   * Checks the task exists at WShoto first, so nobody tracks a typo; its WShoto name is the default. The answer carries
   * the summary from that same detail, so the list shows the new row complete.
   */
  async add(userId: string, taskId: number, name?: string): Promise<CampaignListItem> {
    if (await this.find(taskId)) throw conflict('CAMPAIGN_ALREADY_TRACKED', `任务 ${taskId} 已在列表中。`).with({ taskId })
    const detail = await this.wshoto.getTaskDetail(taskId)
    const [row] = await this.db
      .insert(campaigns)
      .values({ taskId, name: name ?? (detail.task_name || `群发任务 ${taskId}`), addedBy: userId, createdAt: new Date(this.now()) })
      .onConflictDoNothing()
      .returning()
    if (!row) throw conflict('CAMPAIGN_ALREADY_TRACKED', `任务 ${taskId} 已在列表中。`).with({ taskId })
    // Not kept as the campaign's figures: a campaign added again after a removal starts without earlier figures.
    try {
      const reach = toReach(detail, new Date(this.now()))
      return { ...toCampaign(row), summary: summaryOf(reach), error: null }
    } catch (err) {
      if (!(err instanceof ReachParseError)) throw err
      const e = badShape('wshoto', 'get_mass_task_detail', err.message)
      return { ...toCampaign(row), summary: null, error: { code: e.code, message: e.message } }
    }
  }

  async remove(taskId: number): Promise<void> {
    const rows = await this.db.delete(campaigns).where(eq(campaigns.taskId, taskId)).returning({ id: campaigns.taskId })
    await this.reaches.forget(taskId)
    if (!rows.length) throw notTracked(taskId)
  }

  /**
   * The figures, asked of WShoto at most once per window (`refresh`: sooner, at most once per 2 s); while WShoto is
   * down the last good figures with `stale` set. Without earlier figures the failure goes to the caller as before.
   */
  async reach(taskId: number, options: { refresh?: boolean } = {}): Promise<Reach> {
    const fetchesBefore = this.fetches
    try {
      const reach = await this.reaches.get(taskId, options)
      // A hit is an answer no fetch of this request's making served (another campaign's fetch at the same moment
      // hides one: the metric errs towards misses).
      if (!reach.stale && this.fetches === fetchesBefore) this.o.onCache?.('hit')
      return reach
    } catch (err) {
      if (err instanceof AppError && err.code === 'CAMPAIGN_NOT_TRACKED') await this.reaches.forget(taskId)
      throw err
    }
  }

  /**
   * `reach` as the bytes of its answer. Within the window every request gets the same figures, so they are checked
   * against the contract, written out and compressed once, not once per request (the bulk of a cached answer's cost).
   */
  async reachAnswer(taskId: number, options: { refresh?: boolean } = {}): Promise<ReachAnswer> {
    return this.answerOf(await this.reach(taskId, options))
  }

  private answerOf(reach: Reach): ReachAnswer {
    let answer = this.written.get(reach)
    if (answer === undefined) {
      answer = new ReachAnswer(reach)
      this.written.set(reach, answer)
    }
    return answer
  }

  /** The campaign's reach over time from its snapshots, at most REACH_HISTORY_POINTS points; 404 when not tracked. */
  async history(taskId: number): Promise<ReachHistory> {
    if (!(await this.find(taskId))) throw notTracked(taskId)
    return { taskId, ...(await this.o.snapshots.history(taskId, REACH_HISTORY_POINTS)) }
  }

  /** The same history as a CSV file for a spreadsheet, every snapshot up to REACH_HISTORY_CSV_ROWS. */
  async historyCsv(taskId: number): Promise<string> {
    if (!(await this.find(taskId))) throw notTracked(taskId)
    return reachHistoryCsv((await this.o.snapshots.history(taskId, REACH_HISTORY_CSV_ROWS)).points)
  }

  private staleAnswer(err: unknown, last: ReachSnapshot): Reach | undefined {
    const reason = staleReason(err)
    if (!reason) return undefined
    this.o.log?.warn(
      { taskId: last.reach.taskId, code: (err as UpstreamError).code, since: last.reach.fetchedAt },
      'reach answered with the last good figures: WShoto failed',
    )
    this.o.onCache?.('stale')
    return { ...last.reach, stale: { since: last.reach.fetchedAt, reason } }
  }

  private async fetchReach(taskId: number): Promise<Reach> {
    const detail = await this.wshoto.getTaskDetail(taskId)
    let reach: Reach
    try {
      reach = toReach(detail, new Date(this.now()))
    } catch (err) {
      if (err instanceof ReachParseError) throw badShape('wshoto', 'get_mass_task_detail', err.message)
      throw err
    }
    // Names come from WeCom, not WShoto; looked up once per fetch, they stay with the figures (stale ones too).
    return this.o.directory ? { ...reach, names: await this.o.directory.names(reachPeople(reach)) } : reach
  }

  private async find(taskId: number): Promise<Row | undefined> {
    return (await this.db.select().from(campaigns).where(eq(campaigns.taskId, taskId)).limit(1))[0]
  }
}

const notTracked = (taskId: number) => notFound('CAMPAIGN_NOT_TRACKED', `任务 ${taskId} 不在跟踪列表中：请管理员先添加。`)
