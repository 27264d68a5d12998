import type { YoumiIdentity } from '../../../contracts/contacts.js'
import type { MediaFile } from '../../../contracts/content.js'
import { materialFilePath } from '../../../contracts/materials.js'
import type { SendContent } from '../../../contracts/sends.js'
import { AppError, conflict, notFound } from '../../errors.js'
import { UpstreamError } from '../../upstream/errors.js'
import type { YoumiClient } from '../../upstream/youmi/client.js'
import { YOUMI_TASK_NOT_FOUND, YOUMI_TASK_STARTED } from '../../upstream/youmi/errors.js'
import type { ContactService } from '../contacts.js'
import { describeContent, toYoumiSaveBody, type YoumiTaskCodes } from '../send-payloads.js'
import type { CreateOutcome, FriendLookup, SendLog } from './ports.js'
import { toSend, type SendRows } from './rows.js'
import type { SendRow, SendStates } from './state.js'

export interface YoumiSendsOptions {
  youmi: YoumiClient
  codes: YoumiTaskCodes
  contacts: ContactService
  friends?: FriendLookup
  /** The proxy's public origin: Youmi downloads library files from `${publicUrl}/files/…`. */
  publicUrl: string
  rows: SendRows
  states: SendStates
  now: () => number
  log: SendLog
  /** Youmi accepted the send (its materials count as used). */
  accepted(row: SendRow): Promise<void>
}

/**
 * The rpa channel: a send becomes a Youmi bulk-send task. A Youmi create is never repeated by itself: after an
 * ambiguous failure the send is `unknown` until a person decides.
 */
export class YoumiSends {
  /** This process's attempts under way, by (user, key): a repeat waits for the attempt instead of racing it. */
  private readonly attempts = new Map<string, Promise<CreateOutcome>>()

  constructor(private readonly o: YoumiSendsOptions) {}

  inFlight(row: SendRow): Promise<CreateOutcome> | undefined {
    return this.attempts.get(attemptKey(row))
  }

  /**
   * Hands a `pending` send to Youmi; the caller has just moved it to `pending` (stored, or claimed for a retry).
   * `identity`: the target's Youmi identity as the caller has just read it (a new send), so it is not read twice.
   */
  submit(row: SendRow, identity?: YoumiIdentity): Promise<CreateOutcome> {
    const key = attemptKey(row)
    const attempt = this.runSubmit(row, identity).finally(() => this.attempts.delete(key))
    this.attempts.set(key, attempt)
    return attempt
  }

  private async runSubmit(row: SendRow, identity: YoumiIdentity | undefined): Promise<CreateOutcome> {
    const now = this.o.now()
    const scheduled = !!row.scheduleAt && row.scheduleAt.getTime() > now
    let taskId: number
    try {
      const target = identity
        ? identity
        : row.friendId
          ? await friendIdentity(this.o.friends, row.userId, row.friendId)
          : row.externalUserId
            ? await this.o.contacts.youmiIdentity(row.externalUserId)
            : null
      if (!target) throw conflict('NO_YOUMI_IDENTITY', '这位客户的友米身份已被移除，无法群发。')
      taskId = await this.o.youmi.saveBulkSendTask(
        toYoumiSaveBody({
          content: row.content,
          target,
          startAt: scheduled ? row.scheduleAt! : new Date(now),
          theme: theme(row.userId, target, row.content),
          codes: this.o.codes,
          urlOf: (file) => this.mediaUrl(file),
        }),
      )
    } catch (err) {
      throw await this.recordFailure(row, err)
    }
    // Youmi has the task: from here on a failure must not lose its id. From `unknown` too: a restart may have given
    // this attempt up while Youmi was still answering, and the answer is better than the guess.
    try {
      const done = await this.o.states.claim(row.id, ['pending', 'unknown'], scheduled ? 'scheduled' : 'submitted', {
        vendorTaskId: taskId,
        errorCode: null,
        errorMessage: null,
        errorStatus: null,
      })
      if (!done) throw new Error('the send left pending while Youmi created its task')
      await this.o.accepted(done)
      return { send: toSend(done, this.o.now()), replayed: false }
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
  private async recordFailure(row: SendRow, err: unknown): Promise<unknown> {
    const unknown = err instanceof UpstreamError ? err.mayHaveHappened && err.op !== 'token' : !(err instanceof AppError)
    const e = err instanceof AppError ? err : new AppError(500, 'INTERNAL', '发送时出现内部错误。')
    const message = unknown ? `${e.message} 这次发送的结果未知：请在友米后台确认后再决定是否重发。` : e.message
    // If a restart's reconcile made it `unknown` meanwhile, it stays so: that is the careful answer either way.
    await this.o.states.claim(row.id, 'pending', unknown ? 'unknown' : 'failed', {
      errorCode: e.code,
      errorMessage: message,
      errorStatus: e.status,
    })
    if (!(err instanceof AppError)) return err
    // The answer says what the sidebar must show (unknown, not failed); the row keeps the vendor's code as the cause.
    return new AppError(e.status, unknown ? 'SEND_OUTCOME_UNKNOWN' : e.code, message, e.details).with(e.params ?? {})
  }

  /**
   * Deletes the Youmi task of a send the caller has claimed (scheduled → cancelling), and settles the send by the
   * answer. Youmi's "no such task" for a task we created means an earlier, unanswered delete went through.
   */
  async cancel(row: SendRow): Promise<SendRow> {
    // Only a restart's reconcile moves a `cancelling` send meanwhile: then the row as it is now is the answer.
    const settle = async (to: 'cancelled' | 'submitted' | 'scheduled') =>
      (await this.o.states.claim(row.id, 'cancelling', to)) ?? (await this.o.rows.byId(row.id))!
    try {
      await this.o.youmi.deleteBulkSendTask(row.vendorTaskId!)
    } catch (err) {
      const code = err instanceof UpstreamError ? err.details?.vendorCode : undefined
      if (code === YOUMI_TASK_NOT_FOUND) return settle('cancelled')
      if (code === YOUMI_TASK_STARTED) {
        await settle('submitted')
        throw conflict('SEND_NOT_CANCELLABLE', '友米表示群发已开始执行，无法取消。').with({ variant: 'started' })
      }
      // Not cancelled as far as we know: it stays scheduled, and cancelling again is safe (see above).
      await settle('scheduled')
      throw err
    }
    return settle('cancelled')
  }

  /** Where Youmi's RPA account downloads a file: a library file from our public `/files/…`, a linked one from its URL. */
  private mediaUrl(file: MediaFile): string {
    // A URL as typed may hold raw Chinese characters: handed on percent-encoded, as any downloader expects.
    return file.fileId ? `${this.o.publicUrl}${materialFilePath(file.fileId, file.name)}` : new URL(file.url!).href
  }
}

export async function friendIdentity(friends: FriendLookup | undefined, userId: string, friendId: string): Promise<YoumiIdentity> {
  const identity = await friends?.identityFor(userId, friendId)
  if (!identity) throw notFound('FRIEND_NOT_FOUND', '没有找到这位企客聊客户：请从企客聊里重新打开侧边栏。')
  return identity
}

const attemptKey = (r: SendRow) => `${r.userId}\u0000${r.idempotencyKey}`

/** The task's title in Youmi's console: who sent what to whom, so an operator can tell tasks apart. */
function theme(userId: string, target: YoumiIdentity, content: SendContent[]): string {
  const what = content[0] ? ` · ${describeContent(content[0])}${content.length > 1 ? ` 等 ${content.length} 条` : ''}` : ''
  return `侧边栏发送 · ${userId} → ${target.objectNickname || target.objectId}${what}`.slice(0, 60)
}
