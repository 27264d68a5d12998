import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { campaignDetail, demoCampaignSpecs } from './demo-campaigns.js'
import { demoCampaignIds, demoContacts, demoStaff } from './demo-data.js'
import { shapeDifferences, simTestCredentials as creds, testSim } from './testing.js'

const seed = JSON.parse(readFileSync(new URL('./fixtures/wshoto-seed-examples.json', import.meta.url), 'utf8'))
const NINE = [
  'CorpSend2Customer',
  'CorpSend2CustomerGroup',
  'CorpSend2Moment',
  'StaffSend2Customer',
  'StaffSend2CustomerGroup',
  'StaffSend2Moment',
  'OpenSend2Customer',
  'OpenSend2CustomerGroup',
  'CrowdPack',
]
const START = Date.UTC(2025, 0, 6, 2, 0, 0)
const MIN = 60_000
/** Moments after the simulator started, including a clock that went backwards. */
const ELAPSED = [-5 * MIN, 0, 1, 20_000, MIN, 7 * MIN, 30 * MIN, 2 * 60 * MIN, 24 * 60 * MIN, 30 * 24 * 60 * MIN]
const IN_PROGRESS = [1, 2, 5]

const details = (elapsed: number) => demoCampaignSpecs.map((s) => campaignDetail(s, START, START + elapsed))

describe('demo campaigns cover the vendor enums', () => {
  const all = details(0)

  it('has one spec per demo campaign id, in order', () => {
    expect(demoCampaignSpecs.map((s) => s.taskId)).toEqual(demoCampaignIds.map((c) => c.taskId))
    expect(all.every((d) => d.task_name.length > 0)).toBe(true)
  })

  it('covers every type 10–15 and every task_status', () => {
    expect(new Set(all.map((d) => d.type))).toEqual(new Set([10, 11, 12, 13, 14, 15]))
    expect(new Set(all.map((d) => d.task_status))).toEqual(new Set([-1, 0, 1, 2, 3, 4, 5]))
  })

  it('has the nine filter_types with range_info that parses to the seed shape of each', () => {
    for (const type of NINE) {
      const d = all.find((x) => x.filter_range_info.filter_type === type)
      expect(d, type).toBeDefined()
      expect(typeof d!.filter_range_info.range_info).toBe('string')
      const parsed = JSON.parse(d!.filter_range_info.range_info)
      expect(shapeDifferences(parsed, seed.rangeInfoExamples[type], type)).toEqual([])
    }
  })

  it('would notice a range_info that strays from the seed (the check itself works)', () => {
    const example = seed.rangeInfoExamples.CorpSend2Customer
    const { locations, ...rest } = JSON.parse(all[0]!.filter_range_info.range_info)
    expect(shapeDifferences({ ...rest, location: locations }, example)).toEqual(['$.locations: missing', '$.location: not in the seed'])
    expect(shapeDifferences({ ...rest, locations: [{ region_code: 330108, region_remark: '' }] }, example)).toEqual([
      '$.locations[0].region_code: expected string, got number',
    ])
  })

  it('has a whole-customer campaign and a whole-group campaign with empty range_info', () => {
    const allCustomer = all.find((d) => d.filter_range_info.filter_type === 'AllCustomer')!
    expect(allCustomer.filter_range_info).toMatchObject({ is_all_customer: true, is_all_customer_group: false, range_info: '' })
    const allGroups = all.find((d) => d.filter_range_info.filter_type === 'AllCustomerGroup')!
    expect(allGroups.filter_range_info).toMatchObject({ is_all_customer: false, is_all_customer_group: true, range_info: '{}' })
  })

  it('uses demo staff and customers in range_info maps', () => {
    const staffIds = new Set(demoStaff.map((s) => s.userId))
    const customerIds = new Set(demoContacts.map((c) => c.externalUserId))
    for (const d of all) {
      const range = d.filter_range_info.range_info ? JSON.parse(d.filter_range_info.range_info) : {}
      for (const [staff, ids] of Object.entries<string[]>(range.user_customer_info ?? {})) {
        expect(staffIds.has(staff)).toBe(true)
        for (const id of ids) expect(customerIds.has(id)).toBe(true)
      }
      for (const staff of Object.keys(range.user_chat_info ?? {})) expect(staffIds.has(staff)).toBe(true)
    }
  })

  it('gives moments campaigns likes and comments, and mixes material states', () => {
    for (const d of all.filter((x) => x.type === 12 || x.type === 15)) {
      expect(d.like_customer_qty, String(d.task_id)).toBeGreaterThan(0)
      expect(d.comment_customer_qty, String(d.task_id)).toBeGreaterThan(0)
    }
    const materials = all.flatMap((d) => d.material_infos)
    expect(new Set(materials.map((m) => m.status))).toEqual(new Set([0, -1, 1, 2]))
    expect(new Set(materials.map((m) => m.act_child_type))).toEqual(new Set([0, 1, 2, 3]))
  })
})

