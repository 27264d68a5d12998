import { createHash, randomUUID } from 'node:crypto'
import { and, desc, eq, lt, sql } from 'drizzle-orm'
import type { YoumiIdentity } from '../../contracts/contacts.js'
import type { MediaContent, MediaFile } from '../../contracts/content.js'
import { materialFilePath } from '../../contracts/materials.js'
import type { CreateSend, Send, SendContent, SendList } from '../../contracts/sends.js'
import { AppError, badRequest, conflict, notFound } from '../errors.js'
import type { Db } from '../store/db.js'
import { sends } from '../store/schema.js'
import { UpstreamError } from '../upstream/errors.js'
import type { YoumiClient } from '../upstream/youmi/client.js'
import { YOUMI_TASK_NOT_FOUND, YOUMI_TASK_STARTED } from '../upstream/youmi/errors.js'
import type { ContactService } from './contacts.js'
import type { GroupService } from './groups.js'
import { checkChannel, describeContent, toChatMessages, toYoumiSaveBody, type YoumiTaskCodes } from './send-payloads.js'

type Row = typeof sends.$inferSelect
export interface CreateOutcome {
  send: Send
  replayed: boolean
}

const MAX_SCHEDULE_MS = 30 * 24 * 3600_000
// A client clock a little behind ours must not turn "send now" into an error.
const PAST_TOLERANCE_MS = 60_000

/** Turns a file into a WeCom media id (`services/media`): cached by content, uploaded again when `fresh`. */
export interface MediaResolver {
  mediaIdFor(file: MediaFile, kind: MediaContent['type'], options?: { fresh?: boolean }): Promise<string>
}
/** The Youmi identity of a 企客聊 friend the staff member entered the sidebar for (`services/friends`). */
export interface FriendLookup {
  identityFor(userId: string, friendId: string): Promise<YoumiIdentity | null>
}
/** Counts library materials as used (`services/materials`). */
export interface MaterialUse {
  countUse(ids: string[]): Promise<void>
}

export interface SendServiceOptions {
  db: Db
  /** The proxy's public origin: Youmi downloads library files from `${publicUrl}/files/…`. */
  publicUrl: string
  media?: MediaResolver
  friends?: FriendLookup
  materials?: MaterialUse
  contacts: ContactService
  groups: GroupService
  youmi: YoumiClient
  youmiCodes: YoumiTaskCodes
  now: () => number
  /** How long a request waits for another request's in-flight attempt with the same key. */
  waitMs: number
  log: { error(obj: object, msg: string): void }
}

/**
 * Sends, stored before any vendor call. The unique (user, idempotency key) row decides who calls the vendor;
 * everybody else with the same key gets that attempt's outcome. A Youmi create is never repeated by itself:
 * after an ambiguous failure the send is `unknown` until a person decides.
 */
export class SendService {
  private readonly attempts = new Map<string, Promise<CreateOutcome>>()
  /** From `reconcileInterrupted`: an attempt never lasts longer, so an older `pending` / `cancelling` row is a crash's. */
  private staleAfterMs: number | undefined

  constructor(private readonly o: SendServiceOptions) {}

