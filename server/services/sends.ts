import { randomUUID } from 'node:crypto'
import type { YoumiIdentity } from '../../contracts/contacts.js'
import type { CreateSend, Send, SendList, SettleResult, SettleSend } from '../../contracts/sends.js'
import { AppError, badRequest, conflict } from '../errors.js'
import { wrongHost } from './hosts.js'
import type { Db } from '../store/db.js'
import type { YoumiClient } from '../upstream/youmi/client.js'
import type { ContactService } from './contacts.js'
import type { GroupService } from './groups.js'
import { checkChannel, type YoumiTaskCodes } from './send-payloads.js'
import { ChatSends, type ChatResult } from './sends/chat.js'
import type { CreateOutcome, FriendLookup, MaterialUse, MediaResolver, SendLog } from './sends/ports.js'
import { encodeCursor, hostOf, requestHash, SendRows, toSend, type SendOwner } from './sends/rows.js'
import { LOST_RACE, oneMoreAttempt, retryLostRaces, SendStates, type SendRow } from './sends/state.js'
import { claimSettlement, resendBody } from './sends/settle.js'
import { friendIdentity, YoumiSends } from './sends/youmi.js'

export type { CreateOutcome, FriendLookup, MaterialUse, MediaResolver } from './sends/ports.js'
type ChatPayload = Awaited<ReturnType<ChatSends['messages']>>
export { requestHash, type SendOwner } from './sends/rows.js'

const MAX_SCHEDULE_MS = 30 * 24 * 3600_000
const attemptKeyOf = (userId: string, key: string) => `${userId}\u0000${key}`
// A client clock a little behind ours must not turn "send now" into an error.
const PAST_TOLERANCE_MS = 60_000
/** How often a request waiting for another process's attempt reads the send again. */
const POLL_MS = 100

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
  /** How long a chat send waits for the sidebar's report before it is `unknown` (SEND_REPORT_WAIT_S). */
  reportWaitMs: number
  log: SendLog
  /** Told of every status a send reaches, with its channel (the sends metric). */
  onStatus?: (channel: string, status: string) => void
}

/**
 * Sends, stored before any vendor call. The unique (user, idempotency key) row decides who calls the vendor;
 * everybody else with the same key gets that attempt's outcome. Every status change goes through `sends/state.ts`;
 * the channels live in `sends/chat.ts` (WeCom, through the sidebar) and `sends/youmi.ts` (Youmi's bulk send).
 */
export class SendService {
  private readonly rows: SendRows
  private readonly states: SendStates
  private readonly chat: ChatSends
  private readonly youmi: YoumiSends
  /** New sends being created in this process, by (user, key). */
  private readonly creating = new Map<string, { hash: string; outcome: Promise<CreateOutcome> }>()
  /** From `reconcileInterrupted`: an attempt never lasts longer, so an older `pending` / `cancelling` row is a crash's. */
  private staleAfterMs: number | undefined

  constructor(private readonly o: SendServiceOptions) {
    this.rows = new SendRows(o.db)
    this.states = new SendStates(o.db, o.now, o.onStatus && ((row) => o.onStatus!(row.channel, row.status)))
    this.chat = new ChatSends(this.states, o.media)
    this.youmi = new YoumiSends({
      youmi: o.youmi,
      codes: o.youmiCodes,
      contacts: o.contacts,
      friends: o.friends,
      publicUrl: o.publicUrl,
      rows: this.rows,
      states: this.states,
      now: o.now,
      log: o.log,
      accepted: (row) => this.countUse(row),
    })
  }

  async create(owner: SendOwner, body: CreateSend, o: { retryOf?: string } = {}): Promise<CreateOutcome> {
    // Youmi's bulk send reaches one customer's WeChat, never a WeCom customer group.
    if (body.group && body.channel !== 'chat') {
      throw badRequest('GROUP_NEEDS_CHAT_CHANNEL', '客户群只能用「发到聊天」发送：「定时群发」只能发给单个客户。')
    }
    // 企客聊 has no JS bridge: its friends are reached through Youmi only.
    if (body.friend && body.channel !== 'rpa') {
      throw badRequest('FRIEND_NEEDS_RPA_CHANNEL', '企客聊里的客户只能用「定时群发」发送：企客聊没有「发到聊天」。')
    }
    checkChannel(body.content, body.channel)
    // Two hosts, two identities: a 企客聊 session reaches its 企客聊 friends only, a WeCom session never a friend.
    if (!!body.friend !== (hostOf(owner) === 'qikeliao')) throw wrongHost(hostOf(owner))
    const userId = owner.userId
    const hash = requestHash(body)
    const target = {
      externalUserId: body.contact?.externalUserId ?? null,
      chatId: body.group?.chatId ?? null,
      friendId: body.friend?.id ?? null,
    }
    // A double tap's twin in this process gets the first request's answer (as a repeat), as the same key always
    // does: it neither judges the send again nor races the insert. Another body under the key is judged by `replay`.
    const key = attemptKeyOf(userId, body.idempotencyKey)
    const twin = this.creating.get(key)
    if (twin?.hash === hash) return twin.outcome.then((o) => ({ ...o, replayed: true }))
    if (twin) {
      await twin.outcome.catch(() => undefined)
      const existing = await this.rows.byKey(userId, body.idempotencyKey)
      if (existing) return this.replay(existing, hash)
    }
    const outcome = this.createNew(userId, body, hash, target, o.retryOf).finally(() => {
      if (this.creating.get(key)?.outcome === outcome) this.creating.delete(key)
    })
    this.creating.set(key, { hash, outcome })
    return outcome
  }

