import { createCipheriv, createDecipheriv } from 'node:crypto'
import type { CipherKeys } from './keys.js'

/**
 * Both directions of the 企客聊 encryption, so the entry (decrypt) and the demo's entry links (encrypt) cannot drift
 * apart. Ciphertext travels in a URL as base64 (standard or URL-safe, with or without padding) or hex; a `+` that URL
 * decoding turned into a space is put back.
 */

export type TextEncoding = 'base64' | 'base64url' | 'hex'
export type KeyRole = 'merchant' | 'system'

const MAX_CIPHERTEXT_CHARS = 8192
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

export function encrypt(keys: CipherKeys, role: KeyRole, plaintext: string, encoding: TextEncoding = 'base64'): string {
  const { key, iv } = keys[role]
  const cipher = createCipheriv(keys.cipher, key, iv)
  const bytes = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return bytes.toString(encoding)
}

export interface Decrypted {
  text: string
  /** The ciphertext's bytes, whatever text encoding carried them: the same payload sent twice is recognised by them. */
  ciphertext: Buffer
}

/**
 * The plaintext, or null when the text is not ciphertext made with these keys: not base64/hex, not whole blocks,
 * bad padding (a wrong key or a changed byte, almost always), or bytes that are not UTF-8 text.
 */
export function decrypt(keys: CipherKeys, role: KeyRole, text: string): Decrypted | null {
  for (const ciphertext of candidates(text, keys.blockSize)) {
    const plain = tryDecrypt(keys, role, ciphertext)
    if (plain !== null) return { text: plain, ciphertext }
  }
  return null
}

function tryDecrypt(keys: CipherKeys, role: KeyRole, bytes: Buffer): string | null {
  const { key, iv } = keys[role]
  try {
    const decipher = createDecipheriv(keys.cipher, key, iv)
    const plain = Buffer.concat([decipher.update(bytes), decipher.final()])
    return strictUtf8.decode(plain)
  } catch {
    return null
  }
}

/** The byte strings the text may stand for: hex when it looks like hex, then base64 of either alphabet. */
function candidates(text: string, blockSize: number): Buffer[] {
  if (!text || text.length > MAX_CIPHERTEXT_CHARS) return []
  let s = text.trim()
  // Encoded once more by a client that did not trust the query string (`%2B`, `%2F`, `%3D`).
  if (s.includes('%')) {
    try {
      s = decodeURIComponent(s)
    } catch {
      return []
    }
  }
  s = s.replace(/ /g, '+')
  const out: Buffer[] = []
  if (/^(?:[0-9a-f]{2})+$/i.test(s)) out.push(Buffer.from(s, 'hex'))
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) out.push(Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64'))
  return out.filter((b) => b.length > 0 && b.length % blockSize === 0)
}
