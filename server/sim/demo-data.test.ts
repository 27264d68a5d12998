import { describe, expect, it } from 'vitest'
import { demoContactChats, demoGroupChats } from './demo-chats.js'
import { demoCampaignIds, demoContacts, demoCorp, demoGroupIds, demoGroups, demoStaff, demoYoumiLinks } from './demo-data.js'
import { demoChats } from './demo-ranges.js'

const followersOf = (id: string) => demoContacts.find((c) => c.externalUserId === id)!.follows.map((f) => f.userId)
const followedBy = (userId: string) => demoContacts.filter((c) => c.follows.some((f) => f.userId === userId))

describe('demo data', () => {
  it('has a corp, four staff and one admin (zhangwei)', () => {
    expect(demoCorp.corpName).toBeTruthy()
    expect(demoStaff.map((s) => s.userId)).toEqual(['zhangwei', 'lina', 'wangfang', 'liuyang'])
    expect(demoStaff.filter((s) => s.isAdmin).map((s) => s.userId)).toEqual(['zhangwei'])
  })

  it('has twelve customers with WeCom-like ids, unique and stable', () => {
    expect(demoContacts).toHaveLength(12)
    for (const c of demoContacts) {
      expect(c.externalUserId).toMatch(/^wm[A-Za-z0-9]{30}$/)
      expect(c.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/)
      expect([0, 1, 2]).toContain(c.gender)
      if (c.type === 2) expect(c.corpName && c.corpFullName).toBeTruthy()
      else expect(c.corpName).toBeUndefined()
      expect(c.avatarPath).toBe(`/sim-assets/avatar/${c.externalUserId}.svg`)
    }
    expect(new Set(demoContacts.map((c) => c.externalUserId)).size).toBe(12)
    expect(new Set(demoContacts.map((c) => c.type))).toEqual(new Set([1, 2]))
  })

  it('gives followers WeCom-shaped tags from a few groups and seconds for createtime', () => {
    const groups = new Set<string>()
    for (const c of demoContacts) {
      expect(c.follows.length).toBeGreaterThan(0)
      for (const f of c.follows) {
        expect(demoStaff.some((s) => s.userId === f.userId)).toBe(true)
        expect(f.createtime).toBeGreaterThan(1_600_000_000)
        expect(f.createtime).toBeLessThan(2_000_000_000)
        expect([f.userId, c.externalUserId, 'zhangwei']).toContain(f.operUserId)
        for (const t of f.tags) {
          expect(t.type).toBe(1)
          expect(t.tag_id).toMatch(/^et[A-Za-z0-9]{20}$/)
          groups.add(t.group_name)
        }
      }
    }
    expect(groups).toEqual(new Set(['客户等级', '意向产品', '来源渠道', '跟进阶段']))
  })

  it('lets every staff member follow at least three customers and zhangwei at least eight', () => {
    for (const s of demoStaff) expect(followedBy(s.userId).length, s.userId).toBeGreaterThanOrEqual(3)
    expect(followedBy('zhangwei').length).toBeGreaterThanOrEqual(8)
  })

  it('has a customer followed by lina alone, so zhangwei gets "not your contact"', () => {
    expect(demoContacts.some((c) => followersOf(c.externalUserId).join() === 'lina')).toBe(true)
  })

  it("links about seven customers to Youmi, several of them zhangwei's", () => {
    expect(demoYoumiLinks).toHaveLength(7)
    for (const l of demoYoumiLinks) {
      expect(demoContacts.some((c) => c.externalUserId === l.externalUserId)).toBe(true)
      expect(Number.isInteger(l.youmi.adWechatId)).toBe(true)
      expect(Object.keys(l.youmi).sort()).toEqual([
        'adWechatId',
        'belongStaffCode',
        'machineKey',
        'machineName',
        'objectId',
        'objectNickname',
        'qvCompanyId',
      ])
    }
    expect(demoYoumiLinks.filter((l) => followersOf(l.externalUserId).includes('zhangwei')).length).toBeGreaterThanOrEqual(3)
  })

  it('names each demo campaign once', () => {
    expect(new Set(demoCampaignIds.map((c) => c.taskId)).size).toBe(demoCampaignIds.length)
    expect(demoCampaignIds.length).toBeGreaterThanOrEqual(10)
  })

  it('has three customer groups, owned by zhangwei and lina, that are the chats the demo campaigns name', () => {
    expect(demoGroups.map((g) => g.chatId)).toEqual(Object.values(demoGroupIds))
    expect(new Set(demoGroups.map((g) => g.owner))).toEqual(new Set(['zhangwei', 'lina']))
    for (const g of demoGroups) {
      expect(g.chatId).toMatch(/^wr[A-Za-z0-9_-]{20,}$/)
      expect(demoChats.find((c) => c.chat_id === g.chatId)?.chat_name, g.chatId).toBe(g.name)
      expect(g.notice.length).toBeGreaterThan(10)
      expect(g.members[0]).toMatchObject({ userId: g.owner, type: 1 })
      expect(new Set(g.members.map((m) => m.userId)).size).toBe(g.members.length)
      for (const m of g.members) {
        const known = m.type === 1 ? demoStaff.some((x) => x.userId === m.userId) : demoContacts.some((x) => x.externalUserId === m.userId)
        expect(known, `${g.name}: ${m.userId}`).toBe(true)
        expect(m.joinTime).toBeGreaterThanOrEqual(g.createTime)
      }
      for (const a of g.admins) expect(g.members.some((m) => m.type === 1 && m.userId === a)).toBe(true)
      expect(g.members.some((m) => m.type === 2)).toBe(true)
    }
    const staffIn = (id: string) =>
      demoGroups
        .find((g) => g.chatId === id)!
        .members.filter((m) => m.type === 1)
        .map((m) => m.userId)
    // What the group tests rely on: zhangwei owns one, is a member of one, and is outside one.
    expect(staffIn(demoGroupIds.lockVip)).toContain('zhangwei')
    expect(staffIn(demoGroupIds.lockVip)).not.toContain('lina')
    expect(staffIn(demoGroupIds.showroom)).toEqual(expect.arrayContaining(['lina', 'zhangwei']))
    expect(staffIn(demoGroupIds.owners)).not.toContain('zhangwei')
  })

  it('scripts a short smart-home chat for every customer and every group', () => {
    for (const c of demoContacts) {
      const lines = demoContactChats[c.externalUserId]
      expect(lines, c.name).toBeDefined()
      expect(lines!.length).toBeGreaterThanOrEqual(3)
      expect(lines!.length).toBeLessThanOrEqual(6)
      expect(new Set(lines!.map((l) => l.from))).toEqual(new Set(['customer', 'staff']))
    }
    expect(Object.keys(demoContactChats).sort()).toEqual(demoContacts.map((c) => c.externalUserId).sort())
    for (const g of demoGroups) {
      const lines = demoGroupChats[g.chatId]
      expect(lines, g.name).toBeDefined()
      expect(lines!.every((l) => !!l.name)).toBe(true)
    }
  })
})
