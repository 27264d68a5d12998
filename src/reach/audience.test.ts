import { describe, expect, it } from 'vitest'
import { Audience, AUDIENCE_KINDS, Reach, type AudienceKind } from '../../contracts/reach.js'
// Tests only: the proxy's own translation turns the seeds and the simulator's demo tasks into real audiences.
import { toReach } from '../../server/services/reach.js'
import { campaignDetail, demoCampaignSpecs } from '../../server/sim/demo-campaigns.js'
import { WshotoTaskDetail } from '../../server/upstream/wshoto/schemas.js'
import seed from '../../test/fixtures/wshoto/task-detail.seed.json'
import { audienceLines, lineText, regionName } from './audience.js'

const base = { allCustomers: false, allGroups: false, allStaff: false, unrecognized: [], summary: '' }
const tag = (name: string, extra: Partial<{ type: string; valid: boolean }> = {}) => ({
  id: `et-${name}`,
  name,
  type: 'corp',
  valid: true,
  ...extra,
})
const range = (staffIds: string[] = [], departmentIds: number[] = [], staffTags: { id: string; name: string }[] = []) => ({
  staffIds,
  departmentIds,
  staffTags,
})
const noCustomerFilters = {
  addedBy: range(),
  addedBetween: null,
  excludeTags: null,
  tagGroups: [],
  regions: [],
  groupChats: [],
  gender: null,
  ageRange: null,
  remarkKeywords: [],
  descriptionKeywords: [],
}
const noGroupFilters = { groupOwners: range(), groupNames: [], includeTags: null, excludeTags: null, staffGroups: [] }

/** An audience of `kind` held to the contract, so a test cannot build one the proxy never sends. */
const audience = (kind: AudienceKind, fields: Record<string, unknown> = {}) =>
  Audience.parse({ ...base, kind, label: AUDIENCE_KINDS[kind], ...fields })
const text = (a: Audience) => audienceLines(a).map(lineText)

describe('staff and departments by name', () => {
  const a = () =>
    audience('staffToCustomers', {
      ...noCustomerFilters,
      addedBy: range(['zhangwei', 'hidden'], [2, 9]),
      staffCustomers: [{ staffId: 'lina', customerIds: ['wm1', 'wm2'] }],
    })

  it('shows the names the reach carries, departments marked as such', () => {
    const names = { staff: { zhangwei: '张伟', hidden: '王芳', lina: '李娜' }, departments: { '2': '销售部', '9': '客服中心' } }
    expect(audienceLines(a(), names).map(lineText)).toEqual([
      '添加人：张伟、王芳、销售部（部门）、客服中心（部门）',
      '指定客户：李娜（2 位客户）',
    ])
    expect(audienceLines(a(), names).flatMap((l) => l.items.filter((i) => i.person))).toEqual([])
  })

  it('marks a name WeCom withheld for its open-data element, with the id as the words outside WeCom', () => {
    const names = { staff: { zhangwei: '张伟', hidden: null, lina: '李娜' }, departments: { '2': '销售部', '9': null } }
    const items = audienceLines(a(), names).flatMap((l) => l.items)
    expect(items.filter((i) => i.person)).toEqual([
      { text: 'hidden', note: null, warn: false, person: { id: 'hidden', kind: 'userName' } },
      { text: '部门 9', note: null, warn: false, person: { id: '9', kind: 'departmentName' } },
    ])
  })
})

