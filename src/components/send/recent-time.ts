import type { Send } from '../../../contracts/sends.js'

/** Which moment a recent send shows, and what that moment is: the list is ordered by it, so it reads in time order. */
export interface ShownTime {
  at: string
  /** upcoming: 「将于 … 发送」 · planned: a cancelled send's 「原定 … 发送」 · sent: 「… 发送」 · started: 「… 发起」 */
  kind: 'upcoming' | 'planned' | 'sent' | 'started'
}

const UPCOMING: Send['status'][] = ['pending', 'scheduled', 'cancelling']

export function shownTime(send: Send, now = Date.now()): ShownTime {
  if (send.scheduleAt) {
    if (send.status === 'cancelled') return { at: send.scheduleAt, kind: 'planned' }
    if (UPCOMING.includes(send.status) && new Date(send.scheduleAt).getTime() > now) return { at: send.scheduleAt, kind: 'upcoming' }
    return { at: send.scheduleAt, kind: send.status === 'failed' || send.status === 'unknown' ? 'started' : 'sent' }
  }
  return { at: send.createdAt, kind: send.status === 'sent' || send.status === 'submitted' ? 'sent' : 'started' }
}

/** Latest shown time first: sends still to go out lead, then what went out most recently. */
export function byShownTime(items: readonly Send[], now = Date.now()): Send[] {
  return [...items].sort((a, b) => new Date(shownTime(b, now).at).getTime() - new Date(shownTime(a, now).at).getTime())
}