  private async createNew(
    userId: string,
    body: CreateSend,
    hash: string,
    target: { externalUserId: string | null; chatId: string | null; friendId: string | null },
    retryOf?: string,
  ): Promise<CreateOutcome> {
    // The hot path stores first and reads the key only when it must: a repeat is caught by the insert's conflict, or,
    // when a check below refuses it (its schedule may lie in the past by now), answered before the refusal.
    let checked: { scheduleAt: Date | null; identity: YoumiIdentity | null; payload: ChatPayload | null }
    try {
      checked = await this.check(userId, body, target)
    } catch (err) {
      const existing = await this.rows.byKey(userId, body.idempotencyKey)
      // The refusal is the fresh judgement a retried chat send needs (`replay` would otherwise ask WeCom again).
      if (existing) return this.replay(existing, hash, err)
      throw err
    }
    const now = new Date(this.o.now())
    const row = await this.states.store({
      id: randomUUID(),
      userId,
      idempotencyKey: body.idempotencyKey,
      requestHash: hash,
      channel: body.channel,
      ...target,
      content: body.content,
      materialIds: body.materialIds?.length ? body.materialIds : null,
      scheduleAt: checked.scheduleAt,
      payload: checked.payload,
      attempts: body.channel === 'rpa' ? 1 : 0,
      retryOf: retryOf ?? null,
      createdAt: now,
      updatedAt: now,
    })
    // The key was used before (or another request with it won the insert a moment ago): answer what that send answers.
    if (!row) return this.replay((await this.rows.byKey(userId, body.idempotencyKey))!, hash)
    if (row.channel === 'chat') return { send: this.toSend(row), replayed: false }
    return this.youmi.submit(row, checked.identity ?? undefined)
  }

  /** What a new send needs judged before it is stored: its schedule, its target, a Youmi identity, chat payloads. */
  private async check(
    userId: string,
    body: CreateSend,
    target: { externalUserId: string | null; chatId: string | null; friendId: string | null },
  ): Promise<{ scheduleAt: Date | null; identity: YoumiIdentity | null; payload: ChatPayload | null }> {
    const scheduleAt = this.checkSchedule(body)
    let identity: YoumiIdentity | null = null
    // A friend's check finds its identity: read once, handed to the submit.
    if (target.friendId) identity = await friendIdentity(this.o.friends, userId, target.friendId)
    else await this.checkTarget(userId, target)
    if (body.channel === 'rpa' && target.externalUserId) {
      identity = await this.o.contacts.youmiIdentity(target.externalUserId)
      if (!identity) {
        throw conflict('NO_YOUMI_IDENTITY', '这位客户还没有关联友米身份，无法定时群发：请用「发到聊天」，或请管理员导入客户的友米身份。')
      }
    }
    // Media become WeCom media ids before the send is stored: a file that cannot be uploaded stores nothing, and
    // the same key may simply be tried again.
    const payload = body.channel === 'chat' ? await this.chat.messages(body.content) : null
    // Youmi downloads the files itself: they are checked as the chat channel checks them, with nothing fetched.
    if (body.channel === 'rpa') await this.chat.checkFiles(body.content)
    return { scheduleAt, identity, payload }
  }

  async list(
    owner: SendOwner,
    q: { contact?: string; group?: string; friend?: string; cursor?: string; limit: number },
  ): Promise<SendList> {
    let rows = await this.rows.page(owner, q)
    if (rows.some((r) => this.isUnreported(r))) {
      await this.expireUnreported()
      rows = await this.rows.page(owner, q)
    }
    if (rows.some((r) => this.isStale(r))) {
      // Settling moves every stale row out of pending / cancelling for good: one more read shows them settled.
      await this.reconcileInterrupted(this.staleAfterMs!)
      rows = await this.rows.page(owner, q)
    }
    const page = rows.slice(0, q.limit)
    const last = page[page.length - 1]
    return { items: page.map((r) => this.toSend(r)), nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null }
  }