describe('audience detail, one line per filter that is set', () => {
  it('allCustomers and allGroups: nothing but the staff scope', () => {
    expect(text(audience('allCustomers'))).toEqual([])
    expect(text(audience('allCustomers', { allCustomers: true, allStaff: true }))).toEqual(['员工：全部员工'])
    expect(text(audience('allGroups', { allGroups: true, allStaff: true }))).toEqual(['员工：全部员工'])
  })

  it('corpToCustomers: every customer filter, tags with their group and rule, chats with their state', () => {
    const a = audience('corpToCustomers', {
      ...noCustomerFilters,
      addedBy: range(['zhangwei', 'lina'], [2], [{ id: '5', name: '门店顾问' }]),
      addedBetween: { from: '2024-01-01 00:00:00', to: '2024-10-31 23:59:59' },
      includeTags: { rule: 'any', tags: [tag('A级'), tag('B级', { type: 'personal' })] },
      excludeTags: { rule: 'all', tags: [tag('已成交'), tag('旧标签', { valid: false })] },
      tagGroups: [{ id: 'g1', name: '意向产品', tags: [tag('智能门锁'), tag('扫地机器人')] }],
      regions: [
        { code: '330108', name: '浙江省,杭州市,滨江区' },
        { code: '110101', name: '' },
      ],
      groupChats: [
        { id: 'wr1', name: '业主1群', state: 'ok' },
        { id: 'wr2', name: '', state: 'dismissed' },
      ],
      gender: 'female',
      ageRange: { min: 25, max: null },
      remarkKeywords: ['新房'],
      descriptionKeywords: ['门锁', '装修'],
    })
    expect(text(a)).toEqual([
      '添加人：zhangwei、lina、部门 2、门店顾问（员工标签）',
      '添加时间：2024-01-01 00:00:00 至 2024-10-31 23:59:59',
      '包含标签 · 满足任意一个：A级、B级（个人标签）',
      '排除标签 · 同时满足：已成交、旧标签（已失效）',
      '客户标签 · 意向产品：智能门锁、扫地机器人',
      '地区：浙江省杭州市滨江区、110101',
      '所在群聊：业主1群（正常）、wr2（群已解散）',
      '性别：女',
      '年龄：25 岁及以上',
      '备注含：新房',
      '描述含：门锁、装修',
    ])
    const warned = audienceLines(a).flatMap((l) => l.items.filter((i) => i.warn).map((i) => i.text))
    expect(warned).toEqual(['旧标签', 'wr2'])
  })

  it('corpToCustomers without filters says nothing; gender "all" is no filter', () => {
    expect(text(audience('corpToCustomers', { ...noCustomerFilters, includeTags: null, gender: 'all' }))).toEqual([])
  })

  it('staffToCustomers: the customer filters plus each staff member and how many customers', () => {
    const a = audience('staffToCustomers', {
      ...noCustomerFilters,
      allStaff: true,
      addedBetween: { from: null, to: '2024-11-30 23:59:59' },
      excludeTags: { rule: 'untagged', tags: [] },
      ageRange: { min: null, max: 60 },
      staffCustomers: [
        { staffId: 'wangfang', customerIds: ['wm1', 'wm2', 'wm3'] },
        { staffId: 'lina', customerIds: ['wm1'] },
      ],
    })
    expect(text(a)).toEqual([
      '添加人：全部员工',
      '添加时间：2024-11-30 23:59:59 之前',
      '排除标签：无标签客户',
      '年龄：60 岁及以下',
      '指定客户：wangfang（3 位客户）、lina（1 位客户）',
    ])
  })

  it('corpToGroups and staffToGroups: owners, names, group tags and chosen chats', () => {
    const fields = {
      ...noGroupFilters,
      groupOwners: range(['lina'], [3]),
      groupNames: ['业主', 'VIP'],
      includeTags: { rule: 'groupOrAcrossAnd', tags: [tag('A级'), tag('智能照明')] },
      excludeTags: { rule: 'any', tags: [tag('C级')] },
      staffGroups: [{ staffId: 'lina', chatIds: ['wr1', 'wr2'] }],
    }
    const expected = [
      '群主：lina、部门 3',
      '群名含：业主、VIP',
      '包含群标签 · 同组为或、不同组为且：A级、智能照明',
      '排除群标签 · 满足任意一个：C级',
      '指定客户群：lina（2 个群）',
    ]
    expect(text(audience('corpToGroups', fields))).toEqual(expected)
    expect(text(audience('staffToGroups', fields))).toEqual(expected)
    expect(text(audience('corpToGroups', { ...noGroupFilters, allStaff: true }))).toEqual(['群主：全部员工'])
  })

  it('corpMoments: who posts and the customer tags', () => {
    const a = audience('corpMoments', {
      postedBy: range([], [1], [{ id: '2', name: '金牌销售' }]),
      tagGroups: [
        { id: 'g1', name: '来源渠道', tags: [tag('官网咨询'), tag('展会获客', { type: 'business' })] },
        { id: 'g2', name: '', tags: [tag('A级')] },
        { id: 'g3', name: '空组', tags: [] },
      ],
    })
    expect(text(a)).toEqual([
      '发表员工：部门 1、金牌销售（员工标签）',
      '客户标签 · 来源渠道：官网咨询、展会获客（业务标签）',
      '客户标签：A级',
    ])
  })

  it('staffMoments: who posts, customer tags and excluded tags', () => {
    const a = audience('staffMoments', {
      postedBy: range(['liuyang']),
      tagGroups: [{ id: 'g1', name: '客户等级', tags: [tag('A级')] }],
      excludeTags: { rule: 'any', tags: [tag('已成交')] },
    })
    expect(text(a)).toEqual(['发表员工：liuyang', '客户标签 · 客户等级：A级', '排除标签 · 满足任意一个：已成交'])
  })

  it('chosenCustomers and chosenGroups: each staff member and their count', () => {
    const customers = audience('chosenCustomers', { staffCustomers: [{ staffId: 'zhangwei', customerIds: ['wm1', 'wm2'] }] })
    expect(text(customers)).toEqual(['指定客户：zhangwei（2 位客户）'])
    const groups = audience('chosenGroups', { allStaff: true, staffGroups: [{ staffId: 'lina', chatIds: ['wr1'] }] })
    expect(text(groups)).toEqual(['员工：全部员工', '指定客户群：lina（1 个群）'])
  })

  it('crowdPacks: each pack, deleted ones flagged; a nameless pack by its id', () => {
    const a = audience('crowdPacks', {
      tenantId: 'wstn_1',
      crowdPacks: [
        { id: 1, name: '高意向客户', deleted: false },
        { id: 2, name: '旧人群', deleted: true },
        { id: 3, name: '', deleted: false },
      ],
    })
    expect(text(a)).toEqual(['人群包：高意向客户、旧人群（已删除）、3'])
    expect(audienceLines(a)[0]!.items.map((i) => i.warn)).toEqual([false, true, false])
  })

  it('an audience that also reaches everyone says so first', () => {
    const a = audience('corpToGroups', { ...noGroupFilters, allCustomers: true, allGroups: true })
    expect(text(a)).toEqual(['范围：全部客户、全部客户群'])
  })

  it('lists what the proxy could not read as 「无法识别」, flagged, in any kind', () => {
    const unrecognized = [
      { field: 'includeTags', value: '99' },
      { field: 'gender', value: 'X' },
      { field: 'ageRange', value: 'abc' },
    ]
    const a = audience('corpToCustomers', { ...noCustomerFilters, includeTags: { rule: null, tags: [tag('A级')] }, unrecognized })
    expect(text(a)).toEqual(['包含标签：A级', '无法识别：包含标签规则：99、性别：X、年龄：abc'])
    expect(
      audienceLines(a)
        .at(-1)!
        .items.every((i) => i.warn),
    ).toBe(true)
    expect(text(audience('allGroups', { unrecognized: [{ field: 'excludeTags', value: '7' }] }))).toEqual(['无法识别：排除标签规则：7'])
  })

  it('writes regions as the proxy does', () => {
    expect(regionName('北京市,北京市,东城区')).toBe('北京市东城区')
    expect(regionName('湖北省,武汉市,江夏区')).toBe('湖北省武汉市江夏区')
  })
})

