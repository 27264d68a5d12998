import { createHash, timingSafeEqual } from 'node:crypto'
import { decrypt } from './codec.js'
import { resolveKeys, type CipherKeys } from './keys.js'
import { mapPayload, type FriendEntry } from './mapping.js'
import { field, parsePayload } from './payload.js'
import type { QikeliaoSettings } from './settings.js'
import { parseEntryTime } from './time.js'

/**
 * Judges one 企客聊 sidebar entry, `{page}?Type=WL&PKID=…&time=…&neber=…&UserID=…` (vendors.md), up to the point
 * where it needs the database: parameters, freshness of `time`, decryption of UserID and PKID, the payload, the
 * mapping to a friend. The route then claims the replay keys and starts the session.
 */

export const ENTRY_PARAMS = ['Type', 'PKID', 'time', 'neber', 'UserID'] as const
/** A clock a little ahead of ours (企客聊 runs on the staff member's PC) is not a forgery. */
export const FUTURE_TOLERANCE_MS = 60_000

export interface Refusal {
  status: 400 | 401 | 404 | 422
  /** Stable, for the log and the page. */
  code: string
  title: string
  /** What happened, for the staff member. */
  message: string
  /** What to check, for whoever configures 企客聊 and the proxy. */
  check: string
  /** Extra words for the log line: names and numbers only, never a value from the link. */
  detail?: string
}

/** A row of `qikeliao_entries`. */
export interface ReplayKey {
  neber: string
  time: string
}

export interface Accepted {
  friend: FriendEntry
  /** The (neber, time) pair, and the PKID ciphertext itself: what makes a second use of the same link a replay. */
  replayKeys: { pair: ReplayKey; payload: ReplayKey }
}

export type EntryQuery = Partial<Record<string, unknown>>

const refuse = (status: Refusal['status'], code: string, title: string, message: string, check: string, detail?: string): Refusal => ({
  status,
  code,
  title,
  message,
  check,
  ...(detail ? { detail } : {}),
})

const KEYS_CHECK =
  '请管理员核对 QIKELIAO_CIPHER、QIKELIAO_KEY、QIKELIAO_IV、QIKELIAO_SYSTEM_KEY 与企客聊后台（后勤 → CRM对接配置）给出的是否一致。'
const REOPEN = '请回到企客聊，重新点击客户的手机号、微信号或侧边栏按钮，打开一个新链接。'

/**
 * Every way a link fails to decrypt or to agree with itself answers the same page: distinct answers for bad padding
 * and bad content would let anyone with one captured link decrypt it byte by byte (a padding oracle). The log line
 * keeps the precise reason for the operator.
 */
const linkInvalid = (detail: string) =>
  refuse(
    401,
    'QIKELIAO_LINK_INVALID',
    '无法读取这个链接',
    '链接里的员工或客户信息无法解密，或彼此不一致：密钥、加密方式与企客聊不一致，或链接被改动过。',
    KEYS_CHECK,
    detail,
  )

export class QikeliaoEntry {
  readonly keys: CipherKeys

  constructor(readonly settings: QikeliaoSettings) {
    const resolved = resolveKeys(settings)
    if (!resolved.ok) throw new Error(`企客聊 settings: ${resolved.problems.join('; ')}`)
    this.keys = resolved.keys
  }