  async create(userId: string, body: CreateSend): Promise<CreateOutcome> {
    // Youmi's bulk send reaches one customer's WeChat, never a WeCom customer group.
    if (body.group && body.channel !== 'chat') {
      throw badRequest('GROUP_NEEDS_CHAT_CHANNEL', '客户群只能用「发到聊天」发送：「定时群发」只能发给单个客户。')
    }
    // 企客聊 has no JS bridge: its friends are reached through Youmi only.
    if (body.friend && body.channel !== 'rpa') {
      throw badRequest('FRIEND_NEEDS_RPA_CHANNEL', '企客聊里的客户只能用「定时群发」发送：企客聊没有「发到聊天」。')
    }
    checkChannel(body.content, body.channel)
    const hash = requestHash(body)
    // A repeat is answered before anything else is judged: its schedule may lie in the past by now.
    const existing = await this.byKey(userId, body.idempotencyKey)
    if (existing) return this.replay(existing, hash)
    const scheduleAt = this.checkSchedule(body)
    const target = {
      externalUserId: body.contact?.externalUserId ?? null,
      chatId: body.group?.chatId ?? null,
      friendId: body.friend?.id ?? null,
    }

    await this.checkTarget(userId, target)
    if (body.channel === 'rpa' && target.externalUserId && !(await this.o.contacts.youmiIdentity(target.externalUserId))) {
      throw conflict('NO_YOUMI_IDENTITY', '这位客户还没有关联友米身份，无法定时群发：请用「发到聊天」，或请管理员导入客户的友米身份。')
    }
    // Media become WeCom media ids before the send is stored: a file that cannot be uploaded stores nothing, and
    // the same key may simply be tried again.
    const payload = body.channel === 'chat' ? await this.chatMessages(body.content) : null
    const now = new Date(this.o.now())
    const inserted = await this.o.db
      .insert(sends)
      .values({
        id: randomUUID(),
        userId,
        idempotencyKey: body.idempotencyKey,
        requestHash: hash,
        channel: body.channel,
        externalUserId: target.externalUserId,
        chatId: target.chatId,
        friendId: target.friendId,
        content: body.content,
        materialIds: body.materialIds?.length ? body.materialIds : null,
        scheduleAt,
        status: body.channel === 'chat' ? 'awaiting_client' : 'pending',
        payload,
        attempts: body.channel === 'rpa' ? 1 : 0,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: [sends.userId, sends.idempotencyKey] })
      .returning()
    const row = inserted[0]
    // Another request with this key won the insert a moment ago: answer what it answers.
    if (!row) return this.replay((await this.byKey(userId, body.idempotencyKey))!, hash)
    if (row.channel === 'chat') return { send: this.toSend(row), replayed: false }
    return this.submit(row)
  }

  async list(userId: string, q: { contact?: string; group?: string; friend?: string; cursor?: string; limit: number }): Promise<SendList> {
    const conds = [eq(sends.userId, userId)]
    if (q.contact) conds.push(eq(sends.externalUserId, q.contact))
    if (q.group) conds.push(eq(sends.chatId, q.group))
    if (q.friend) conds.push(eq(sends.friendId, q.friend))
    if (q.cursor) {
      const c = decodeCursor(q.cursor)
      conds.push(sql`(${sends.createdAt}, ${sends.id}) < (${c.createdAt}::timestamptz, ${c.id})`)
    }
    const rows = await this.o.db
      .select()
      .from(sends)
      .where(and(...conds))
      .orderBy(desc(sends.createdAt), desc(sends.id))
      .limit(q.limit + 1)
    if (rows.some((r) => this.isStale(r))) {
      await this.reconcileInterrupted(this.staleAfterMs!)
      return this.list(userId, q)
    }
    const page = rows.slice(0, q.limit)
    const last = page[page.length - 1]
    return { items: page.map((r) => this.toSend(r)), nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null }
  }

  async recordResult(userId: string, id: string, result: { ok: boolean; errMsg?: string }): Promise<Send> {
    const row = await this.own(userId, id)
    if (row.channel !== 'chat') throw conflict('NOT_A_CHAT_SEND', '只有「发到聊天」的发送需要回报结果。')
    const status = result.ok ? 'sent' : 'failed'
    if (row.status !== 'awaiting_client') {
      if (row.status === status) return this.toSend(row)
      throw conflict('SEND_RESULT_ALREADY_RECORDED', '这次发送的结果已经记录过了。')
    }
    const [updated] = await this.o.db
      .update(sends)
      .set({
        status,
        errorCode: result.ok ? null : 'CHAT_SEND_FAILED',
        errorMessage: result.ok ? null : clientError(result.errMsg),
        updatedAt: new Date(this.o.now()),
      })
      .where(and(eq(sends.id, row.id), eq(sends.status, 'awaiting_client')))
      .returning()
    if (!updated) return this.recordResult(userId, id, result)
    if (result.ok) await this.countUse(updated)
    return this.toSend(updated)
  }

