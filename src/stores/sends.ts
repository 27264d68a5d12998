import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { CreateSend, Send, SendChannel, SendContent, SendResult } from '../../contracts/sends.js'
import { useLatestByKey } from '../composables/latest.js'
import { ApiFailure, canRetry, describeError, failureOf, type Failure } from '../errors.js'
import { cancelSend, createSend, listSends, refreshSendMedia, reportSendResult, settleSend } from '../api/sends.js'
import { HostError } from '../host/index.js'
import { sameHostContext } from '../host/types.js'
import { t } from '../i18n/index.js'
import { targetKey, type ChatTarget } from './contact.js'
import { useHostStore } from './host.js'

export interface SendDraft {
  channel: SendChannel
  content: SendContent[]
  /** ISO time for a scheduled 定时群发; absent means now. */
  scheduleAt?: string
  /** The library materials the content came from (the 素材 tab); the proxy counts them as used. */
  materialIds?: string[]
}

/**
 * preparing: the proxy records it · sending: the chat client puts it in the chat · then how it ended (cancelled: the
 * staff member tapped 取消 in WeCom's confirm before anything went out — their choice, not a failure).
 */
export type SendPhase = 'preparing' | 'sending' | 'sent' | 'scheduled' | 'submitted' | 'failed' | 'unknown' | 'cancelled'

export interface SendAttempt {
  /** Chosen once per send: a retry reuses it, so the proxy never makes a second vendor task. */
  key: string
  target: ChatTarget
  draft: SendDraft
  phase: SendPhase
  error: string | null
  send: Send | null
  /** Chat messages already in the chat, so a retry does not post them twice. */
  delivered: number
  /** The proxy renewed this send's WeCom media ids once already (it allows one renewal per send). */
  mediaRefreshed?: boolean
  /** The proxy refused to record it because the sign-in had expired (401): nothing was created or sent. */
  signInExpired?: boolean
  /** false when the proxy refused the send for a reason a retry cannot cure (a 4xx): no 重试 is offered. */
  retryable?: boolean
  /** A resend of this `unknown` send, settled as not sent: asked for (and retried) through the settle route. */
  settleOf?: string
}

interface RecentSends {
  items: Send[]
  loading: boolean
  error: Failure | null
}

const BUSY: SendPhase[] = ['preparing', 'sending']

