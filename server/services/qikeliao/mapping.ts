import { YoumiIdentity } from '../../../contracts/contacts.js'
import { field, type Payload } from './payload.js'

/**
 * From a 企客聊 payload to the friend the sidebar shows and the Youmi `listMass` identity a send needs. The meaning of
 * the payload's fields is not published (vendors.md), so this is a documented guess with settings to correct it:
 *
 * | Youmi field (listMass)          | default payload field | setting                  |
 * | ------------------------------- | --------------------- | ------------------------ |
 * | ad_wechat_id (operator account) | `wechat` (a number)   | QIKELIAO_FIELD_MAP       |
 * | object_id (the friend)          | `uid`                 | QIKELIAO_FRIEND_FIELD=WX |
 * | machine_key, machine_name       | `Number`              | QIKELIAO_FIELD_MAP       |
 * | qv_company_id                   | — (always "")         | QIKELIAO_FIELD_MAP       |
 * | object_nickname                 | `nickname`, if sent   | QIKELIAO_FIELD_MAP       |
 * | belong_staff_code               | `UserID`              | QIKELIAO_FIELD_MAP       |
 *
 * The friend's WeChat id on the card is `WX` (else the object_id), the tenant is `merchantid`, the phone `TEL` kept
 * masked only.
 */

export const MAPPABLE_FIELDS = ['adWechatId', 'machineKey', 'machineName', 'qvCompanyId', 'objectNickname', 'belongStaffCode'] as const
export type MappableField = (typeof MAPPABLE_FIELDS)[number]

export interface QikeliaoMapping {
  /** The payload field that is Youmi's object_id (the friend): `uid` or `WX`. */
  friendField: string
  /** For each other identity field, the payload field it is read from; null: always "". */
  fields: Record<MappableField, string | null>
}

export const DEFAULT_MAPPING: QikeliaoMapping = {
  friendField: 'uid',
  fields: {
    adWechatId: 'wechat',
    machineKey: 'Number',
    machineName: 'Number',
    qvCompanyId: null,
    objectNickname: 'nickname',
    belongStaffCode: 'UserID',
  },
}

/** `QIKELIAO_FIELD_MAP`, e.g. `machineName=originalId,qvCompanyId=merchantid,objectNickname=` (empty: always ""). */
export function parseFieldMap(text: string | undefined): { fields: Partial<QikeliaoMapping['fields']>; problems: string[] } {
  const fields: Partial<QikeliaoMapping['fields']> = {}
  const problems: string[] = []
  for (const pair of (text ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.indexOf('=')
    const target = (at < 0 ? pair : pair.slice(0, at)).trim()
    const source = at < 0 ? '' : pair.slice(at + 1).trim()
    if (!(MAPPABLE_FIELDS as readonly string[]).includes(target)) {
      problems.push(`QIKELIAO_FIELD_MAP: "${target}" is not one of ${MAPPABLE_FIELDS.join(', ')} (object_id is QIKELIAO_FRIEND_FIELD)`)
    } else if (at < 0) {
      problems.push(`QIKELIAO_FIELD_MAP: write ${target}=<payload field>, or ${target}= for always ""`)
    } else if (source && !/^[A-Za-z_][\w]{0,63}$/.test(source)) {
      problems.push(`QIKELIAO_FIELD_MAP: "${source}" is not a field name`)
    } else fields[target as MappableField] = source || null
  }
  return { fields, problems }
}

export interface FriendEntry {
  /** The staff member: the decrypted UserID. */
  userId: string
  /** merchantid: the 企客聊/Youmi tenant. */
  tenantId: string
  wechatId: string
  nickname: string
  phoneMasked: string
  youmi: YoumiIdentity
}

export type MapResult = { ok: true; friend: FriendEntry } | { ok: false; problems: string[] }

/** The friend, or what the payload lacks (field names only: a value may be a secret or personal). */
export function mapPayload(payload: Payload, userId: string, mapping: QikeliaoMapping): MapResult {
  const problems: string[] = []
  const from = (name: string | null) => (name ? (field(payload, name) ?? '') : '')
  const tenantId = field(payload, 'merchantid')
  if (!tenantId) problems.push('merchantid（商户号）为空')
  const objectId = field(payload, mapping.friendField)
  if (!objectId) problems.push(`${mapping.friendField}（好友，友米 object_id）为空`)
  const wechatSource = mapping.fields.adWechatId
  const wechat = from(wechatSource)
  const adWechatId = /^\d{1,15}$/.test(wechat) ? Number(wechat) : null
  if (adWechatId === null) problems.push(`${wechatSource ?? 'adWechatId'}（运营微信号，友米 ad_wechat_id）${wechat ? '不是数字' : '为空'}`)
  const machineKey = from(mapping.fields.machineKey)
  if (!machineKey) problems.push(`${mapping.fields.machineKey ?? 'machineKey'}（设备，友米 machine_key）为空`)
  if (problems.length) return { ok: false, problems }

  const youmi = YoumiIdentity.safeParse({
    adWechatId,
    machineKey,
    machineName: from(mapping.fields.machineName),
    qvCompanyId: from(mapping.fields.qvCompanyId),
    objectId,
    objectNickname: from(mapping.fields.objectNickname),
    belongStaffCode: from(mapping.fields.belongStaffCode),
  })
  if (!youmi.success) return { ok: false, problems: youmi.error.issues.map((i) => `${String(i.path[0] ?? '')} 太长或格式不对`) }
  const wechatId = field(payload, 'WX') ?? objectId!
  return {
    ok: true,
    friend: {
      userId,
      tenantId: tenantId!,
      wechatId: wechatId.slice(0, 128),
      nickname: (field(payload, 'nickname') ?? '').slice(0, 128),
      phoneMasked: maskPhone(field(payload, 'TEL') ?? ''),
      youmi: youmi.data,
    },
  }
}

/** `13812345678` → `138****5678`; shorter numbers keep less; nothing → "". The full number is never kept. */
export function maskPhone(raw: string): string {
  const digits = raw.replace(/^\+?86[-\s]?/, '').replace(/[^\d]/g, '')
  if (!digits) return ''
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`
  if (digits.length >= 3) return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`
  return '*'.repeat(digits.length)
}
