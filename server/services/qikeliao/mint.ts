import { randomInt } from 'node:crypto'
import { encrypt, type TextEncoding } from './codec.js'
import type { CipherKeys } from './keys.js'
import { serializePayload } from './payload.js'
import { formatEntryTime } from './time.js'

/** Where 企客聊 is told to open the sidebar (后勤 → CRM对接配置): the proxy's entry, which signs in and redirects. */
export const ENTRY_PATH = '/api/qikeliao/enter'

export interface MintOptions {
  now: number
  /** Six digits; random when absent. */
  neber?: string
  /** How the ciphertext is written (the entry reads all three). */
  encoding?: TextEncoding
  /** `beijing`: `yyyy-MM-dd HH:mm:ss` (default); `unix`: seconds. */
  timeFormat?: 'beijing' | 'unix'
}

/**
 * What 企客聊 would append to the page address for this staff member and payload, as the entry reads it: the
 * decoder's own format the other way round (tests and the demo make entries with it).
 */
export function mintEntryQuery(keys: CipherKeys, userId: string, payload: Record<string, string | number>, o: MintOptions): string {
  const neber = o.neber ?? String(randomInt(0, 1_000_000)).padStart(6, '0')
  const time = o.timeFormat === 'unix' ? String(Math.floor(o.now / 1000)) : formatEntryTime(o.now)
  return new URLSearchParams({
    Type: 'WL',
    PKID: encrypt(keys, 'merchant', serializePayload(payload), o.encoding),
    time,
    neber,
    UserID: encrypt(keys, 'system', userId, o.encoding),
  }).toString()
}