  async recordResult(owner: SendOwner, id: string, result: ChatResult): Promise<Send> {
    const { row, recorded } = await retryLostRaces(async () => this.chat.recordResult(await this.rows.own(owner, id), result))
    if (recorded && result.ok) await this.countUse(row)
    return this.toSend(row)
  }

  /**
   * Settles an `unknown` send by hand, once: `sent` (「已确认发出」: it counts as accepted, its materials as used) or
   * `not_sent` (「确认未发出，重新发送」: it becomes `failed` and its content goes again as a new send under the new key,
   * which names it in `retryOf`). Who and when are stored. Repeating the same request answers the same; the first
   * send's own key stays closed (a replay of it answers the settled send, never a second attempt).
   */
  async settle(owner: SendOwner, id: string, body: SettleSend): Promise<SettleResult> {
    const { row, moved } = await retryLostRaces(async () => {
      let row = await this.rows.own(owner, id)
      if (this.isUnreported(row)) {
        await this.expireUnreported()
        row = await this.rows.own(owner, id)
      }
      return claimSettlement(this.states, row, owner.userId, body, this.o.now())
    })
    if (body.outcome === 'sent') {
      if (moved) await this.countUse(row)
      return { send: this.toSend(row), resend: null }
    }
    const resend = await this.create(owner, resendBody(row, body.idempotencyKey, this.o.now()), { retryOf: row.id })
    return { send: this.toSend(row), resend: resend.send }
  }

  /** Fresh WeCom media ids for a chat send whose ids WeCom refused (`sends/chat.ts`). */
  async refreshMedia(owner: SendOwner, id: string): Promise<Send> {
    return this.toSend(await this.chat.refreshMedia(await this.rows.own(owner, id)))
  }

  /** Deletes a scheduled task at Youmi. The row is claimed first (scheduled → cancelling), so two clicks make one delete call. */
  async cancel(owner: SendOwner, id: string): Promise<Send> {
    const { row, claimed } = await retryLostRaces(async () => {
      const row = await this.rows.own(owner, id)
      if (row.status === 'cancelled') return { row, claimed: false }
      if (this.isStale(row)) {
        await this.reconcileInterrupted(this.staleAfterMs!)
        return LOST_RACE
      }
      if (row.status === 'cancelling') throw conflict('CANCEL_IN_PROGRESS', '正在取消这条定时群发，请稍候刷新。')
      const started = !row.scheduleAt || row.scheduleAt.getTime() <= this.o.now()
      if (row.channel !== 'rpa' || row.status !== 'scheduled' || started || row.vendorTaskId == null) {
        throw conflict(
          'SEND_NOT_CANCELLABLE',
          started && row.status === 'scheduled' ? '发送时间已到，群发已开始，无法取消。' : '只有尚未开始的定时群发可以取消。',
        ).with(started && row.status === 'scheduled' ? { variant: 'started' } : {})
      }
      const cancelling = await this.states.claim(row.id, 'scheduled', 'cancelling')
      return cancelling ? { row: cancelling, claimed: true } : LOST_RACE
    })
    return this.toSend(claimed ? await this.youmi.cancel(row) : row)
  }

  /**
   * Sends a crash left `pending` may or may not have reached Youmi: say so instead of guessing. Only rows older than
   * any attempt can last, so a restart never touches another instance's send in flight.
   */
  async reconcileInterrupted(olderThanMs: number): Promise<number> {
    this.staleAfterMs = olderThanMs
    const before = new Date(this.o.now() - olderThanMs)
    const interrupted = await this.states.settleStale('pending', 'unknown', before, {
      errorCode: 'SEND_INTERRUPTED',
      errorMessage: '服务在提交给友米时中断，结果未知：请在友米后台确认后再决定是否重发。',
    })
    // A cancel cut off mid-call: the task may still be scheduled; cancelling again is safe.
    await this.states.settleStale('cancelling', 'scheduled', before)
    return interrupted.length
  }

  /** A chat send whose sidebar has not reported for longer than the report wait. */
  private isUnreported(r: SendRow): boolean {
    return r.status === 'awaiting_client' && r.updatedAt.getTime() < this.o.now() - this.o.reportWaitMs
  }

