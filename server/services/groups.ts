import type { Group } from '../../contracts/groups.js'
import { forbidden } from '../errors.js'
import type { WecomClient } from '../upstream/wecom/client.js'
import type { WecomGroupChat } from '../upstream/wecom/schemas.js'

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
  ) {}

  async get(userId: string, chatId: string): Promise<Group> {
    const g = await this.joined(userId, chatId)
    return {
      chatId: g.chat_id,
      name: g.name,
      owner: g.owner,
      notice: g.notice,
      createdAt: g.create_time ? new Date(g.create_time * 1000).toISOString() : null,
      memberCount: g.member_list.length,
      customerCount: g.member_list.filter((m) => m.type === CUSTOMER).length,
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
