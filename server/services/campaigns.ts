import { asc, eq } from 'drizzle-orm'
import type { Campaign } from '../../contracts/campaigns.js'
import type { Reach } from '../../contracts/reach.js'
import { conflict, notFound } from '../errors.js'
import type { Db } from '../store/db.js'
import { campaigns } from '../store/schema.js'
import { badShape } from '../upstream/errors.js'
import type { WshotoClient } from '../upstream/wshoto/client.js'
import { ReachParseError, toReach } from './reach.js'

type Row = typeof campaigns.$inferSelect
const toCampaign = (r: Row): Campaign => ({ taskId: r.taskId, name: r.name, addedBy: r.addedBy, addedAt: r.createdAt.toISOString() })

/** The WShoto tasks this company tracks (WShoto has no list endpoint) and their reach. */
export class CampaignService {
  constructor(
    private readonly db: Db,
    private readonly wshoto: WshotoClient,
    private readonly now: () => number,
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
    if (!rows.length) throw notTracked(taskId)
  }

  async reach(taskId: number): Promise<Reach> {
    if (!(await this.find(taskId))) throw notTracked(taskId)
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