  /**
   * WeCom refused a media id the sidebar was handed (40007: expired or revoked early): every file of the send is
   * uploaded again and the fresh messages handed out. Once per send, so a file WeCom keeps refusing cannot loop.
   */
  async refreshMedia(userId: string, id: string): Promise<Send> {
    const row = await this.own(userId, id)
    const content = row.content as SendContent[]
    if (
      row.channel !== 'chat' ||
      row.status !== 'awaiting_client' ||
      !content.some((c) => c.type === 'image' || c.type === 'video' || c.type === 'file')
    ) {
      throw conflict('MEDIA_REFRESH_NOT_APPLICABLE', '这条发送没有等待发出的图片、视频或文件。')
    }
    if (row.mediaRefreshed)
      throw conflict('MEDIA_REFRESH_USED', '这条发送的图片、视频或文件已经重新上传过一次，仍然无法发出：请稍后重新发送。')
    const payload = await this.chatMessages(content, { fresh: true })
    const [updated] = await this.o.db
      .update(sends)
      .set({ payload, mediaRefreshed: true, updatedAt: new Date(this.o.now()) })
      .where(and(eq(sends.id, row.id), eq(sends.status, 'awaiting_client'), eq(sends.mediaRefreshed, false)))
      .returning()
    if (!updated) throw conflict('MEDIA_REFRESH_USED', '这条发送的图片、视频或文件已经重新上传过一次。')
    return this.toSend(updated)
  }

  private async chatMessages(content: SendContent[], options: { fresh?: boolean } = {}) {
    const media = this.o.media
    // The same file twice in one send is uploaded (or refreshed) once.
    const ids = new Map<string, Promise<string>>()
    return toChatMessages(content, (c) => {
      if (!media) throw new AppError(503, 'MEDIA_UNAVAILABLE', '这台服务没有配置媒体上传，无法发送图片、视频或文件。')
      const key = `${c.type}:${c.file.fileId ?? c.file.url}`
      if (!ids.has(key)) ids.set(key, media.mediaIdFor(c.file, c.type, options))
      return ids.get(key)!
    })
  }

  private async countUse(row: Row): Promise<void> {
    if (!row.materialIds?.length || !this.o.materials) return
    // A use count is a ranking hint: failing to count must never turn a delivered send into an error.
    await this.o.materials
      .countUse(row.materialIds)
      .catch((err: Error) => this.o.log.error({ sendId: row.id, err: err.message }, 'material use not counted'))
  }

  /**
   * Deletes a scheduled task at Youmi. The row is claimed first (scheduled → cancelling), so two clicks make one
   * delete call; Youmi's "no such task" for a task we created means an earlier, unanswered delete went through.
   */
  async cancel(userId: string, id: string): Promise<Send> {
    const row = await this.own(userId, id)
    if (row.status === 'cancelled') return this.toSend(row)
    if (this.isStale(row)) {
      await this.reconcileInterrupted(this.staleAfterMs!)
      return this.cancel(userId, id)
    }
    if (row.status === 'cancelling') throw conflict('CANCEL_IN_PROGRESS', '正在取消这条定时群发，请稍候刷新。')
    const now = this.o.now()
    const started = !row.scheduleAt || row.scheduleAt.getTime() <= now
    if (row.channel !== 'rpa' || row.status !== 'scheduled' || started || row.vendorTaskId == null) {
      throw conflict(
        'SEND_NOT_CANCELLABLE',
        started && row.status === 'scheduled' ? '发送时间已到，群发已开始，无法取消。' : '只有尚未开始的定时群发可以取消。',
      )
    }
    const [claimed] = await this.o.db
      .update(sends)
      .set({ status: 'cancelling', updatedAt: new Date(now) })
      .where(and(eq(sends.id, row.id), eq(sends.status, 'scheduled')))
      .returning()
    if (!claimed) return this.cancel(userId, id)
    const settle = async (status: string) =>
      (
        await this.o.db
          .update(sends)
          .set({ status, updatedAt: new Date(this.o.now()) })
          .where(eq(sends.id, row.id))
          .returning()
      )[0]!
    try {
      await this.o.youmi.deleteBulkSendTask(row.vendorTaskId)
    } catch (err) {
      const code = err instanceof UpstreamError ? err.details?.vendorCode : undefined
      if (code === YOUMI_TASK_NOT_FOUND) return this.toSend(await settle('cancelled'))
      if (code === YOUMI_TASK_STARTED) {
        await settle('submitted')
        throw conflict('SEND_NOT_CANCELLABLE', '友米表示群发已开始执行，无法取消。')
      }
      // Not cancelled as far as we know: it stays scheduled, and cancelling again is safe (see above).
      await settle('scheduled')
      throw err
    }
    return this.toSend(await settle('cancelled'))
  }

