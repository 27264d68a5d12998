/**
 * The decrypted PKID payload, both ways. vendors.md lists its fields (UserID, Timestamp, WX, TEL, Number, sign,
 * merchantid, wechat, uid, originalId, dockPwd) but not its format: a JSON object and `key=value&key=value` text are
 * both read; the demo writes JSON. Values become strings (a JSON number `45292` reads as "45292").
 */

export type Payload = Readonly<Record<string, string>>

const MAX_FIELDS = 64
const MAX_VALUE = 2048

export function parsePayload(text: string): Payload | null {
  const s = text.replace(/^\uFEFF/, '').trim()
  if (!s) return null
  const fields: Record<string, string> = Object.create(null)
  let count = 0
  const put = (k: string, v: unknown) => {
    if (!k || k.length > 64 || count >= MAX_FIELDS) return
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      const value = String(v)
      if (value.length > MAX_VALUE) return
      fields[k] = value
      count++
    }
  }
  if (s.startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(s)
    } catch {
      return null
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null
    for (const [k, v] of Object.entries(parsed)) put(k, v)
  } else {
    if (!s.includes('=')) return null
    for (const [k, v] of new URLSearchParams(s)) put(k, v)
  }
  return count ? fields : null
}

/** What the demo encrypts: JSON, the format the entry reads first. */
export function serializePayload(fields: Record<string, string | number>): string {
  return JSON.stringify(fields)
}

/** A field by its name; a payload that writes `userid` or `MerchantId` is read too. Blank counts as absent. */
export function field(payload: Payload, name: string): string | undefined {
  const exact = payload[name]
  if (exact !== undefined) return exact.trim() || undefined
  const lower = name.toLowerCase()
  for (const [k, v] of Object.entries(payload)) if (k.toLowerCase() === lower) return v.trim() || undefined
  return undefined
}