  /**
   * The sidebar never reported (closed or reloaded right after 发送): the chat may or may not have the messages, so
   * the send says so and its staff member settles it. A late report still moves it (sends/chat.ts).
   */
  private async expireUnreported(): Promise<void> {
    await this.states.settleStale('awaiting_client', 'unknown', new Date(this.o.now() - this.o.reportWaitMs), {
      errorCode: 'CHAT_RESULT_UNREPORTED',
      errorMessage: '结果未知：请在聊天里看看是否已发出。',
    })
  }

  /**
   * A row the boot's reconcile found too young (the proxy was restarted within the window) would otherwise stay
   * `pending` / `cancelling` until the next restart: it is settled the same way when it is next read.
   */
  private isStale(r: SendRow): boolean {
    return (
      (r.status === 'pending' || r.status === 'cancelling') &&
      this.staleAfterMs !== undefined &&
      r.updatedAt.getTime() < this.o.now() - this.staleAfterMs &&
      !this.youmi.inFlight(r)
    )
  }

  /** Answers a request whose key was used before: with that send, or with a new attempt when it failed. */
  /** `refused`: what judging this request as a new send just threw, if it did (a chat retry rests on it). */
  private async replay(first: SendRow, hash: string, refused?: unknown): Promise<CreateOutcome> {
    if (first.requestHash !== hash) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', '这个 idempotencyKey 已用于另一条不同的发送：新的发送请换一个新的 key。')
    }
    return retryLostRaces(async (attempt) => {
      // After a lost race the send is read again and judged afresh.
      const row = attempt === 1 ? first : (await this.rows.byId(first.id))!
      const own = this.youmi.inFlight(row)
      if (own) return own.then((o) => ({ ...o, replayed: true }))
      if (this.isStale(row)) {
        await this.reconcileInterrupted(this.staleAfterMs!)
        return LOST_RACE
      }
      if (row.status === 'pending') return this.awaitOther(row)
      // Settled by hand as not sent: its content went again under another key; this one never tries again.
      if (row.status === 'failed' && row.settledAt) return { send: this.toSend(row), replayed: true }
      if (row.status === 'unknown') {
        throw conflict('SEND_OUTCOME_UNKNOWN', row.errorMessage ?? '上一次提交的结果未知：请在友米后台确认后再决定是否重发。')
      }
      if (row.status === 'failed' && row.channel === 'rpa') {
        // A refused send may be tried again with the same key; only one request gets to.
        const claimed = await this.states.claim(row.id, 'failed', 'pending', {
          attempts: oneMoreAttempt(),
          errorCode: null,
          errorMessage: null,
          errorStatus: null,
        })
        return claimed ? this.youmi.submit(claimed) : LOST_RACE
      }
      if (row.status === 'failed' && row.channel === 'chat') {
        // A new attempt is judged like a new send: the staff member may have left the group or lost the customer since.
        if (refused !== undefined) throw refused
        await this.checkTarget(row.userId, row)
        const claimed = await this.chat.retry(row)
        return claimed === LOST_RACE ? LOST_RACE : { send: this.toSend(claimed), replayed: false }
      }
      return { send: this.toSend(row), replayed: true }
    })
  }

  /** 403 unless the staff member follows the customer, or owns or is in the group; 404 for a friend not theirs. */
  private async checkTarget(
    userId: string,
    t: { externalUserId: string | null; chatId: string | null; friendId: string | null },
  ): Promise<void> {
    if (t.chatId) await this.o.groups.joined(userId, t.chatId)
    else if (t.friendId) await friendIdentity(this.o.friends, userId, t.friendId)
    else await this.o.contacts.followed(userId, t.externalUserId!)
  }

  /** The attempt runs in another process (several proxies on one PostgreSQL): watch its row. */
  private async awaitOther(row: SendRow): Promise<CreateOutcome> {
    const deadline = this.o.now() + this.o.waitMs
    // Bounded by count as well as by the clock: an injected clock that stands still must not make this wait forever.
    for (let poll = 0; poll < Math.ceil(this.o.waitMs / POLL_MS) && this.o.now() < deadline; poll++) {
      await new Promise((r) => setTimeout(r, POLL_MS))
      let now = (await this.rows.byId(row.id))!
      if (this.isStale(now)) {
        await this.reconcileInterrupted(this.staleAfterMs!)
        now = (await this.rows.byId(row.id))!
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

  private async countUse(row: SendRow): Promise<void> {
    if (!row.materialIds?.length || !this.o.materials) return
    // A use count is a ranking hint: failing to count must never turn a delivered send into an error.
    await this.o.materials
      .countUse(row.materialIds, row.content)
      .catch((err: Error) => this.o.log.error({ sendId: row.id, err: err.message }, 'material use not counted'))
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

  private toSend(r: SendRow): Send {
    return toSend(r, this.o.now())
  }
}
