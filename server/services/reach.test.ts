import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Reach, type Audience } from '../../contracts/reach.js'
import { WshotoTaskDetail, WshotoTaskDetailAnswer, type WshotoRangeFilterType } from '../upstream/wshoto/schemas.js'
import { audienceSummary, reachPeople, ReachParseError, toReach, vendorTime } from './reach.js'

const fixture = (path: string) => readFileSync(new URL(`../../test/fixtures/wshoto/${path}`, import.meta.url), 'utf8')
const seedRaw = () => (JSON.parse(fixture('task-detail.seed.json')) as { data: Record<string, unknown> }).data
const fetchedAt = new Date('2024-08-15T08:00:00.000Z')

/** The seed's task with overrides, parsed the way the client parses it; filter flags off unless set. */
function task(overrides: Record<string, unknown> = {}, filter: Record<string, unknown> = {}) {
  return WshotoTaskDetail.parse({
    ...seedRaw(),
    ...overrides,
    filter_range_info: {
      filter_type: 'AllCustomer',
      is_all_customer: false,
      is_all_customer_group: false,
      all_staff: false,
      range_info: '',
      ...filter,
    },
  })
}
const reach = (overrides: Record<string, unknown> = {}, filter: Record<string, unknown> = {}) =>
  Reach.parse(toReach(task(overrides, filter), fetchedAt))
const audienceOf = (filterType: string, rangeInfo: unknown, type = 10, flags: Record<string, unknown> = {}) =>
  reach({ type }, { filter_type: filterType, range_info: rangeInfo, ...flags }).audience
/** The seed's example range_info for a filter type, passed as the JSON string the vendor sends. */
const seedAudience = (t: WshotoRangeFilterType, type: number) => audienceOf(t, fixture(`range-info/${t}.json`), type)
const only = <K extends Audience['kind']>(a: Audience, kind: K) => {
  expect(a.kind).toBe(kind)
  return a as Extract<Audience, { kind: K }>
}
function parseError(run: () => unknown): ReachParseError {
  try {
    run()
  } catch (e) {
    expect(e).toBeInstanceOf(ReachParseError)
    return e as ReachParseError
  }
  throw new Error('expected a ReachParseError')
}

describe('the seed example response', () => {
  it('is a ReachParseError naming the task and its filter_type "fake_data"', () => {
    const detail = WshotoTaskDetailAnswer.parse(JSON.parse(fixture('task-detail.seed.json'))).data!
    const err = parseError(() => toReach(detail, fetchedAt))
    expect([err.taskId, err.filterType]).toEqual([2, 'fake_data'])
    expect(err.message).toBe('微盛群发任务 2（filter_type: fake_data）无法解析：未知的 filter_type「fake_data」')
  })

  it('with a known filter_type becomes a complete Reach', () => {
    const detail = WshotoTaskDetailAnswer.parse(JSON.parse(fixture('task-detail.seed.json'))).data!
    detail.filter_range_info.filter_type = 'AllCustomerGroup'
    const r = toReach(detail, fetchedAt)
    expect(Reach.parse(r)).toEqual(r)
    expect(r).toEqual({
      taskId: 2,
      name: 'fake_data',
      type: { code: 10, label: '企业群发客户', target: 'customer', sender: 'corp' },
      status: { code: 1, label: '创建中', inProgress: true },
      createdBy: 'fake_data',
      createdAt: '1970-01-01T00:00:37.000Z',
      sendAt: '1970-01-01T00:00:57.000Z',
      endAt: '1970-01-01T00:00:59.000Z',
      content: 'fake_data',
      staff: { planned: 27, notSent: 79, succeeded: 25, failed: 80 },
      targets: { planned: 67, notSent: 73, delivered: 3, failed: 5, excess: 72 },
      rates: { delivery: 0.0448, staffCompletion: 0.9259 },
      interactions: null,
      materials: [
        {
          id: 73,
          type: 42,
          title: 'fake_data',
          combinationId: 'fake_data',
          packageConfigId: 'fake_data',
          activityKind: 'groupBuy',
          state: 'ok',
          stateLabel: '正常',
        },
      ],
      audience: {
        kind: 'allGroups',
        label: '全部客户群',
        allCustomers: false,
        allGroups: true,
        allStaff: false,
        unrecognized: [],
        summary: '全部客户群',
      },
      fetchedAt: '2024-08-15T08:00:00.000Z',
      stale: null,
      names: { staff: {}, departments: {} },
    })
  })
})

