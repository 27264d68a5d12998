import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { YoumiIdentity } from '../../contracts/contacts.js'
import type { Friend } from '../../contracts/friends.js'
import type { Db } from '../store/db.js'
import { friends } from '../store/schema.js'
import type { FriendEntry } from './qikeliao/mapping.js'

type Row = typeof friends.$inferSelect

/**
 * 企客聊 friends, per staff member: each entry writes what its payload said (the latest entry wins), and the sidebar
 * and sends name a friend by its id only. Nobody reads or messages another staff member's friends.
 */
export class FriendService {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** Stores the friend an entry described; answers its id (the same id for the same staff, merchant and WeChat id). */
  async upsert(entry: FriendEntry): Promise<string> {
    const now = new Date(this.now())
    const rows = await this.db
      .insert(friends)
      .values({
        id: randomUUID(),
        userId: entry.userId,
        tenantId: entry.tenantId,
        wechatId: entry.wechatId,
        nickname: entry.nickname,
        phoneMasked: entry.phoneMasked,
        youmi: entry.youmi,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [friends.userId, friends.tenantId, friends.wechatId],
        set: {
          // An entry without a nickname or phone keeps what an earlier one said.
          nickname: sql`CASE WHEN excluded.nickname <> '' THEN excluded.nickname ELSE ${friends.nickname} END`,
          phoneMasked: sql`CASE WHEN excluded.phone_masked <> '' THEN excluded.phone_masked ELSE ${friends.phoneMasked} END`,
          youmi: sql`excluded.youmi`,
          updatedAt: now,
        },
      })
      .returning({ id: friends.id })
    return rows[0]!.id
  }

  /** The staff member's friend, or null (another's, or none). */
  async get(userId: string, id: string): Promise<Friend | null> {
    const row = await this.row(userId, id)
    return row ? toFriend(row) : null
  }

  /** For sends (server/services/sends.ts): how Youmi reaches this staff member's friend, or null. */
  async identityFor(userId: string, friendId: string): Promise<YoumiIdentity | null> {
    const row = await this.row(userId, friendId)
    return row ? toFriend(row).youmi : null
  }

  private async row(userId: string, id: string): Promise<Row | null> {
    const rows = await this.db
      .select()
      .from(friends)
      .where(and(eq(friends.id, id), eq(friends.userId, userId)))
      .limit(1)
    return rows[0] ?? null
  }
}

function toFriend(r: Row): Friend {
  return {
    id: r.id,
    wechatId: r.wechatId,
    nickname: r.nickname,
    phoneMasked: r.phoneMasked,
    tenantId: r.tenantId,
    // Written by upsert from a checked identity; parsed again so a hand-edited row cannot reach Youmi malformed.
    youmi: YoumiIdentity.parse(r.youmi),
  }
}