  /**
   * Sends a crash left `pending` may or may not have reached Youmi: say so instead of guessing. Only rows older than
   * any attempt can last, so a restart never touches another instance's send in flight.
   */
  async reconcileInterrupted(olderThanMs: number): Promise<number> {
    this.staleAfterMs = olderThanMs
    const before = new Date(this.o.now() - olderThanMs)
    const rows = await this.o.db
      .update(sends)
      .set({
        status: 'unknown',
        errorCode: 'SEND_INTERRUPTED',
        errorMessage: '服务在提交给友米时中断，结果未知：请在友米后台确认后再决定是否重发。',
      })
      .where(and(eq(sends.status, 'pending'), lt(sends.updatedAt, before)))
      .returning({ id: sends.id })
    // A cancel cut off mid-call: the task may still be scheduled; cancelling again is safe.
    await this.o.db
      .update(sends)
      .set({ status: 'scheduled' })
      .where(and(eq(sends.status, 'cancelling'), lt(sends.updatedAt, before)))
    return rows.length
  }

  /**
   * A row the boot's reconcile found too young (the proxy was restarted within the window) would otherwise stay
   * `pending` / `cancelling` until the next restart: it is settled the same way when it is next read.
   */
  private isStale(r: Row): boolean {
    return (
      (r.status === 'pending' || r.status === 'cancelling') &&
      this.staleAfterMs !== undefined &&
      r.updatedAt.getTime() < this.o.now() - this.staleAfterMs &&
      !this.attempts.has(attemptKey(r))
    )
  }

