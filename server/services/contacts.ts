import { eq } from 'drizzle-orm'
import type { Contact, YoumiIdentity } from '../../contracts/contacts.js'
import { forbidden } from '../errors.js'
import type { Db } from '../store/db.js'
import { contactLinks } from '../store/schema.js'
import type { WecomClient } from '../upstream/wecom/client.js'
import type { WecomExternalContact } from '../upstream/wecom/schemas.js'

const CACHE_MS = 15_000
const CACHE_MAX = 2_000

/**
 * Customers as the session's staff member sees them. A sidebar opening and the send that follows ask for the same
 * customer within seconds, so WeCom's answer is shared for a few seconds (and while in flight), and so is the
 * customer's Youmi identity (one read fewer on every Youmi send).
 */
export class ContactService {
  private readonly cache = new Map<string, { at: number; answer: Promise<WecomExternalContact> }>()
  /**
   * Youmi identities read within CACHE_MS. An admin's import on this instance forgets them at once
   * (`forgetIdentities`); one on another instance sharing the database shows here within CACHE_MS, as a change in
   * WeCom does for the contact check.
   */
  private readonly identities = new Map<string, { at: number; identity: Promise<YoumiIdentity | null> }>()

  constructor(
    private readonly wecom: WecomClient,
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async get(userId: string, externalUserId: string): Promise<Contact> {
    const [raw, youmi] = await Promise.all([this.followed(userId, externalUserId), this.youmiIdentity(externalUserId)])
    const follow = raw.follow_user.find((f) => f.userid === userId)!
    const c = raw.external_contact
    return {
      externalUserId: c.external_userid,
      name: c.name,
      avatar: c.avatar,
      kind: c.type === 2 ? 'wecom' : 'wechat',
      corpName: c.corp_full_name || c.corp_name || null,
      gender: c.gender === 1 ? 'male' : c.gender === 2 ? 'female' : 'unknown',
      remark: follow.remark,
      description: follow.description,
      tags: follow.tags.map((t) => ({ id: t.tag_id, group: t.group_name, name: t.tag_name })),
      addedAt: follow.createtime > 0 ? new Date(follow.createtime * 1000).toISOString() : null,
      youmi,
    }
  }

  /** The customer, or 403 when this staff member does not follow them: nobody reads or messages another's customers. */
  async followed(userId: string, externalUserId: string): Promise<WecomExternalContact> {
    const raw = await this.fetch(externalUserId)
    if (!raw.follow_user.some((f) => f.userid === userId)) {
      throw forbidden('NOT_YOUR_CONTACT', '这位客户不是你的客户：只有添加了该客户的员工可以查看和发送。')
    }
    return raw
  }

  youmiIdentity(externalUserId: string): Promise<YoumiIdentity | null> {
    const now = this.now()
    const hit = this.identities.get(externalUserId)
    if (hit && now - hit.at < CACHE_MS) return hit.identity
    if (this.identities.size >= CACHE_MAX) this.identities.clear()
    const identity = this.readIdentity(externalUserId)
    this.identities.set(externalUserId, { at: now, identity })
    identity.catch(() => this.identities.get(externalUserId)?.identity === identity && this.identities.delete(externalUserId))
    return identity
  }

  /** Customers' Youmi identities were imported: the next read of each goes to the database. */
  forgetIdentities(): void {
    this.identities.clear()
  }

  private async readIdentity(externalUserId: string): Promise<YoumiIdentity | null> {
    const rows = await this.db.select().from(contactLinks).where(eq(contactLinks.externalUserId, externalUserId)).limit(1)
    const r = rows[0]
    if (!r) return null
    return {
      adWechatId: r.adWechatId,
      machineKey: r.machineKey,
      machineName: r.machineName,
      qvCompanyId: r.qvCompanyId,
      objectId: r.objectId,
      objectNickname: r.objectNickname,
      belongStaffCode: r.belongStaffCode,
    }
  }

  private fetch(externalUserId: string): Promise<WecomExternalContact> {
    const now = this.now()
    const hit = this.cache.get(externalUserId)
    if (hit && now - hit.at < CACHE_MS) return hit.answer
    if (this.cache.size >= CACHE_MAX) this.cache.clear()
    const answer = this.wecom.getExternalContact(externalUserId)
    this.cache.set(externalUserId, { at: now, answer })
    // A failure must not be served from the cache to the next caller.
    answer.catch(() => this.cache.get(externalUserId)?.answer === answer && this.cache.delete(externalUserId))
    return answer
  }
}
