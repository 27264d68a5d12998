/**
 * 企客聊's `time` is "a date-time to the second" (vendors.md), format not given. Read: `yyyy-MM-dd HH:mm:ss` (also
 * with `/` or `T`, without seconds' fraction) and `yyyyMMddHHmmss` as Beijing time (UTC+8, no daylight saving), and
 * unix seconds (10 digits) or milliseconds (13 digits).
 */

const BEIJING_OFFSET_MS = 8 * 3600_000

/** Milliseconds since the epoch, or null when the text is none of the accepted forms (or no real date). */
export function parseEntryTime(raw: string): number | null {
  const s = raw.trim()
  if (/^\d{10}$/.test(s)) return Number(s) * 1000
  if (/^\d{13}$/.test(s)) return Number(s)
  const m =
    /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s) ??
    /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})(?:\.\d{1,7})?$/.exec(s)
  if (!m) return null
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  const utc = Date.UTC(y, mo - 1, d, h, mi, se)
  const back = new Date(utc)
  // Date.UTC rolls 2024-02-30 over into March: only a date that reads back the same is real.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) return null
  return utc - BEIJING_OFFSET_MS
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time: how the demo writes `time`. */
export function formatEntryTime(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + BEIJING_OFFSET_MS)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
}