describe('demo campaign times', () => {
  const all = details(0)
  const ms = (v: number) => (v < 1e12 ? v * 1000 : v)

  it('are milliseconds for all but one campaign, which uses seconds', () => {
    const inSeconds = all.filter((d) => d.create_time < 1e11)
    expect(inSeconds).toHaveLength(1)
    expect(all.filter((d) => d.create_time > 1e12)).toHaveLength(all.length - 1)
    for (const d of inSeconds) expect(d.send_time).toBeLessThan(1e11)
  })

  it('are ordered and agree with each status', () => {
    for (const d of all) {
      const [created, sent, ended] = [ms(d.create_time), ms(d.send_time), ms(d.end_time)]
      expect(created).toBeLessThanOrEqual(sent)
      expect(sent).toBeLessThan(ended)
      if (d.task_status === 0) expect(sent).toBeGreaterThan(START)
      if (IN_PROGRESS.includes(d.task_status)) expect(sent <= START && START < ended, String(d.task_id)).toBe(true)
      if (d.task_status === 3 || d.task_status === 4) expect(ended).toBeLessThan(START)
    }
  })
})

describe('demo campaign figures', () => {
  it.each(ELAPSED)('are consistent %i ms after start', (elapsed) => {
    for (const d of details(elapsed)) {
      const id = String(d.task_id)
      const figures = Object.entries(d).filter(([k]) => k.endsWith('_qty'))
      for (const [k, v] of figures) expect(Number.isInteger(v) && (v as number) >= 0, `${id} ${k}`).toBe(true)
      expect(d.success_staff_qty + d.fail_staff_qty + d.no_send_staff_qty, id).toBeLessThanOrEqual(d.plan_staff_qty)
      expect(d.success_target_qty + d.fail_target_qty + d.no_send_target_qty, id).toBeLessThanOrEqual(d.plan_target_qty)
      expect(d.excess_target_qty, id).toBeLessThanOrEqual(d.plan_target_qty)
      if (d.task_status === 0 || d.task_status === -1) expect(d.success_target_qty + d.success_staff_qty, id).toBe(0)
    }
  })

  it('grow over time for in-progress campaigns and stay put for the others', () => {
    const series = ELAPSED.filter((e) => e >= 0).map(details)
    for (const [i, spec] of demoCampaignSpecs.entries()) {
      const reached = series.map((s) => s[i]!.success_target_qty + s[i]!.fail_target_qty)
      const sorted = [...reached].sort((a, b) => a - b)
      expect(reached, String(spec.taskId)).toEqual(sorted)
      if (IN_PROGRESS.includes(spec.status)) expect(reached.at(-1)!, String(spec.taskId)).toBeGreaterThan(reached[0]!)
      else expect(new Set(reached).size, String(spec.taskId)).toBe(1)
    }
  })

  it('show movement between two refreshes a minute apart through the HTTP API', async () => {
    const sim = testSim()
    const token = (
      await sim.app.inject({ url: `/openapi/access_token?appid=${creds.wshoto.appId}&app_secret=${creds.wshoto.appSecret}` })
    ).json().data.access_token
    const fetchOne = async () =>
      (
        await sim.app.inject({
          method: 'POST',
          url: `/openapi/mass_send/corp/get_mass_task_detail?access_token=${token}`,
          payload: { task_id: 30103 },
        })
      ).json().data
    const before = await fetchOne()
    sim.clock.t += MIN
    const after = await fetchOne()
    expect(after.success_target_qty).toBeGreaterThan(before.success_target_qty)
    expect(after.no_send_target_qty).toBeLessThan(before.no_send_target_qty)
  })
})
