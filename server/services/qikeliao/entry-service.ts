import type { Db } from '../../store/db.js'
import type { FriendService } from '../friends.js'
import type { SessionUser } from '../sessions.js'
import { QikeliaoEntry, type EntryQuery, type Refusal } from './entry.js'
import type { FriendEntry } from './mapping.js'
import { ReplayGuard } from './replay.js'
import type { QikeliaoSettings } from './settings.js'

export type EntryOutcome = { refused: Refusal } | { user: SessionUser; friend: FriendEntry; friendId: string }

const NOT_CONFIGURED: Refusal = {
  status: 404,
  code: 'QIKELIAO_NOT_CONFIGURED',
  title: '企客聊入口未开启',
  message: '这个侧边栏还没有配置企客聊。',
  check: '请管理员设置 QIKELIAO_KEY 等变量（见部署文档「企客聊」一节）后重启服务。',
}

const REPLAYED: Refusal = {
  status: 401,
  code: 'QIKELIAO_REPLAYED',
  title: '链接已用过',
  message: '这个链接已经打开过一次，不能再用。',
  check: '请回到企客聊，重新点击客户的手机号、微信号或侧边栏按钮：每次点击都会生成新链接。',
}

/**
 * The 企客聊 sidebar entry from link to signed-in staff member: the link is checked and decrypted (entry.ts), used
 * up (replay.ts) and its friend remembered; the route then starts the session the outcome names.
 */
export class QikeliaoEntryService {
  private readonly entry: QikeliaoEntry | null
  private readonly replay: ReplayGuard

  constructor(
    private readonly settings: QikeliaoSettings | undefined,
    db: Db,
    private readonly friends: FriendService,
    private readonly now: () => number,
  ) {
    this.entry = settings ? new QikeliaoEntry(settings) : null
    this.replay = new ReplayGuard(db, now)
  }

  async enter(query: EntryQuery): Promise<EntryOutcome> {
    if (!this.entry || !this.settings) return { refused: NOT_CONFIGURED }
    const checked = this.entry.check(query, this.now())
    if ('code' in checked) return { refused: checked }
    if (!(await this.replay.claim(checked.replayKeys, this.settings.maxAgeS))) return { refused: REPLAYED }
    const { friend } = checked
    const friendId = await this.friends.upsert(friend)
    return { user: { userId: friend.userId, corpId: friend.tenantId, host: 'qikeliao' }, friend, friendId }
  }
}