describe('audience from each filter_type (seed range_info, verbatim)', () => {
  it('CorpSend2Customer', () => {
    const a = only(seedAudience('CorpSend2Customer', 10), 'corpToCustomers')
    expect(a.addedBy).toEqual({
      staffIds: ['test_a29da7427c0b'],
      departmentIds: [70],
      staffTags: [{ id: 'test_cf873d1ac9f7', name: 'test_bcbcda0f2044' }],
    })
    expect(a.addedBetween).toEqual({ from: 'test_4c0647f811f9', to: 'test_5bb4fc1407f0' })
    expect(a.includeTags).toEqual({
      rule: null,
      tags: [{ id: 'test_98b8d38873c3', name: 'test_181bbb44e510', type: 'unknown', valid: false }],
    })
    expect(a.excludeTags).toEqual({
      rule: null,
      tags: [{ id: 'test_f4d73ff89f52', name: 'test_59a276f69935', type: 'unknown', valid: false }],
    })
    expect(a.regions).toEqual([{ code: 'test_7fd3e441dcaa', name: 'test_c71ede997fd2' }])
    expect(a.groupChats).toEqual([{ id: 'test_469d073c6571', name: 'test_906189133a0a', state: 'unknown' }])
    expect([a.gender, a.ageRange]).toEqual([null, null])
    expect([a.remarkKeywords, a.descriptionKeywords]).toEqual([['test_2d7032436521'], ['test_1eeed2458a9e']])
    expect(a.tagGroups).toEqual([
      {
        id: 'test_ef638e554830',
        name: 'test_374d81e0a629',
        tags: [{ id: 'test_bf05801bf258', name: 'test_de1089a9b027', type: 'unknown', valid: false }],
      },
    ])
    expect(a.unrecognized).toEqual([
      { field: 'includeTags', value: '99' },
      { field: 'excludeTags', value: '41' },
      { field: 'gender', value: 'test_d56c33a50723' },
      { field: 'ageRange', value: 'test_dce6b7dfb984' },
    ])
    expect(a.summary).toBe(
      '企业群发客户 · 添加人：1 名员工、1 个部门、1 个员工标签 · 添加时间：test_4c0647f811f9 至 test_5bb4fc1407f0 · 包含标签：test_181bbb44e510 · 排除标签：test_59a276f69935 · 客户标签：test_de1089a9b027 · 地区：test_c71ede997fd2 · 所在群聊：test_906189133a0a · 备注含：test_2d7032436521 · 描述含：test_1eeed2458a9e · 未识别：包含标签规则 99、排除标签规则 41、性别 test_d56c33a50723、年龄 test_dce6b7dfb984',
    )
  })

  it('StaffSend2Customer (regions under `location`, chosen customers deduplicated)', () => {
    const a = only(seedAudience('StaffSend2Customer', 13), 'staffToCustomers')
    expect(a.addedBy.staffIds).toEqual(['test_3b12d07f9f79'])
    expect(a.regions).toEqual([{ code: 'test_6f5f8d0d3166', name: 'test_b1adf675efac' }])
    expect(a.groupChats).toEqual([{ id: 'test_860dcd5105c1', name: 'test_014a2b2d59b6', state: 'unknown' }])
    expect(a.excludeTags).toEqual({
      rule: 'any',
      tags: [{ id: 'test_060646392dbc', name: 'test_efe85ea157c9', type: 'corp', valid: false }],
    })
    expect(a.tagGroups[0]?.tags[0]).toEqual({ id: 'test_161e0111c553', name: 'test_da082681a55d', type: 'unknown', valid: false })
    expect(a.staffCustomers).toEqual([
      { staffId: 'user_id_1', customerIds: ['customer_id_1', 'customer_id_2'] },
      { staffId: 'user_id_2', customerIds: ['customer_id_2'] },
    ])
    expect('includeTags' in a).toBe(false)
    expect(a.summary).toBe(
      '个人群发客户 · 添加人：1 名员工、1 个部门、1 个员工标签 · 添加时间：test_201623c4a398 至 test_eab3b51f2116 · 排除标签：test_efe85ea157c9 · 客户标签：test_da082681a55d · 地区：test_b1adf675efac · 所在群聊：test_014a2b2d59b6 · 备注含：test_87c854a5a342 · 描述含：test_7a875eb54ba1 · 指定客户：2 名员工的 2 位客户 · 未识别：性别 test_88f881455368、年龄 test_b7b658854566',
    )
  })

  it('CorpSend2CustomerGroup', () => {
    const a = only(seedAudience('CorpSend2CustomerGroup', 11), 'corpToGroups')
    expect(a.groupOwners).toEqual({
      staffIds: ['test_3b12d07f9f79'],
      departmentIds: [70],
      staffTags: [{ id: 'test_cf873d1ac9f7', name: 'test_bcbcda0f2044' }],
    })
    expect(a.groupNames).toEqual(['test_8f72fdd13a44'])
    expect(a.includeTags).toEqual({
      rule: 'any',
      tags: [{ id: 'test_b9ad882b3982', name: 'test_29686622a69a', type: 'unknown', valid: false }],
    })
    expect(a.excludeTags).toEqual({
      rule: 'any',
      tags: [{ id: 'test_eba0a6acfc58', name: 'test_ac31d14e1d68', type: 'corp', valid: false }],
    })
    expect(a.staffGroups).toEqual([
      { staffId: 'user_id_1', chatIds: ['chat_id_1', 'chat_id_2'] },
      { staffId: 'user_id_2', chatIds: ['chat_id_2'] },
    ])
    expect(a.summary).toBe(
      '企业群发客户群 · 群主：1 名员工、1 个部门、1 个员工标签 · 群名：test_8f72fdd13a44 · 包含标签：test_29686622a69a · 排除标签：test_ac31d14e1d68 · 指定客户群：2 名员工的 2 个群',
    )
  })

  it('StaffSend2CustomerGroup', () => {
    const a = only(seedAudience('StaffSend2CustomerGroup', 14), 'staffToGroups')
    expect(a.groupNames).toEqual(['test_1f66bf99bec8'])
    expect(a.includeTags?.tags.map((t) => t.id)).toEqual(['test_a99774bba9a7'])
    expect(a.excludeTags?.tags.map((t) => t.id)).toEqual(['test_ed2895d6af07'])
    expect(a.summary).toBe(
      '个人群发客户群 · 群主：1 名员工、1 个部门、1 个员工标签 · 群名：test_1f66bf99bec8 · 包含标签：test_2040f8120c79 · 排除标签：test_5aeb900305ec · 指定客户群：2 名员工的 2 个群',
    )
  })

  it('CorpSend2Moment', () => {
    const a = only(seedAudience('CorpSend2Moment', 12), 'corpMoments')
    expect(a.postedBy.departmentIds).toEqual([70])
    expect(a.tagGroups).toEqual([
      { id: 'fake_data', name: 'fake_data', tags: [{ id: 'fake_data', name: 'fake_data', type: 'corp', valid: true }] },
    ])
    expect(a.summary).toBe('企业发表朋友圈 · 发表员工：1 名员工、1 个部门、1 个员工标签 · 客户标签：fake_data')
  })

  it('StaffSend2Moment', () => {
    const a = only(seedAudience('StaffSend2Moment', 15), 'staffMoments')
    expect(a.tagGroups[0]).toMatchObject({ id: 'test_e54579846213', name: 'test_ea11a09b1be2' })
    expect(a.excludeTags).toEqual({
      rule: 'any',
      tags: [{ id: 'test_06be1a5c82ad', name: 'test_6f6780caa349', type: 'unknown', valid: false }],
    })
    expect(a.summary).toBe(
      '个人发表朋友圈 · 发表员工：1 名员工、1 个部门、1 个员工标签 · 客户标签：test_cbc52c3f07bf · 排除标签：test_6f6780caa349',
    )
  })

  it('OpenSend2Customer and OpenSend2CustomerGroup', () => {
    const c = only(seedAudience('OpenSend2Customer', 10), 'chosenCustomers')
    expect(c.staffCustomers).toEqual([
      { staffId: 'user_id_1', customerIds: ['customer_id_1', 'customer_id_2'] },
      { staffId: 'user_id_2', customerIds: ['customer_id_2'] },
    ])
    expect(c.summary).toBe('指定员工发送给指定客户 · 指定客户：2 名员工的 2 位客户')
    const g = only(seedAudience('OpenSend2CustomerGroup', 11), 'chosenGroups')
    expect(g.staffGroups.map((s) => s.chatIds)).toEqual([['chat_id_1', 'chat_id_2'], ['chat_id_2']])
    expect(g.summary).toBe('指定员工发送给指定客户群 · 指定客户群：2 名员工的 2 个群')
  })

  it('CrowdPack', () => {
    const a = only(seedAudience('CrowdPack', 10), 'crowdPacks')
    expect(a.tenantId).toBe('test_tenant_id')
    expect(a.crowdPacks).toEqual([{ id: 54579846213, name: '人群包', deleted: false }])
    expect(a.summary).toBe('人群包 · 人群包：人群包')
    const deleted = audienceOf(
      'CrowdPack',
      JSON.stringify({
        crowd_packs: [
          { id: 1, name: '老客', deleted: 1 },
          { id: '2', name: '', deleted: 0 },
        ],
      }),
    )
    expect(deleted.summary).toBe('人群包 · 人群包：老客（已删除）、2')
  })

  it('AllCustomer and AllCustomerGroup ignore range_info and still work', () => {
    expect(audienceOf('AllCustomer', 'fake_data').summary).toBe('全部客户')
    expect(audienceOf('AllCustomer', null, 10, { all_staff: true, is_all_customer: true })).toEqual({
      kind: 'allCustomers',
      label: '全部客户',
      allCustomers: true,
      allGroups: false,
      allStaff: true,
      unrecognized: [],
      summary: '全部客户 · 全部员工',
    })
    expect(audienceOf('AllCustomerGroup', undefined, 11).summary).toBe('全部客户群')
  })
})