  check(query: EntryQuery, now: number): Accepted | Refusal {
    const q = Object.fromEntries(
      ENTRY_PARAMS.map((name) => [name, typeof query[name] === 'string' ? (query[name] as string).trim() : '']),
    ) as Record<(typeof ENTRY_PARAMS)[number], string>
    const missing = ENTRY_PARAMS.filter((name) => !q[name])
    if (missing.length) {
      return refuse(
        400,
        'QIKELIAO_MISSING_PARAMS',
        '链接不完整',
        `企客聊打开侧边栏时应带上 Type、PKID、time、neber、UserID，这次缺少：${missing.join('、')}。`,
        '在企客聊后台 → 后勤 → CRM对接配置 里，页面地址只填 https://<侧边栏域名>/api/qikeliao/enter，参数由企客聊自动加上。',
        `missing ${missing.join(',')}`,
      )
    }
    if (q.Type !== 'WL') {
      return refuse(
        400,
        'QIKELIAO_BAD_TYPE',
        '链接类型不对',
        '企客聊侧边栏链接的 Type 应为 WL。',
        '请确认链接是企客聊侧边栏打开的，而不是手工拼出的。',
        'type is not WL',
      )
    }
    if (!/^\d{6}$/.test(q.neber)) {
      return refuse(
        400,
        'QIKELIAO_BAD_NEBER',
        '链接参数不对',
        '企客聊侧边栏链接的 neber 应为 6 位数字。',
        '请确认链接是企客聊侧边栏打开的，而不是手工拼出的。',
        'neber is not 6 digits',
      )
    }
    const at = parseEntryTime(q.time)
    if (at === null) {
      return refuse(
        400,
        'QIKELIAO_BAD_TIME',
        '链接时间无法识别',
        '链接里的 time 不是可识别的时间（支持 yyyy-MM-dd HH:mm:ss 北京时间，或 Unix 秒）。',
        '请把企客聊实际传来的 time 格式告诉开发者。',
        'time not understood',
      )
    }
    const stale = this.staleness(at, now)
    if (stale) return stale

    const user = decrypt(this.keys, 'system', q.UserID)
    if (!user || !user.text.trim()) {
      return linkInvalid('UserID did not decrypt')
    }
    const userId = user.text.trim()
    const pkid = decrypt(this.keys, 'merchant', q.PKID)
    if (!pkid) return linkInvalid('PKID did not decrypt')
    const payload = parsePayload(pkid.text)
    if (!payload) {
      return linkInvalid('PKID is neither JSON nor key=value')
    }
    const payloadUser = field(payload, 'UserID')
    if (payloadUser !== undefined && payloadUser !== userId) {
      return linkInvalid('payload UserID differs')
    }
    const stamp = field(payload, 'Timestamp')
    const stampAt = stamp ? parseEntryTime(stamp) : null
    // `time` and `neber` travel outside the encryption: only the payload's own Timestamp dates the link, so a payload
    // without a readable one is refused rather than trusted for ever.
    if (stampAt === null) {
      return refuse(
        401,
        'QIKELIAO_PAYLOAD_UNDATED',
        '无法确认链接时间',
        'PKID 里没有可读的 Timestamp，无法确认这是一个新链接。',
        REOPEN,
        stamp ? 'payload Timestamp unreadable' : 'payload has no Timestamp',
      )
    }
    if (this.staleness(stampAt, now)) {
      return refuse(
        401,
        'QIKELIAO_PAYLOAD_EXPIRED',
        '链接已过期',
        `PKID 里的 Timestamp 不在 ${Math.round(this.settings.maxAgeS / 60)} 分钟内：这是一个旧链接。`,
        REOPEN,
        `payload Timestamp ${Math.round((now - stampAt) / 1000)} s old`,
      )
    }
    if (this.settings.dockPwd && !sameText(field(payload, 'dockPwd') ?? '', this.settings.dockPwd)) {
      return refuse(
        401,
        'QIKELIAO_BAD_DOCK_PWD',
        '对接密码不对',
        'PKID 里的对接密码与本服务配置的不一致。',
        '请管理员核对 QIKELIAO_DOCK_PWD 与企客聊后台的对接密码。',
        'dockPwd differs',
      )
    }
    const mapped = mapPayload(payload, userId, this.settings.mapping)
    if (!mapped.ok) {
      return refuse(
        422,
        'QIKELIAO_PAYLOAD_UNMAPPED',
        '客户信息不完整',
        `企客聊传来的客户信息缺少发送需要的内容：${mapped.problems.join('；')}。`,
        '请管理员按部署文档「企客聊」一节核对 QIKELIAO_FRIEND_FIELD 和 QIKELIAO_FIELD_MAP。',
        `unmapped: ${mapped.problems.length} field(s)`,
      )
    }
    const seconds = String(Math.floor(at / 1000))
    const digest = createHash('sha256').update(pkid.ciphertext).digest('base64url').slice(0, 32)
    // The pair alone would let a copied link through with another neber: the payload's own bytes are a key too.
    return {
      friend: mapped.friend,
      replayKeys: { pair: { neber: q.neber, time: seconds }, payload: { neber: `pkid:${digest}`, time: '' } },
    }
  }

  private staleness(at: number, now: number): Refusal | null {
    const maxAgeMs = this.settings.maxAgeS * 1000
    if (now - at > maxAgeMs) {
      return refuse(
        401,
        'QIKELIAO_EXPIRED',
        '链接已过期',
        `这个链接是 ${Math.round((now - at) / 60_000)} 分钟前生成的，超过了 ${Math.round(maxAgeMs / 60_000)} 分钟的有效期。`,
        `${REOPEN}如果每次都出现，请检查服务器和企客聊所在电脑的时间是否准确。`,
        `${Math.round((now - at) / 1000)} s old, limit ${this.settings.maxAgeS} s`,
      )
    }
    if (at - now > FUTURE_TOLERANCE_MS) {
      return refuse(
        401,
        'QIKELIAO_FROM_FUTURE',
        '链接时间不对',
        `这个链接的时间比服务器时间晚 ${Math.round((at - now) / 1000)} 秒。`,
        '请检查服务器和企客聊所在电脑的时间是否准确（相差不能超过 60 秒）。',
        `${Math.round((at - now) / 1000)} s in the future`,
      )
    }
    return null
  }
}

function sameText(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest()
  const y = createHash('sha256').update(b).digest()
  return timingSafeEqual(x, y)
}
