import { describe, expect, it } from 'vitest'
import { demoCampaignIds, demoContacts, demoCorp, demoStaff, demoYoumiLinks } from './demo-data.js'

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

  it('links about seven customers to Youmi, several of them zhangwei\'s', () => {
    expect(demoYoumiLinks).toHaveLength(7)
    for (const l of demoYoumiLinks) {
      expect(demoContacts.some((c) => c.externalUserId === l.externalUserId)).toBe(true)
      expect(Number.isInteger(l.youmi.adWechatId)).toBe(true)
      expect(Object.keys(l.youmi).sort()).toEqual(['adWechatId', 'belongStaffCode', 'machineKey', 'machineName', 'objectId', 'objectNickname', 'qvCompanyId'])
    }
    expect(demoYoumiLinks.filter((l) => followersOf(l.externalUserId).includes('zhangwei')).length).toBeGreaterThanOrEqual(3)
  })

  it('names each demo campaign once', () => {
    expect(new Set(demoCampaignIds.map((c) => c.taskId)).size).toBe(demoCampaignIds.length)
    expect(demoCampaignIds.length).toBeGreaterThanOrEqual(10)
  })
})