describe('audience summary in words', () => {
  const tags = (...names: string[]) => names.map((n, i) => ({ tag_id: `t${i}`, tag_name: n, tag_type: 1, status: 0 }))
  const corp = (range: Record<string, unknown>, flags: Record<string, unknown> = {}) =>
    audienceOf('CorpSend2Customer', JSON.stringify(range), 10, flags)

  it('reads like the product example', () => {
    const a = corp({
      add_user_range: { user_ids: ['u1', 'u2', 'u3'], dept_ids: [1, '2'] },
      include_tags: { operator: 1, tag_detail_list: tags('A', 'B') },
      exclude_tags: { operator: 1, tag_detail_list: tags('C') },
    })
    expect(a.summary).toBe('企业群发客户 · 添加人：3 名员工、2 个部门 · 包含标签：A 或 B · 排除标签：C')
    expect(audienceSummary(a)).toBe(a.summary)
  })

  it('names each tag rule', () => {
    const rule = (operator: number) =>
      corp({ include_tags: { operator, tag_detail_list: tags('A', 'B') }, exclude_tags: { operator, tag_detail_list: tags('C') } }).summary
    expect(rule(2)).toBe('企业群发客户 · 包含标签：A 且 B · 排除标签：C')
    expect(rule(3)).toBe('企业群发客户 · 无标签客户 · 排除无标签客户')
    expect(rule(4)).toBe('企业群发客户 · 包含标签（同组为或、不同组为且）：A、B · 排除标签（同组为或、不同组为且）：C')
    expect(corp({ include_tags: { operator: 3, tag_detail_list: [] } }).summary).toBe('企业群发客户 · 无标签客户')
    expect(corp({ include_tags: { operator: 1, tag_detail_list: [] } }).summary).toBe('企业群发客户')
  })

  it('shortens long lists and spells out every customer filter', () => {
    const a = only(
      corp(
        {
          add_time_range: { start_time: '2024-01-01 00:00:00', end_time: '' },
          include_tags: { operator: 1, tag_detail_list: tags('A', 'B', 'C', 'D', 'E') },
          locations: [
            { region_code: '420115', region_remark: '湖北省,武汉市,江夏区' },
            { region_code: '110101', region_remark: '北京市,北京市,东城区' },
          ],
          chat_list: ['0', '0100', '0101', 201, '0202', 203, null].map((status, i) => ({
            chat_id: `c${i}`,
            chat_name: i ? '' : '老客群',
            status,
          })),
          sex: 'm',
          age_range: '25~30',
          remark_key_words: ['VIP'],
        },
        { all_staff: true, is_all_customer: true },
      ),
      'corpToCustomers',
    )
    expect(a.groupChats.map((c) => c.state)).toEqual([
      'ok',
      'invalidId',
      'dismissed',
      'ownerOutOfScope',
      'accountExpired',
      'ownerInactive',
      'unknown',
    ])
    expect([a.gender, a.ageRange, a.addedBetween]).toEqual(['male', { min: 25, max: 30 }, { from: '2024-01-01 00:00:00', to: null }])
    expect(a.summary).toBe(
      '企业群发客户 · 全部客户 · 添加人：全部员工 · 添加时间：2024-01-01 00:00:00 之后 · 包含标签：A 或 B 或 C 等 5 个标签 · 地区：湖北省武汉市江夏区、北京市东城区 · 所在群聊：老客群、c1、c2 等 7 个群 · 性别：男 · 年龄：25~30 岁 · 备注含：VIP',
    )
    expect(corp({ sex: 'ALL', age_range: '~40', add_time_range: { end_time: '2024-02-01 00:00:00' } }).summary).toBe(
      '企业群发客户 · 添加时间：2024-02-01 00:00:00 之前 · 年龄：40 岁及以下',
    )
    expect(corp({ sex: 'UNKNOW', age_range: '18~' }).summary).toBe('企业群发客户 · 性别：未知 · 年龄：18 岁及以上')
  })
})

