import { TASK_STATUSES, type Reach, type TaskStatusCode } from '../../contracts/reach.js'
import { locale, t } from '../i18n/index.js'

// Pure formatting of a Reach for the screen: nothing here touches the DOM, a store or the network.

/**
 * A share in 0..1 as people read it, one rule on every screen: one decimal (0.6 → "60.0%", 0.875 → "87.5%") so
 * figures side by side line up; only the exact ends are whole ("0%", "100%"). null or a non-number → "—".
 */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return t('common.dash')
  const clamped = Math.min(1, Math.max(0, rate))
  let tenths = Math.round(clamped * 1000)
  // Never round a nearly complete campaign up to "100%", nor a started one down to "0%".
  if (clamped < 1 && tenths >= 1000) tenths = 999
  if (clamped > 0 && tenths <= 0) tenths = 1
  if (tenths === 0 || tenths === 1000) return `${tenths / 10}%`
  return `${(tenths / 10).toFixed(1)}%`
}

/** Counts with thousands separators: 5380 → "5,380". */
export function count(n: number): string {
  return Number.isFinite(n) ? Math.trunc(n).toLocaleString(locale) : t('common.dash')
}

export type Tone = 'primary' | 'success' | 'warning' | 'danger' | 'default'

const STATUS_TONES: Record<TaskStatusCode, { tone: Tone; plain: boolean }> = {
  [-1]: { tone: 'danger', plain: false },
  0: { tone: 'primary', plain: true },
  1: { tone: 'primary', plain: false },
  2: { tone: 'primary', plain: false },
  3: { tone: 'success', plain: false },
  4: { tone: 'default', plain: false },
  5: { tone: 'warning', plain: false },
}

/** The badge colour of a task status: blue while it runs, green when done, red when it never got created. */
export function statusTone(code: TaskStatusCode): { tone: Tone; plain: boolean } {
  return STATUS_TONES[code] ?? { tone: 'default', plain: false }
}

export function isInProgress(code: TaskStatusCode): boolean {
  return TASK_STATUSES[code]?.inProgress ?? false
}

export type Target = Reach['type']['target']

/** The word the targets are counted in: customers, group chats, or the customers who see a moments post. */
export function targetTitle(target: Target): string {
  return t(`campaigns.reach.targets.title.${target}`)
}
export function targetUnit(target: Target): string {
  return t(`campaigns.reach.targets.unit.${target}`)
}

export interface Figure {
  key: string
  label: string
  value: number
  /** `data-test` name, read by the end-to-end tests. */
  test: string
  /** Only figures that deserve attention get a colour. */
  tone: 'good' | 'bad' | 'warn' | null
}

const figure = (key: string, label: string, value: number, test: string, tone: Figure['tone'] = null): Figure => ({
  key,
  label,
  value,
  test,
  tone,
})

export function targetFigures(targets: Reach['targets']): Figure[] {
  return [
    figure('planned', t('campaigns.reach.targets.planned'), targets.planned, 'reach-targets-planned'),
    figure('delivered', t('campaigns.reach.targets.delivered'), targets.delivered, 'reach-targets-delivered', 'good'),
    figure('failed', t('campaigns.reach.targets.failed'), targets.failed, 'reach-targets-failed', targets.failed > 0 ? 'bad' : null),
    figure('notSent', t('campaigns.reach.targets.notSent'), targets.notSent, 'reach-targets-not-sent'),
    figure('excess', t('campaigns.reach.targets.excess'), targets.excess, 'reach-targets-excess', targets.excess > 0 ? 'warn' : null),
  ]
}

export function staffFigures(staff: Reach['staff']): Figure[] {
  return [
    figure('planned', t('campaigns.reach.staff.planned'), staff.planned, 'reach-staff-planned'),
    figure('succeeded', t('campaigns.reach.staff.succeeded'), staff.succeeded, 'reach-staff-succeeded', 'good'),
    figure('notSent', t('campaigns.reach.staff.notSent'), staff.notSent, 'reach-staff-not-sent'),
    figure('failed', t('campaigns.reach.staff.failed'), staff.failed, 'reach-staff-failed', staff.failed > 0 ? 'bad' : null),
  ]
}

/** The line under a rate: how many of how many, or why there is no rate at all. */
export function rateCaption(kind: 'delivery' | 'staffCompletion', reach: Pick<Reach, 'targets' | 'staff' | 'type'>): string {
  if (kind === 'delivery') {
    const { delivered, planned } = reach.targets
    if (planned <= 0) return t('campaigns.reach.rates.nonePlanned')
    return t('campaigns.reach.rates.deliveryOf', { done: count(delivered), planned: count(planned), unit: targetUnit(reach.type.target) })
  }
  const { succeeded, planned } = reach.staff
  if (planned <= 0) return t('campaigns.reach.rates.noStaffPlanned')
  return t('campaigns.reach.rates.staffOf', { done: count(succeeded), planned: count(planned) })
}

const pad = (n: number) => String(n).padStart(2, '0')

/** "11-08 09:30" in the viewer's time zone; the year only when it is not this year. */
export function dateTime(iso: string | null, now: Date = new Date()): string {
  if (!iso) return t('campaigns.reach.times.none')
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return t('campaigns.reach.times.none')
  const day = `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
  return d.getFullYear() === now.getFullYear() ? day : `${d.getFullYear()}-${day}`
}

/** "刚刚", "12 秒前", "3 分钟前"…: how long ago `thenMs` was. A clock that went backwards reads as "刚刚". */
export function ago(thenMs: number, nowMs: number): string {
  const s = Math.floor((nowMs - thenMs) / 1000)
  if (!Number.isFinite(s) || s < 1) return t('common.time.justNow')
  if (s < 60) return t('common.time.secondsAgo', { n: s })
  if (s < 3600) return t('common.time.minutesAgo', { n: Math.floor(s / 60) })
  if (s < 86400) return t('common.time.hoursAgo', { n: Math.floor(s / 3600) })
  return t('common.time.daysAgo', { n: Math.floor(s / 86400) })
}