  private async replay(row: Row, hash: string): Promise<CreateOutcome> {
    if (row.requestHash !== hash) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', '这个 idempotencyKey 已用于另一条不同的发送：新的发送请换一个新的 key。')
    }
    const key = attemptKey(row)
    const own = this.attempts.get(key)
    if (own) return own.then((o) => ({ ...o, replayed: true }))
    if (this.isStale(row)) {
      await this.reconcileInterrupted(this.staleAfterMs!)
      return this.replay((await this.byId(row.id))!, hash)
    }
    if (row.status === 'pending') return this.awaitOther(row)
    if (row.status === 'unknown') {
      throw conflict('SEND_OUTCOME_UNKNOWN', row.errorMessage ?? '上一次提交的结果未知：请在友米后台确认后再决定是否重发。')
    }
    if (row.status === 'failed' && row.channel === 'rpa') {
      // A refused send may be tried again with the same key; only one request gets to.
      const [claimed] = await this.o.db
        .update(sends)
        .set({
          status: 'pending',
          attempts: sql`${sends.attempts} + 1`,
          errorCode: null,
          errorMessage: null,
          errorStatus: null,
          updatedAt: new Date(this.o.now()),
        })
        .where(and(eq(sends.id, row.id), eq(sends.status, 'failed')))
        .returning()
      if (claimed) return this.submit(claimed)
      return this.replay((await this.byId(row.id))!, hash)
    }
    if (row.status === 'failed' && row.channel === 'chat') return this.retryChat(row, hash)
    return { send: this.toSend(row), replayed: true }
  }

  /**
   * The client could not send the chat messages: the same key hands them out again as a new attempt. The row is
   * claimed (failed → awaiting_client) so two retries at once make one attempt; the other answers it as a replay.
   */
  private async retryChat(row: Row, hash: string): Promise<CreateOutcome> {
    // A new attempt is judged like a new send: the staff member may have left the group or lost the customer since.
    await this.checkTarget(row.userId, row)
    // Media ids may have expired since the first attempt: the cache hands out live ones (uploading if it must).
    const payload = await this.chatMessages(row.content as SendContent[])
    const [claimed] = await this.o.db
      .update(sends)
      .set({
        status: 'awaiting_client',
        payload,
        mediaRefreshed: false,
        errorCode: null,
        errorMessage: null,
        errorStatus: null,
        updatedAt: new Date(this.o.now()),
      })
      .where(and(eq(sends.id, row.id), eq(sends.status, 'failed')))
      .returning()
    if (claimed) return { send: this.toSend(claimed), replayed: false }
    return this.replay((await this.byId(row.id))!, hash)
  }

  /** 403 unless the staff member follows the customer, or owns or is in the group; 404 for a friend not theirs. */
  private async checkTarget(
    userId: string,
    t: { externalUserId: string | null; chatId: string | null; friendId: string | null },
  ): Promise<void> {
    if (t.chatId) await this.o.groups.joined(userId, t.chatId)
    else if (t.friendId) await this.friendIdentity(userId, t.friendId)
    else await this.o.contacts.followed(userId, t.externalUserId!)
  }

  private async friendIdentity(userId: string, friendId: string): Promise<YoumiIdentity> {
    const identity = await this.o.friends?.identityFor(userId, friendId)
    if (!identity) throw notFound('FRIEND_NOT_FOUND', '没有找到这位企客聊客户：请从企客聊里重新打开侧边栏。')
    return identity
  }

  /** The attempt runs in another process (several proxies on one PostgreSQL): watch its row. */
  private async awaitOther(row: Row): Promise<CreateOutcome> {
    const deadline = Date.now() + this.o.waitMs
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100))
      let now = (await this.byId(row.id))!
      if (this.isStale(now)) {
        await this.reconcileInterrupted(this.staleAfterMs!)
        now = (await this.byId(row.id))!
      }
      if (now.status === 'pending') continue
      if (now.status === 'failed' || now.status === 'unknown') {
        const code = now.status === 'unknown' ? 'SEND_OUTCOME_UNKNOWN' : (now.errorCode ?? 'SEND_FAILED')
        throw new AppError(now.errorStatus ?? (now.status === 'unknown' ? 504 : 502), code, now.errorMessage ?? '发送失败。')
      }
      return { send: this.toSend(now), replayed: true }
    }
    throw conflict('SEND_IN_PROGRESS', '这条发送正在提交中，请稍后刷新查看结果。')
  }

  private submit(row: Row): Promise<CreateOutcome> {
    const key = attemptKey(row)
    const attempt = this.runSubmit(row).finally(() => this.attempts.delete(key))
    this.attempts.set(key, attempt)
    return attempt
  }

  private async runSubmit(row: Row): Promise<CreateOutcome> {
    const now = this.o.now()
    const scheduled = !!row.scheduleAt && row.scheduleAt.getTime() > now
    let taskId: number
    try {
      const target = row.friendId
        ? await this.friendIdentity(row.userId, row.friendId)
        : row.externalUserId
          ? await this.o.contacts.youmiIdentity(row.externalUserId)
          : null
      if (!target) throw conflict('NO_YOUMI_IDENTITY', '这位客户的友米身份已被移除，无法群发。')
      taskId = await this.o.youmi.saveBulkSendTask(
        toYoumiSaveBody({
          content: row.content as SendContent[],
          target,
          startAt: scheduled ? row.scheduleAt! : new Date(now),
          theme: theme(row.userId, target, row.content as SendContent[]),
          codes: this.o.youmiCodes,
          urlOf: (file) => this.mediaUrl(file),
        }),
      )
    } catch (err) {
      throw await this.recordFailure(row, err)
    }
    // Youmi has the task: from here on a failure must not lose its id.
    try {
      const [done] = await this.o.db
        .update(sends)
        .set({ status: scheduled ? 'scheduled' : 'submitted', vendorTaskId: taskId, updatedAt: new Date(this.o.now()) })
        .where(eq(sends.id, row.id))
        .returning()
      await this.countUse(done!)
      return { send: this.toSend(done!), replayed: false }
    } catch (err) {
      this.o.log.error(
        { sendId: row.id, youmiTaskId: taskId, err: (err as Error).message },
        'Youmi created the task but the send could not be updated',
      )
      throw err
    }
  }

  /**
   * Stores why an attempt failed. Only a refusal is `failed` (safe to try again); anything after which Youmi may have
   * created the task — a timeout, a reset, a 5xx, an answer we cannot read — is `unknown`. A failed token fetch
   * never reached the create, so it is a refusal.
   */
  private async recordFailure(row: Row, err: unknown): Promise<unknown> {
    const unknown = err instanceof UpstreamError ? err.mayHaveHappened && err.op !== 'token' : !(err instanceof AppError)
    const e = err instanceof AppError ? err : new AppError(500, 'INTERNAL', '发送时出现内部错误。')
    const message = unknown ? `${e.message} 这次发送的结果未知：请在友米后台确认后再决定是否重发。` : e.message
    await this.o.db
      .update(sends)
      .set({
        status: unknown ? 'unknown' : 'failed',
        errorCode: e.code,
        errorMessage: message,
        errorStatus: e.status,
        updatedAt: new Date(this.o.now()),
      })
      .where(eq(sends.id, row.id))
    if (!(err instanceof AppError)) return err
    // The answer says what the sidebar must show (unknown, not failed); the row keeps the vendor's code as the cause.
    return new AppError(e.status, unknown ? 'SEND_OUTCOME_UNKNOWN' : e.code, message, e.details)
  }

  /** Where Youmi's RPA account downloads a file: a library file from our public `/files/…`, a linked one from its URL. */
  private mediaUrl(file: MediaFile): string {
    // A URL as typed may hold raw Chinese characters: handed on percent-encoded, as any downloader expects.
    return file.fileId ? `${this.o.publicUrl}${materialFilePath(file.fileId, file.name)}` : new URL(file.url!).href
  }

  private checkSchedule(body: CreateSend): Date | null {
    if (!body.scheduleAt) return null
    if (body.channel === 'chat') throw badRequest('SCHEDULE_NOT_SUPPORTED', '「发到聊天」立即发送，不能定时；定时请选「定时群发」。')
    const at = new Date(body.scheduleAt)
    const now = this.o.now()
    if (at.getTime() < now - PAST_TOLERANCE_MS) throw badRequest('SCHEDULE_IN_PAST', '定时发送的时间已经过去，请选择将来的时间。')
    if (at.getTime() > now + MAX_SCHEDULE_MS) throw badRequest('SCHEDULE_TOO_FAR', '定时发送最多可以安排在 30 天之内。')
    return at
  }

  private async own(userId: string, id: string): Promise<Row> {
    const row = await this.byId(id)
    // Another staff member's send is "not found": its existence is not theirs to learn.
    if (!row || row.userId !== userId) throw notFound('SEND_NOT_FOUND', '没有找到这条发送记录。')
    return row
  }

  private async byId(id: string): Promise<Row | undefined> {
    return (await this.o.db.select().from(sends).where(eq(sends.id, id)).limit(1))[0]
  }

  private async byKey(userId: string, key: string): Promise<Row | undefined> {
    return (
      await this.o.db
        .select()
        .from(sends)
        .where(and(eq(sends.userId, userId), eq(sends.idempotencyKey, key)))
        .limit(1)
    )[0]
  }

  private toSend(r: Row): Send {
    // A scheduled task whose time has come is running at Youmi: say so without waiting for a callback.
    const status = r.status === 'scheduled' && r.scheduleAt && r.scheduleAt.getTime() <= this.o.now() ? 'submitted' : r.status
    return {
      id: r.id,
      channel: r.channel,
      status: status as Send['status'],
      taskId: r.vendorTaskId ?? null,
      contact: r.externalUserId ? { externalUserId: r.externalUserId } : null,
      group: r.chatId ? { chatId: r.chatId } : null,
      friend: r.friendId ? { id: r.friendId } : null,
      content: r.content as SendContent[],
      scheduleAt: r.scheduleAt ? r.scheduleAt.toISOString() : null,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? '' } : null,
      ...(r.channel === 'chat' ? { messages: r.payload as Send['messages'] } : {}),
    }
  }
}

const attemptKey = (r: Row) => `${r.userId}\u0000${r.idempotencyKey}`

/** What the request asks for, minus the key: the same key with another body is a mistake, not a retry. */
export function requestHash(body: CreateSend): string {
  const { idempotencyKey: _key, ...rest } = body
  const canonical = { ...rest, scheduleAt: rest.scheduleAt ? new Date(rest.scheduleAt).toISOString() : null }
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex')
}

/** The task's title in Youmi's console: who sent what to whom, so an operator can tell tasks apart. */
function theme(userId: string, target: YoumiIdentity, content: SendContent[]): string {
  const what = content[0] ? ` · ${describeContent(content[0])}${content.length > 1 ? ` 等 ${content.length} 条` : ''}` : ''
  return `侧边栏发送 · ${userId} → ${target.objectNickname || target.objectId}${what}`.slice(0, 60)
}

function clientError(errMsg?: string): string {
  return errMsg ? `企业微信没有发出这条消息：${errMsg}` : '企业微信没有发出这条消息。'
}

function encodeCursor(r: Row): string {
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