describe('malformed range_info', () => {
  const run = (filterType: string, rangeInfo: unknown, overrides: Record<string, unknown> = {}) =>
    parseError(() => toReach(task({ task_id: 7, ...overrides }, { filter_type: filterType, range_info: rangeInfo }), fetchedAt))

  it('is a ReachParseError, never a crash', () => {
    expect(run('CorpSend2Customer', '{"add_user_range":').message).toBe(
      '微盛群发任务 7（filter_type: CorpSend2Customer）无法解析：range_info 不是合法的 JSON（"{\\"add_user_range\\":"）',
    )
    expect(run('CorpSend2Customer', 'fake_data').reason).toMatch(/^range_info 不是合法的 JSON/)
    const shape = run('StaffSend2Customer', '{"add_user_range":{"user_ids":"u1"}}')
    expect([shape.taskId, shape.filterType]).toEqual([7, 'StaffSend2Customer'])
    expect(shape.reason).toMatch(/^range_info 不符合 StaffSend2Customer 的格式（add_user_range\.user_ids: /)
    expect(run('CrowdPack', '[]').reason).toMatch(/^range_info 不符合 CrowdPack 的格式（\(根\): /)
    expect(run('OpenSend2Customer', '"text"').reason).toMatch(/^range_info 不符合 OpenSend2Customer/)
    expect(run('allcustomer', '{}').reason).toBe('未知的 filter_type「allcustomer」')
    expect(run('', '{}').message).toBe('微盛群发任务 7（filter_type: 空）无法解析：未知的 filter_type「」')
  })

  it('unknown type or status codes are ReachParseErrors too', () => {
    expect(run('AllCustomer', '', { type: 16 }).reason).toBe('未知的群发类型 type=16')
    expect(run('AllCustomer', '', { task_status: 6 }).reason).toBe('未知的任务状态 task_status=6')
  })

  it('an empty, null or already-decoded range_info is read, not rejected', () => {
    expect(audienceOf('CorpSend2Customer', '').summary).toBe('企业群发客户')
    expect(audienceOf('CorpSend2Customer', 'null').summary).toBe('企业群发客户')
    expect(audienceOf('OpenSend2Customer', { user_customer_info: { u1: ['c1'] } }).summary).toBe(
      '指定员工发送给指定客户 · 指定客户：1 名员工的 1 位客户',
    )
  })
})