// ---- against the proxy: the simulator's demo tasks and the vendor's seed examples

const start = Date.UTC(2025, 10, 20, 2, 0)
const demoReaches = demoCampaignSpecs.map((spec) =>
  Reach.parse(toReach(WshotoTaskDetail.parse(campaignDetail(spec, start, start + 60_000)), new Date(start + 60_000))),
)
const demo = (taskId: number) => demoReaches.find((r) => r.taskId === taskId)!
const broken = /undefined|null|NaN|\[object/

describe('the demo campaigns, as the proxy translates them', () => {
  it('cover every audience kind', () => {
    expect(new Set(demoReaches.map((r) => r.audience.kind))).toEqual(new Set(Object.keys(AUDIENCE_KINDS)))
  })

  it.each(demoReaches.map((r) => [r.taskId, r.audience.kind, r] as const))(
    '%i (%s) reads as words, with every name of the summary in the detail',
    (_id, _kind, reach) => {
      const lines = text(reach.audience)
      for (const l of lines) expect(l).not.toMatch(broken)
      const detail = lines.join('\n')
      // The summary shortens long lists ("A、B、C 等 4 个标签"); each name it does show is in the detail too.
      const parts = reach.audience.summary.split(' · ').slice(1)
      const names = parts.flatMap((p) => (p.split('：')[1] ?? '').replace(/ 等 \d+ .*$/, '').split(/、| 或 | 且 /))
      for (const name of names.filter((n) => n && !/\d+ (名员工|个部门|个员工标签|位客户|个群)/.test(n))) {
        expect(detail).toContain(name.replace(/（已删除）$/, ''))
      }
    },
  )

  it('30101 (企业群发客户) lists each filter with tag groups, a deleted tag and a dismissed chat', () => {
    expect(text(demo(30101).audience)).toEqual([
      '添加人：zhangwei、lina、liuyang、部门 2、部门 5、金牌销售（员工标签）',
      '添加时间：2024-01-01 00:00:00 至 2024-10-31 23:59:59',
      '包含标签 · 同组为或、不同组为且：全屋智能套装、智能门锁、A级·重点客户',
      '排除标签 · 满足任意一个：已成交、双十一已领券（已失效）',
      '客户标签 · 客户等级：A级·重点客户、B级·意向客户',
      '客户标签 · 意向产品：全屋智能套装、智能门锁',
      '地区：浙江省杭州市滨江区、浙江省杭州市西湖区',
      '所在群聊：滨江样板间体验群（正常）、星禾门锁VIP客户群（群已解散）',
      '年龄：25~45 岁',
      '备注含：新房、装修',
      '描述含：门锁、全屋智能',
    ])
  })

  it('30109 (人群包) flags the deleted pack; 30110 and 30111 reach everyone', () => {
    expect(text(demo(30109).audience)).toEqual(['人群包：近30天高意向客户、门锁复购潜客、双十一预热人群（旧）（已删除）'])
    expect(demo(30110).audience.summary).toBe('全部客户 · 全部员工')
    expect(text(demo(30110).audience)).toEqual(['员工：全部员工'])
    expect(text(demo(30111).audience)).toEqual(['员工：全部员工'])
  })
})

const rangeInfos = import.meta.glob<string>('../../test/fixtures/wshoto/range-info/*.json', {
  eager: true,
  query: '?raw',
  import: 'default',
})
const TYPE_OF: Record<string, number> = {
  CorpSend2Customer: 10,
  StaffSend2Customer: 13,
  CorpSend2CustomerGroup: 11,
  StaffSend2CustomerGroup: 14,
  CorpSend2Moment: 12,
  StaffSend2Moment: 15,
  OpenSend2Customer: 10,
  OpenSend2CustomerGroup: 11,
  CrowdPack: 10,
}

describe("the vendor's seed examples of range_info", () => {
  const cases = Object.entries(rangeInfos).map(([path, raw]) => [/([A-Za-z0-9]+)\.json$/.exec(path)![1]!, raw] as const)

  it('are all here', () => {
    expect(cases.map(([t]) => t).sort()).toEqual(Object.keys(TYPE_OF).sort())
  })

  it.each(cases)('%s becomes detail lines without a hole', (filterType, raw) => {
    const detail = WshotoTaskDetail.parse({
      ...seed.data,
      type: TYPE_OF[filterType],
      filter_range_info: {
        filter_type: filterType,
        is_all_customer: false,
        is_all_customer_group: false,
        all_staff: false,
        range_info: raw,
      },
    })
    const reach = Reach.parse(toReach(detail, new Date(start)))
    const lines = audienceLines(reach.audience)
    expect(lines.length).toBeGreaterThan(0)
    for (const l of lines) {
      expect(l.items.length).toBeGreaterThan(0)
      expect(lineText(l)).not.toMatch(broken)
    }
    // Seed values the proxy did not recognise (e.g. include_tags operator 99) are flagged, never dropped.
    const flagged = lines.find((l) => l.key === 'unrecognized')
    expect(flagged?.items.length ?? 0).toBe(reach.audience.unrecognized.length)
  })
})
