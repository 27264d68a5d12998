import { getCipherInfo, getCiphers } from 'node:crypto'

/**
 * The 企客聊 cipher settings turned into key bytes. 企客聊 does not publish its cipher (vendors.md), so everything here
 * is a documented guess an operator can change without a release: any CBC or ECB block cipher Node's OpenSSL has
 * (`aes-128-cbc` by default; `aes-256-cbc`, `aes-128-ecb`, `sm4-cbc`, `des-ede3-cbc` … work the same way), PKCS#7
 * padding, and keys written the way Chinese vendors usually hand them out (a 16-character string for AES-128).
 */

/** Modes that need no authentication tag and take PKCS#7 padding: what a C#/Java `AES/CBC/PKCS5Padding` peer uses. */
const SUPPORTED_MODES = new Set(['cbc', 'ecb'])

export interface QikeliaoKeyInput {
  cipher: string
  /** QIKELIAO_KEY: the merchant key, decrypts PKID. */
  key: string
  /** QIKELIAO_IV; empty for ECB, or to use the key itself as the IV (a common practice in such integrations). */
  iv: string
  /** QIKELIAO_SYSTEM_KEY: decrypts the UserID parameter; empty means the merchant key does. */
  systemKey: string
}

export interface CipherKeys {
  /** The OpenSSL name, lower case. */
  cipher: string
  blockSize: number
  /** PKID. */
  merchant: { key: Buffer; iv: Buffer | null }
  /** The UserID parameter. */
  system: { key: Buffer; iv: Buffer | null }
}

export type KeyResult = { ok: true; keys: CipherKeys } | { ok: false; problems: string[] }

/**
 * Reads key material of exactly `bytes` bytes. Tried in this order: an explicit `hex:`, `base64:` or `utf8:` prefix;
 * the characters themselves (UTF-8) when their length fits; hex digits of twice the length; base64 of that length.
 */
export function keyBytes(value: string, bytes: number): Buffer | null {
  const prefixed = /^(hex|base64|utf8):(.*)$/s.exec(value)
  if (prefixed) {
    const [, kind, rest] = prefixed as unknown as [string, 'hex' | 'base64' | 'utf8', string]
    if (kind === 'hex' && !/^(?:[0-9a-f]{2})+$/i.test(rest)) return null
    if (kind === 'base64' && !/^[A-Za-z0-9+/_-]+={0,2}$/.test(rest)) return null
    const buf = kind === 'base64' ? Buffer.from(rest.replace(/-/g, '+').replace(/_/g, '/'), 'base64') : Buffer.from(rest, kind)
    return buf.length === bytes ? buf : null
  }
  const utf8 = Buffer.from(value, 'utf8')
  if (utf8.length === bytes) return utf8
  if (value.length === bytes * 2 && /^[0-9a-f]+$/i.test(value)) return Buffer.from(value, 'hex')
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const b64 = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
    if (b64.length === bytes) return b64
  }
  return null
}

const describeLength = (bytes: number) =>
  `${bytes} characters, or ${bytes * 2} hex digits, or base64 of ${bytes} bytes (a hex:/base64:/utf8: prefix forces one reading)`

/** Every problem with the settings, in the words of the start-up error list (variable: what is wrong). */
export function resolveKeys(input: QikeliaoKeyInput): KeyResult {
  const problems: string[] = []
  const name = input.cipher.trim().toLowerCase()
  if (!getCiphers().includes(name)) {
    return {
      ok: false,
      problems: [
        `QIKELIAO_CIPHER: "${input.cipher}" is not a cipher this Node knows (see \`openssl list -cipher-algorithms\`); e.g. aes-128-cbc, aes-256-cbc, aes-128-ecb, sm4-cbc`,
      ],
    }
  }
  const info = getCipherInfo(name)
  if (!info || !SUPPORTED_MODES.has(info.mode)) {
    return {
      ok: false,
      problems: [
        `QIKELIAO_CIPHER: ${name} is a ${info?.mode ?? 'unknown'}-mode cipher; only CBC and ECB block ciphers with PKCS#7 padding are supported (e.g. aes-128-cbc, aes-128-ecb, sm4-cbc)`,
      ],
    }
  }
  const ivLength = info.ivLength ?? 0
  const key = input.key ? keyBytes(input.key, info.keyLength) : null
  if (!input.key) problems.push('QIKELIAO_KEY: missing (the merchant key from 企客聊 后台 → 后勤 → CRM对接配置)')
  else if (!key)
    problems.push(`QIKELIAO_KEY: does not make a ${info.keyLength}-byte key for ${name}: give ${describeLength(info.keyLength)}`)
  const systemKey = input.systemKey ? keyBytes(input.systemKey, info.keyLength) : key
  if (input.systemKey && !systemKey)
    problems.push(`QIKELIAO_SYSTEM_KEY: does not make a ${info.keyLength}-byte key for ${name}: give ${describeLength(info.keyLength)}`)

  let iv: Buffer | null = null
  if (ivLength === 0) {
    if (input.iv)
      problems.push(`QIKELIAO_IV: ${name} takes no IV; unset QIKELIAO_IV, or choose a CBC cipher such as ${name.replace(/-ecb$/, '-cbc')}`)
  } else if (input.iv) {
    iv = keyBytes(input.iv, ivLength)
    if (!iv) problems.push(`QIKELIAO_IV: does not make a ${ivLength}-byte IV for ${name}: give ${describeLength(ivLength)}`)
  } else if (key && key.length !== ivLength) {
    problems.push(
      `QIKELIAO_IV: missing; ${name} needs a ${ivLength}-byte IV (the key can stand in for it only when both are ${ivLength} bytes)`,
    )
  }
  if (problems.length || !key || !systemKey) return { ok: false, problems }
  // Without QIKELIAO_IV each key is its own IV: what C# and Java samples from Chinese vendors do more often than not.
  const ivFor = (k: Buffer) => (ivLength === 0 ? null : (iv ?? k.subarray(0, ivLength)))
  return {
    ok: true,
    keys: {
      cipher: name,
      blockSize: info.blockSize ?? 16,
      merchant: { key, iv: ivFor(key) },
      system: { key: systemKey, iv: ivFor(systemKey) },
    },
  }
}
