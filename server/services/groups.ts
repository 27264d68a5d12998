import type { Group, GroupMember } from '../../contracts/groups.js'
import { forbidden } from '../errors.js'
import type { WecomClient } from '../upstream/wecom/client.js'
import type { WecomGroupChat } from '../upstream/wecom/schemas.js'
import type { DirectoryService } from './directory.js'

const CACHE_MS = 15_000
const CACHE_MAX = 1_000
const STAFF = 1
const CUSTOMER = 2

/**
 * Customer groups as the session's staff member sees them. Opening the sidebar in a group and the send that
 * follows ask for the same group within seconds, so WeCom's answer is shared for a few seconds (and while in flight).
 */
export class GroupService {
  private readonly cache = new Map<string, { at: number; answer: Promise<WecomGroupChat> }>()

  constructor(
    private readonly wecom: WecomClient,
    private readonly now: () => number,
    private readonly directory?: DirectoryService,
  ) {}

  async get(userId: string, chatId: string): Promise<Group> {
    const g = await this.joined(userId, chatId)
    const staffIds = [g.owner, ...g.member_list.filter((m) => m.type === STAFF).map((m) => m.userid)]
    const names = (await this.directory?.names({ staff: staffIds }))?.staff ?? {}
    return {
      chatId: g.chat_id,
      name: g.name,
      owner: g.owner,
      ownerName: names[g.owner] ?? null,
      notice: g.notice,
      createdAt: g.create_time ? new Date(g.create_time * 1000).toISOString() : null,
      memberCount: g.member_list.length,
      customerCount: g.member_list.filter((m) => m.type === CUSTOMER).length,
      members: membersOf(g, names),
    }
  }

  /** The group, or 403 unless this staff member owns it or is in it: nobody reads or messages another's groups. */
  async joined(userId: string, chatId: string): Promise<WecomGroupChat> {
    const g = await this.fetch(chatId)
    if (g.owner !== userId && !g.member_list.some((m) => m.type === STAFF && m.userid === userId)) {
      throw forbidden('NOT_YOUR_GROUP', '你不在这个客户群里：只有群主和群里的员工可以查看和发送。')
    }
    return g
  }

  private fetch(chatId: string): Promise<WecomGroupChat> {
    const now = this.now()
    const hit = this.cache.get(chatId)
    if (hit && now - hit.at < CACHE_MS) return hit.answer
    if (this.cache.size >= CACHE_MAX) this.cache.clear()
    const answer = this.wecom.getGroupChat(chatId)
    this.cache.set(chatId, { at: now, answer })
    // A failure must not be served from the cache to the next caller.
    answer.catch(() => this.cache.get(chatId)?.answer === answer && this.cache.delete(chatId))
    return answer
  }
}

/** Owner first, then the other staff, then customers, each in the order they joined (WeCom's order). */
function membersOf(g: WecomGroupChat, staffNames: Record<string, string | null>): GroupMember[] {
  // WeCom's own member name (need_name=1); an app that may not read names gets the id there instead.
  const given = (m: WecomGroupChat['member_list'][number]) => (m.name && m.name !== m.userid ? m.name : null)
  const members = g.member_list.map((m): GroupMember & { rank: number } => {
    const staff = m.type === STAFF
    const owner = staff && m.userid === g.owner
    return {
      kind: staff ? 'staff' : 'customer',
      name: staff ? (staffNames[m.userid] ?? given(m)) : given(m) || m.group_nickname || null,
      userId: staff ? m.userid : null,
      owner,
      rank: owner ? 0 : staff ? 1 : 2,
    }
  })
  return members.sort((a, b) => a.rank - b.rank).map(({ rank: _rank, ...m }) => m)
}
