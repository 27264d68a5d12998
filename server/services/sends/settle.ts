import type { CreateSend, SettleSend } from '../../../contracts/sends.js'
import { conflict } from '../../errors.js'
import { LOST_RACE, type SendRow, type SendStates } from './state.js'

// A client clock a little behind ours must not turn a resend "now" into an error (as in sends.ts).
const PAST_TOLERANCE_MS = 60_000

const notSettleable = () => conflict('SEND_NOT_SETTLEABLE', '只有「结果未知」的发送需要确认：这条发送的结果已经知道了。')

/**
 * Settling an `unknown` send by hand, one step of `retryLostRaces`: `sent` moves it to `sent`; `not_sent` moves it to
 * `failed` and keeps the key its content goes again under (`resendKey`), so a repeat with that key answers the same
 * and another key cannot send it a third time. `moved` is false for a repeat. Who and when are stored either way.
 */
export async function claimSettlement(
  states: SendStates,
  row: SendRow,
  userId: string,
  body: SettleSend,
  now: number,
): Promise<{ row: SendRow; moved: boolean } | typeof LOST_RACE> {
  const by = { settledBy: userId, settledAt: new Date(now) }
  if (body.outcome === 'sent') {
    if (row.status === 'sent' && row.settledAt) return { row, moved: false }
    if (row.status !== 'unknown') throw notSettleable()
    const done = await states.claim(row.id, 'unknown', 'sent', { ...by, errorCode: null, errorMessage: null, errorStatus: null })
    return done ? { row: done, moved: true } : LOST_RACE
  }
  if (body.idempotencyKey === row.idempotencyKey) {
    throw conflict('IDEMPOTENCY_KEY_REUSED', '重新发送需要一个新的 idempotencyKey：原来的 key 属于结果未知的那一次。')
  }
  if (row.status === 'failed' && row.settledAt) {
    if (row.resendKey !== body.idempotencyKey) throw conflict('SEND_ALREADY_SETTLED', '这条发送已经确认未发出并重新发送过了。')
    return { row, moved: false }
  }
  if (row.status !== 'unknown') throw notSettleable()
  const done = await states.claim(row.id, 'unknown', 'failed', {
    ...by,
    resendKey: body.idempotencyKey,
    errorCode: 'SETTLED_NOT_SENT',
    errorMessage: '已确认没有发出，已重新发送。',
    errorStatus: null,
  })
  return done ? { row: done, moved: true } : LOST_RACE
}

/**
 * The request that sends a settled send's content again: same target, channel, content and materials, under the new
 * key — exactly what the sidebar sends if it retries that resend, so the two are one send.
 */
export function resendBody(row: SendRow, idempotencyKey: string, now: number): CreateSend {
  const target = row.externalUserId
    ? { contact: { externalUserId: row.externalUserId } }
    : row.chatId
      ? { group: { chatId: row.chatId } }
      : { friend: { id: row.friendId! } }
  // A start time still ahead is kept; one that has passed means now.
  const later = row.scheduleAt && row.scheduleAt.getTime() > now + PAST_TOLERANCE_MS
  return {
    idempotencyKey,
    channel: row.channel,
    ...target,
    content: row.content,
    ...(later ? { scheduleAt: row.scheduleAt!.toISOString() } : {}),
    ...(row.materialIds?.length ? { materialIds: row.materialIds } : {}),
  } as CreateSend
}