export const useSendsStore = defineStore('sends', () => {
  /** The latest attempt per chat: what the composer shows. Kept when the view is left, so nothing is lost. */
  const attempts = reactive(new Map<string, SendAttempt>())
  const recent = reactive(new Map<string, RecentSends>())
  const cancelling = ref(new Set<string>())
  const settling = ref(new Set<string>())

  function isBusy(target: ChatTarget): boolean {
    const a = attempts.get(targetKey(target))
    return !!a && BUSY.includes(a.phase)
  }

  /** Starts a send; a second call while one is under way for this chat is ignored (no double submission). */
  async function submit(target: ChatTarget, draft: SendDraft): Promise<SendAttempt | null> {
    if (isBusy(target)) return null
    const attempt: SendAttempt = reactive({ key: newKey(), target, draft, phase: 'preparing', error: null, send: null, delivered: 0 })
    attempts.set(targetKey(target), attempt)
    await run(attempt)
    return attempt
  }

  /** Tries the same send again with the same key. */
  async function retry(target: ChatTarget): Promise<void> {
    const attempt = attempts.get(targetKey(target))
    if (!attempt || attempt.phase !== 'failed') return
    if (attempt.retryable === false) return
    attempt.phase = 'preparing'
    attempt.error = null
    // The proxy allows one media re-upload per attempt, and a retry is a new attempt.
    attempt.mediaRefreshed = false
    await run(attempt)
  }

  /**
   * The chats whose send the proxy has not recorded, now that the sign-in expired: still on its way (it will be refused
   * too, the session is gone) or refused for it. Their words are kept through the sign-in, marked as not sent.
   */
  function cutOffBySignIn(): string[] {
    return [...attempts].filter(([, a]) => !a.send && (a.phase === 'preparing' || a.signInExpired)).map(([key]) => key)
  }

  function dismiss(target: ChatTarget): void {
    const a = attempts.get(targetKey(target))
    if (a && !BUSY.includes(a.phase)) attempts.delete(targetKey(target))
  }

  async function run(attempt: SendAttempt): Promise<void> {
    try {
      const send = attempt.settleOf ? await resendOf(attempt, attempt.settleOf) : await createSend(toRequest(attempt))
      attempt.send = send
      remember(attempt.target, send)
      if (send.channel === 'chat') await deliverToChat(attempt, send)
      else attempt.phase = send.status === 'scheduled' ? 'scheduled' : 'submitted'
    } catch (err) {
      if (err instanceof ApiFailure && err.code === 'SEND_OUTCOME_UNKNOWN') attempt.phase = 'unknown'
      else attempt.phase = 'failed'
      attempt.signInExpired = err instanceof ApiFailure && err.isSessionExpired
      attempt.error = describeError(err)
      attempt.retryable = canRetry(err)
    }
    void loadRecent(attempt.target)
  }

  async function deliverToChat(attempt: SendAttempt, send: Send): Promise<void> {
    if (send.status === 'sent') {
      attempt.phase = 'sent'
      return
    }
    const host = useHostStore().host
    attempt.phase = 'sending'
    let messages = send.messages ?? []
    try {
      if (!host) throw new HostError('unknown', 'no host')
      while (attempt.delivered < messages.length) {
        // The host sends into whatever chat is open now: make sure it is still the one this send is for
        // (staff may have switched chats while the proxy recorded it).
        if (!sameHostContext(await host.getContext(), attempt.target)) throw new HostError('wrongChat', 'the open chat changed')
        try {
          await host.sendChatMessage(messages[attempt.delivered]!)
        } catch (err) {
          // WeCom forgot a media id (expired, revoked): the proxy uploads the files again once per send, and what is
          // not in the chat yet goes out with the fresh ids. A second refusal is an ordinary failure.
          if (!isInvalidMedia(err) || attempt.mediaRefreshed) throw err
          attempt.mediaRefreshed = true
          attempt.phase = 'preparing'
          const fresh = await refreshSendMedia(send.id).catch(() => Promise.reject(err))
          attempt.send = fresh
          remember(attempt.target, fresh)
          messages = fresh.messages ?? []
          attempt.phase = 'sending'
          continue
        }
        attempt.delivered += 1
      }
    } catch (err) {
      const hostError = err instanceof HostError ? err : new HostError('unknown', String(err))
      if (hostError.reason === 'cancelled' && attempt.delivered === 0) {
        // 取消 in WeCom's 「发送给…」 confirm: nothing is in the chat, and nothing failed. The proxy records it as
        // cancelled; the composer keeps the words, and 发送 sends them as a new send. (A cancel after some messages
        // went out is reported below as a failure: the retry sends the rest.)
        remember(attempt.target, await report(send.id, { ok: false, cancelled: true, errMsg: hostError.detail.slice(0, 500) }))
        attempt.phase = 'cancelled'
        attempt.error = null
        return
      }
      const reason =
        hostError.reason === 'cancelled'
          ? t('boot.host.cancelled')
          : isInvalidMedia(hostError)
            ? t('send.progress.mediaExpired', { detail: hostError.detail })
            : t(`boot.host.${hostError.reason}`, { detail: hostError.detail })
      if (hostError.reason === 'timeout' && attempt.delivered < messages.length) {
        // WeCom never answered: the message may be in the chat. Say so, leave the send 待确认, offer no retry.
        attempt.phase = 'unknown'
        attempt.error = t('send.progress.chatUnknown')
        return
      }
      // Retry is offered only once the proxy has recorded the failure: a retry that overtook the report would be
      // handed the messages, and the late report would then mark a delivered send as failed.
      const reported = await report(send.id, { ok: false, errMsg: reason.slice(0, 500) })
      attempt.phase = 'failed'
      attempt.error = reason
      remember(attempt.target, reported)
      return
    }
    attempt.phase = 'sent'
    remember(attempt.target, await report(send.id, { ok: true }))
  }

  /** The chat already has the messages: a lost report must not turn that into an error on screen. Tried twice. */
  async function report(id: string, result: SendResult): Promise<Send | null> {
    for (let i = 0; i < 2; i++) {
      try {
        return await reportSendResult(id, result)
      } catch (err) {
        if (err instanceof ApiFailure && err.status >= 400 && err.status < 500) return null
        if (i === 0) await new Promise((r) => setTimeout(r, 800))
      }
    }
    return null
  }

  function remember(target: ChatTarget, send: Send | null): void {
    if (!send) return
    const list = recentOf(target)
    const at = list.items.findIndex((s) => s.id === send.id)
    if (at >= 0) list.items.splice(at, 1, send)
    else list.items.unshift(send)
  }

  function recentOf(target: ChatTarget): RecentSends {
    const key = targetKey(target)
    let list = recent.get(key)
    if (!list) {
      list = reactive({ items: [], loading: false, error: null })
      recent.set(key, list)
    }
    return list
  }

  const latestRecent = useLatestByKey<string>()

  /** Reloads a chat's recent sends; an answer to an older request for the same chat is ignored. */
  async function loadRecent(target: ChatTarget): Promise<void> {
    const list = recentOf(target)
    list.loading = true
    const query =
      target.kind === 'contact'
        ? { contact: target.externalUserId }
        : target.kind === 'group'
          ? { group: target.chatId }
          : { friend: target.friendId }
    const answer = await latestRecent.ask(targetKey(target), () => listSends({ ...query, limit: 10 }))
    if (!answer) return
    list.loading = false
    if (answer.ok) {
      list.items = answer.value.items
      list.error = null
    } else list.error = failureOf(answer.error)
  }

  /** The settle route's resend: the first send is remembered as settled, the resend is what this attempt sends. */
  async function resendOf(attempt: SendAttempt, id: string): Promise<Send> {
    const { send, resend } = await settleSend(id, { outcome: 'not_sent', idempotencyKey: attempt.key })
    remember(attempt.target, send)
    return resend!
  }

  /**
   * Settles an `unknown` send after the staff member checked: 「已确认发出」, or 「确认未发出，重新发送」 — then the same
   * content goes again as a new attempt under a new key (the composer shows it like any send). Answers the error
   * message, or null.
   */
  async function settle(target: ChatTarget, send: Send, outcome: 'sent' | 'not_sent'): Promise<string | null> {
    if (settling.value.has(send.id) || isBusy(target)) return null
    settling.value.add(send.id)
    try {
      if (outcome === 'sent') {
        remember(target, (await settleSend(send.id, { outcome: 'sent' })).send)
        return null
      }
      const later = send.scheduleAt && new Date(send.scheduleAt).getTime() > Date.now() + 60_000
      const draft: SendDraft = {
        channel: send.channel,
        content: send.content,
        ...(later ? { scheduleAt: send.scheduleAt! } : {}),
        ...(send.materialIds?.length ? { materialIds: send.materialIds } : {}),
      }
      // A new key, chosen once: a retry of this resend asks the settle route again with it, never with the old key.
      const attempt: SendAttempt = reactive({
        key: newKey(),
        target,
        draft,
        phase: 'preparing',
        error: null,
        send: null,
        delivered: 0,
        settleOf: send.id,
      })
      attempts.set(targetKey(target), attempt)
      await run(attempt)
      return attempt.phase === 'failed' || attempt.phase === 'unknown' ? attempt.error : null
    } catch (err) {
      void loadRecent(target)
      return describeError(err)
    } finally {
      settling.value.delete(send.id)
    }
  }

  /** Cancels a scheduled 定时群发; answers the error message, or null when it worked. */
  async function cancel(target: ChatTarget, id: string): Promise<string | null> {
    if (cancelling.value.has(id)) return null
    cancelling.value.add(id)
    try {
      const send = await cancelSend(id)
      remember(target, send)
      // The composer no longer says "scheduled" about a send that was just taken back.
      const attempt = attempts.get(targetKey(target))
      if (attempt?.send?.id === id) attempts.delete(targetKey(target))
      return null
    } catch (err) {
      void loadRecent(target)
      return describeError(err)
    } finally {
      cancelling.value.delete(id)
    }
  }

  return { attempts, recent, cancelling, settling, isBusy, submit, retry, dismiss, cutOffBySignIn, loadRecent, recentOf, cancel, settle }
})

function toRequest(a: SendAttempt): CreateSend {
  const target = a.target
  const to =
    target.kind === 'contact'
      ? { contact: { externalUserId: target.externalUserId } }
      : target.kind === 'group'
        ? { group: { chatId: target.chatId } }
        : { friend: { id: target.friendId } }
  return {
    idempotencyKey: a.key,
    channel: a.draft.channel,
    ...to,
    content: a.draft.content,
    ...(a.draft.scheduleAt ? { scheduleAt: a.draft.scheduleAt } : {}),
    ...(a.draft.materialIds?.length ? { materialIds: a.draft.materialIds } : {}),
  } as CreateSend
}

/** The JS-SDK's answer when a media id is unknown to WeCom (`sendChatMessage:fail 40007 invalid media_id`). */
export function isInvalidMedia(err: unknown): boolean {
  return err instanceof HostError && /\b40007\b|invalid media/i.test(err.detail)
}

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
