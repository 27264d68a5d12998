import { createHash } from 'node:crypto'
import { conflict, forbidden, notFound } from '../errors.js'
import { demoYoumiLinks, findContact } from '../sim/demo-data.js'
import type { QikeliaoEntry } from '../services/qikeliao/entry.js'
import { mintEntryQuery } from '../services/qikeliao/mint.js'

/**
 * What 企客聊 would send for one of the demo's Youmi-linked customers: a payload with the vendor's field names
 * (vendors.md), laid out so the configured mapping reads the demo's own Youmi identity back, encrypted with this
 * run's made-up keys. Also a `nickname`, which a real payload may not have (the entry uses one when it is there).
 */
export function demoEntryQuery(entry: QikeliaoEntry, o: { userId: string; externalUserId: string; tenantId: string; now: number }): string {
  const contact = findContact(o.externalUserId)
  if (!contact) throw notFound('DEMO_CONTACT_NOT_FOUND', '演示数据里没有这位客户。')
  const follow = contact.follows.find((f) => f.userId === o.userId)
  if (!follow) throw forbidden('NOT_YOUR_CONTACT', '这位客户不是你的客户：只有添加了该客户的员工可以查看和发送。')
  const youmi = demoYoumiLinks.find((l) => l.externalUserId === o.externalUserId)?.youmi
  if (!youmi) throw conflict('NO_YOUMI_IDENTITY', `${contact.name}还没有关联友米身份：企客聊只能打开有友米好友身份的客户，请换一位客户。`)

  const { mapping, dockPwd } = entry.settings
  const seconds = Math.floor(o.now / 1000)
  const wx = `wxid_${createHash('sha1').update(youmi.objectId).digest('hex').slice(0, 14)}`
  const payload: Record<string, string | number> = {
    UserID: o.userId,
    merchantid: o.tenantId,
    Timestamp: seconds,
    WX: wx,
    TEL: follow.remarkMobiles[0] ?? '',
    nickname: youmi.objectNickname,
  }
  // Each identity field where the mapping will look for it (the first writer of a shared source wins).
  payload[mapping.friendField] = youmi.objectId
  const put = (source: string | null, value: string | number) => {
    if (source) payload[source] ??= value
  }
  put(mapping.fields.adWechatId, youmi.adWechatId)
  put(mapping.fields.machineKey, youmi.machineKey)
  put(mapping.fields.machineName, youmi.machineName)
  put(mapping.fields.qvCompanyId, youmi.qvCompanyId)
  put(mapping.fields.objectNickname, youmi.objectNickname)
  put(mapping.fields.belongStaffCode, youmi.belongStaffCode)
  payload.originalId ??= wx
  // What `sign` signs is not published; the entry does not check it.
  payload.sign ??= createHash('md5').update(`${o.userId}${seconds}${o.tenantId}`).digest('hex')
  if (dockPwd) payload.dockPwd = dockPwd
  return mintEntryQuery(entry.keys, o.userId, payload, { now: o.now })
}