describe('figures', () => {
  it('times: milliseconds above 10^12, seconds below, 0 or null is no time', () => {
    expect(vendorTime(1723708800)).toBe('2024-08-15T08:00:00.000Z')
    expect(vendorTime(1723708800123)).toBe('2024-08-15T08:00:00.123Z')
    expect(vendorTime(1_000_000_000_001)).toBe('2001-09-09T01:46:40.001Z')
    // Exactly 10^12 still counts as seconds, which is past the year 9999: not a time.
    expect(() => vendorTime(1_000_000_000_000)).toThrow(RangeError)
    expect(parseError(() => toReach(task({ send_time: 999_999_999_999 }), fetchedAt)).reason).toBe(
      'send_time=999999999999 不是可识别的时间',
    )
    expect([vendorTime(0), vendorTime(null), vendorTime(-5)]).toEqual([null, null, null])
    const r = reach({ send_time: '1723708800', end_time: 1723712400000, create_time: 0 })
    expect([r.sendAt, r.endAt, r.createdAt]).toEqual(['2024-08-15T08:00:00.000Z', '2024-08-15T09:00:00.000Z', null])
    expect(reach({ end_time: null }).endAt).toBeNull()
  })

  it('counts from numeric strings, never negative', () => {
    const r = reach({ plan_staff_qty: '10', success_staff_qty: '4', fail_target_qty: -3, no_send_staff_qty: '-1' })
    expect(r.staff).toEqual({ planned: 10, notSent: 0, succeeded: 4, failed: 80 })
    expect(r.targets.failed).toBe(0)
    expect(r.rates.staffCompletion).toBe(0.4)
  })

  it('rates: null without a denominator, rounded to 4 decimals, at most 1', () => {
    expect(reach({ plan_target_qty: 0, plan_staff_qty: 0 }).rates).toEqual({ delivery: null, staffCompletion: null })
    expect(reach({ plan_target_qty: -2, plan_staff_qty: '0' }).rates).toEqual({ delivery: null, staffCompletion: null })
    expect(reach({ plan_target_qty: 3, success_target_qty: 2, plan_staff_qty: 7, success_staff_qty: 1 }).rates).toEqual({
      delivery: 0.6667,
      staffCompletion: 0.1429,
    })
    expect(reach({ plan_target_qty: 3, success_target_qty: 5, plan_staff_qty: 2, success_staff_qty: 0 }).rates).toEqual({
      delivery: 1,
      staffCompletion: 0,
    })
  })

  it('interactions only for moments (12 and 15)', () => {
    const moments = { likes: { staff: 54, customers: 89 }, comments: { staff: 52, customers: 93 } }
    expect(reach({ type: 12 }).interactions).toEqual(moments)
    expect(reach({ type: 15 }).interactions).toEqual(moments)
    for (const type of [10, 11, 13, 14]) expect(reach({ type }).interactions, `type ${type}`).toBeNull()
    expect(reach({ type: 15, like_staff_qty: null, comment_customer_qty: undefined }).interactions).toEqual({
      likes: { staff: 0, customers: 89 },
      comments: { staff: 52, customers: 0 },
    })
    expect(reach({ type: 14, task_status: 5 })).toMatchObject({
      type: { code: 14, label: '个人群发客户群', target: 'group', sender: 'staff' },
      status: { code: 5, label: '关闭中', inProgress: true },
    })
    expect(reach({ task_status: -1 }).status).toEqual({ code: -1, label: '创建失败', inProgress: false })
    expect(reach({ task_status: 3 }).status).toEqual({ code: 3, label: '已结束', inProgress: false })
  })

  it('materials: activity kinds and states', () => {
    const m = (status: unknown, act: unknown) => ({
      material_id: '5',
      material_type: 3,
      title: 't',
      combination_id: '',
      status,
      act_child_type: act,
    })
    const r = reach({ material_infos: [m(-1, 2), m(1, 3), m('2', 0), m(9, null), m(null, 1)] })
    expect(r.materials.map((x) => [x.state, x.stateLabel, x.activityKind])).toEqual([
      ['deleted', '已删除', 'flashSale'],
      ['miniProgramUnauthorized', '小程序已取消授权', 'lottery'],
      ['promoCodeDeleted', '员工推广码已被删除', null],
      ['unknown', '未知状态', null],
      ['unknown', '未知状态', 'groupBuy'],
    ])
    expect(r.materials[0]).toMatchObject({ id: 5, type: 3, combinationId: null, packageConfigId: null })
    expect(reach({ material_infos: null, content: null }).materials).toEqual([])
  })
})

describe('reachPeople', () => {
  it('lists the creator and every staff member and department the audience names by id', () => {
    const detail = WshotoTaskDetailAnswer.parse(JSON.parse(fixture('task-detail.seed.json'))).data!
    detail.create_user_id = 'zhangwei'
    detail.filter_range_info.filter_type = 'CorpSend2Customer'
    detail.filter_range_info.range_info = JSON.stringify({ add_user_range: { user_ids: ['lina'], dept_ids: [2, 3], user_tags: [] } })
    const r = toReach(detail, fetchedAt)
    expect(reachPeople(r)).toEqual({ staff: ['zhangwei', 'lina'], departments: [2, 3] })
  })
})
