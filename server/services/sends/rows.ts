import { createHash } from 'node:crypto'
import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm'
import type { CreateSend, Send } from '../../../contracts/sends.js'
import { badRequest, notFound } from '../../errors.js'
import type { Db } from '../../store/db.js'
import { sends } from '../../store/schema.js'
import type { SessionHost } from '../sessions.js'
import type { SendRow } from './state.js'

/** Whose sends: a staff member, signed in from one host (a 企客聊 session owns the sends to 企客聊 friends only). */
export interface SendOwner {
  userId: string
  /** Absent: `wecom`. */
  host?: SessionHost
}

export const hostOf = (o: SendOwner): SessionHost => o.host ?? 'wecom'

/** Which host's send a row is: a send to a 企客聊 friend was made from 企客聊, every other from WeCom. */
export const hostOfRow = (r: Pick<SendRow, 'friendId'>): SessionHost => (r.friendId ? 'qikeliao' : 'wecom')

/** Reading sends: by id, by idempotency key, a page of a staff member's history. Writing is `state.ts`'s. */
export class SendRows {
  constructor(private readonly db: Db) {}

  async byId(id: string): Promise<SendRow | undefined> {
    return (await this.db.select().from(sends).where(eq(sends.id, id)).limit(1))[0]
  }

  /** The send, if it is the staff member's, made from the host they are signed in from. */
  async own(owner: SendOwner, id: string): Promise<SendRow> {
    const row = await this.byId(id)
    // Another staff member's send, or one made from the other host, is "not found": its existence is not theirs to learn.
    if (!row || row.userId !== owner.userId || hostOfRow(row) !== hostOf(owner)) throw notFound('SEND_NOT_FOUND', '没有找到这条发送记录。')
    return row
  }

  async byKey(userId: string, key: string): Promise<SendRow | undefined> {
    return (
      await this.db
        .select()
        .from(sends)
        .where(and(eq(sends.userId, userId), eq(sends.idempotencyKey, key)))
        .limit(1)
    )[0]
  }

  /** Newest first; one row more than `limit`, so the caller knows whether a next page exists. */
  async page(
    owner: SendOwner,
    q: { contact?: string; group?: string; friend?: string; cursor?: string; limit: number },
  ): Promise<SendRow[]> {
    const conds = [eq(sends.userId, owner.userId), hostOf(owner) === 'qikeliao' ? isNotNull(sends.friendId) : isNull(sends.friendId)]
    if (q.contact) conds.push(eq(sends.externalUserId, q.contact))
    if (q.group) conds.push(eq(sends.chatId, q.group))
    if (q.friend) conds.push(eq(sends.friendId, q.friend))
    if (q.cursor) {
      const c = decodeCursor(q.cursor)
      conds.push(sql`(${sends.createdAt}, ${sends.id}) < (${c.createdAt}::timestamptz, ${c.id})`)
    }
    return this.db
      .select()
      .from(sends)
      .where(and(...conds))
      .orderBy(desc(sends.createdAt), desc(sends.id))
      .limit(q.limit + 1)
  }
}

/** The send as the sidebar sees it, at `now`. */
export function toSend(r: SendRow, now: number): Send {
  // A scheduled task whose time has come is running at Youmi: say so without waiting for a callback.
  const started = r.status === 'scheduled' && !!r.scheduleAt && r.scheduleAt.getTime() <= now
  return {
    id: r.id,
    channel: r.channel,
    status: started ? 'submitted' : r.status,
    taskId: r.vendorTaskId ?? null,
    contact: r.externalUserId ? { externalUserId: r.externalUserId } : null,
    group: r.chatId ? { chatId: r.chatId } : null,
    friend: r.friendId ? { id: r.friendId } : null,
    content: r.content,
    scheduleAt: r.scheduleAt ? r.scheduleAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? '' } : null,
    // A chat send is stored with its messages (create): never without.
    ...(r.channel === 'chat' ? { messages: r.payload ?? [] } : {}),
    ...(r.materialIds?.length ? { materialIds: r.materialIds } : {}),
    settled:
      r.settledBy && r.settledAt
        ? { by: r.settledBy, at: r.settledAt.toISOString(), outcome: r.status === 'sent' ? 'sent' : 'not_sent' }
        : null,
    retryOf: r.retryOf ?? null,
  }
}

/** What the request asks for, minus the key: the same key with another body is a mistake, not a retry. */
export function requestHash(body: CreateSend): string {
  const { idempotencyKey: _key, ...rest } = body
  const canonical = { ...rest, scheduleAt: rest.scheduleAt ? new Date(rest.scheduleAt).toISOString() : null }
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex')
}

export function encodeCursor(r: SendRow): string {
  return Buffer.from(JSON.stringify([r.createdAt.toISOString(), r.id])).toString('base64url')
}

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown]
    // Only what encodeCursor writes: anything else would reach the database as a malformed timestamp.
    if (typeof createdAt === 'string' && typeof id === 'string' && ISO_INSTANT.test(createdAt) && UUID.test(id)) return { createdAt, id }
  } catch {
    // fall through
  }
  throw badRequest('CURSOR_INVALID', '分页参数 cursor 无效：请从第一页重新加载。')
}
