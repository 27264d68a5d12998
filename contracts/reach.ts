import * as z from 'zod/mini'
import { Names } from './people.js'

// How far one bulk-send campaign reached: the proxy's answer to `GET /api/reach/:taskId`.
// Product words only; the vendor's task detail is translated in server/services/reach.ts.

export const TASK_TYPES = {
  10: { label: '企业群发客户', target: 'customer', sender: 'corp' },
  11: { label: '企业群发客户群', target: 'group', sender: 'corp' },
  12: { label: '企业群发朋友圈', target: 'moment', sender: 'corp' },
  13: { label: '个人群发客户', target: 'customer', sender: 'staff' },
  14: { label: '个人群发客户群', target: 'group', sender: 'staff' },
  15: { label: '个人群发朋友圈', target: 'moment', sender: 'staff' },
} as const
export type TaskTypeCode = keyof typeof TASK_TYPES

export const TASK_STATUSES = {
  [-1]: { label: '创建失败', inProgress: false },
  0: { label: '未开始', inProgress: false },
  1: { label: '创建中', inProgress: true },
  2: { label: '进行中', inProgress: true },
  3: { label: '已结束', inProgress: false },
  4: { label: '已失效', inProgress: false },
  5: { label: '关闭中', inProgress: true },
} as const
export type TaskStatusCode = keyof typeof TASK_STATUSES

export const MATERIAL_STATES = {
  ok: '正常',
  deleted: '已删除',
  miniProgramUnauthorized: '小程序已取消授权',
  promoCodeDeleted: '员工推广码已被删除',
  unknown: '未知状态',
} as const
export const ACTIVITY_KINDS = { groupBuy: '拼团', flashSale: '秒杀', lottery: '抽奖' } as const

export const GROUP_CHAT_STATES = {
  ok: '正常',
  invalidId: '群 ID 错误',
  dismissed: '群已解散',
  ownerOutOfScope: '群主不在可见范围',
  accountExpired: '账号未开通或已过期',
  ownerInactive: '群主账号未激活',
  unknown: '未知状态',
} as const
export const GENDERS = { all: '全部', male: '男', female: '女', unknown: '未知' } as const
export const TAG_RULES = { any: '满足任意一个', all: '同时满足', untagged: '无标签客户', groupOrAcrossAnd: '同组为或、不同组为且' } as const
export const TAG_KINDS = { corp: '企业标签', personal: '个人标签', business: '业务标签', unknown: '未知类型' } as const

export const AUDIENCE_KINDS = {
  allCustomers: '全部客户',
  allGroups: '全部客户群',
  corpToCustomers: '企业群发客户',
  staffToCustomers: '个人群发客户',
  corpToGroups: '企业群发客户群',
  staffToGroups: '个人群发客户群',
  corpMoments: '企业发表朋友圈',
  staffMoments: '个人发表朋友圈',
  chosenCustomers: '指定员工发送给指定客户',
  chosenGroups: '指定员工发送给指定客户群',
  crowdPacks: '人群包',
} as const
export type AudienceKind = keyof typeof AUDIENCE_KINDS

/** Filter values the proxy could not interpret; kept so nobody mistakes them for "no filter". */
export const UNRECOGNIZED_FIELDS = { includeTags: '包含标签规则', excludeTags: '排除标签规则', gender: '性别', ageRange: '年龄' } as const

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]]

const count = z.int().check(z.nonnegative())
const rate = z.nullable(z.number().check(z.gte(0), z.lte(1)))
const time = z.nullable(z.iso.datetime())

export const StaffRange = z.object({
  staffIds: z.array(z.string()),
  departmentIds: z.array(z.int()),
  staffTags: z.array(z.object({ id: z.string(), name: z.string() })),
})
export const Tag = z.object({ id: z.string(), name: z.string(), type: z.enum(keys(TAG_KINDS)), valid: z.boolean() })
/** `rule` is null when the vendor sent a rule the proxy does not know (listed in `unrecognized`). */
export const TagFilter = z.object({ rule: z.nullable(z.enum(keys(TAG_RULES))), tags: z.array(Tag) })
export const TagGroup = z.object({ id: z.string(), name: z.string(), tags: z.array(Tag) })
/** As the vendor wrote it: "yyyy-MM-dd HH:mm:ss" wall-clock text without a time zone. */
export const TimeWindow = z.object({ from: z.nullable(z.string()), to: z.nullable(z.string()) })
export const Region = z.object({ code: z.string(), name: z.string() })
export const GroupChat = z.object({ id: z.string(), name: z.string(), state: z.enum(keys(GROUP_CHAT_STATES)) })
export const AgeRange = z.object({ min: z.nullable(z.int()), max: z.nullable(z.int()) })
export const StaffCustomers = z.object({ staffId: z.string(), customerIds: z.array(z.string()) })
export const StaffGroups = z.object({ staffId: z.string(), chatIds: z.array(z.string()) })
export const CrowdPack = z.object({ id: z.int(), name: z.string(), deleted: z.boolean() })
export const Unrecognized = z.object({ field: z.enum(keys(UNRECOGNIZED_FIELDS)), value: z.string() })

const common = {
  label: z.string(),
  allCustomers: z.boolean(),
  allGroups: z.boolean(),
  allStaff: z.boolean(),
  unrecognized: z.array(Unrecognized),
  summary: z.string(),
}
const customerFilters = {
  addedBy: StaffRange,
  addedBetween: z.nullable(TimeWindow),
  excludeTags: z.nullable(TagFilter),
  tagGroups: z.array(TagGroup),
  regions: z.array(Region),
  groupChats: z.array(GroupChat),
  gender: z.nullable(z.enum(keys(GENDERS))),
  ageRange: z.nullable(AgeRange),
  remarkKeywords: z.array(z.string()),
  descriptionKeywords: z.array(z.string()),
}
const groupFilters = {
  groupOwners: StaffRange,
  groupNames: z.array(z.string()),
  includeTags: z.nullable(TagFilter),
  excludeTags: z.nullable(TagFilter),
  staffGroups: z.array(StaffGroups),
}
const member = <K extends AudienceKind, S extends z.core.$ZodLooseShape>(kind: K, shape: S) =>
  z.object({ kind: z.literal(kind), ...common, ...shape })

/** Who a campaign was aimed at, one member per vendor filter type. */
export const Audience = z.discriminatedUnion('kind', [
  member('allCustomers', {}),
  member('allGroups', {}),
  member('corpToCustomers', { ...customerFilters, includeTags: z.nullable(TagFilter) }),
  member('staffToCustomers', { ...customerFilters, staffCustomers: z.array(StaffCustomers) }),
  member('corpToGroups', groupFilters),
  member('staffToGroups', groupFilters),
  member('corpMoments', { postedBy: StaffRange, tagGroups: z.array(TagGroup) }),
  member('staffMoments', { postedBy: StaffRange, tagGroups: z.array(TagGroup), excludeTags: z.nullable(TagFilter) }),
  member('chosenCustomers', { staffCustomers: z.array(StaffCustomers) }),
  member('chosenGroups', { staffGroups: z.array(StaffGroups) }),
  member('crowdPacks', { tenantId: z.nullable(z.string()), crowdPacks: z.array(CrowdPack) }),
])
export type Audience = z.infer<typeof Audience>

export const ReachMaterial = z.object({
  id: z.int(),
  /** The vendor's material type code; its meanings are not published. */
  type: z.nullable(z.int()),
  title: z.string(),
  combinationId: z.nullable(z.string()),
  packageConfigId: z.nullable(z.string()),
  activityKind: z.nullable(z.enum(keys(ACTIVITY_KINDS))),
  state: z.enum(keys(MATERIAL_STATES)),
  stateLabel: z.string(),
})
export type ReachMaterial = z.infer<typeof ReachMaterial>

const typeCodes = Object.keys(TASK_TYPES).map(Number) as TaskTypeCode[]
const statusCodes = Object.keys(TASK_STATUSES).map(Number) as TaskStatusCode[]
type TypeLabel = (typeof TASK_TYPES)[TaskTypeCode]['label']
type StatusLabel = (typeof TASK_STATUSES)[TaskStatusCode]['label']
const typeLabels = Object.values(TASK_TYPES).map((t) => t.label) as [TypeLabel, ...TypeLabel[]]
const statusLabels = Object.values(TASK_STATUSES).map((s) => s.label) as [StatusLabel, ...StatusLabel[]]

export const Reach = z.object({
  taskId: z.int(),
  name: z.string(),
  type: z.object({
    code: z.literal(typeCodes),
    label: z.enum(typeLabels),
    target: z.enum(['customer', 'group', 'moment']),
    sender: z.enum(['corp', 'staff']),
  }),
  status: z.object({ code: z.literal(statusCodes), label: z.enum(statusLabels), inProgress: z.boolean() }),
  createdBy: z.string(),
  createdAt: time,
  sendAt: time,
  endAt: time,
  content: z.string(),
  staff: z.object({ planned: count, notSent: count, succeeded: count, failed: count }),
  targets: z.object({ planned: count, notSent: count, delivered: count, failed: count, excess: count }),
  /** Shares in 0..1, four decimals; null when nothing was planned. */
  rates: z.object({ delivery: rate, staffCompletion: rate }),
  /** Moments only (types 12 and 15). */
  interactions: z.nullable(
    z.object({
      likes: z.object({ staff: count, customers: count }),
      comments: z.object({ staff: count, customers: count }),
    }),
  ),
  materials: z.array(ReachMaterial),
  audience: Audience,
  /** Names for `createdBy` and the audience's staff and departments. */
  names: Names,
  fetchedAt: z.iso.datetime(),
  /**
   * Set when WShoto could not be reached and these are the last figures the proxy fetched (kept in the database):
   * `since` is when they were fetched, `reason` says why in words. Null for fresh figures.
   */
  stale: z.nullable(z.object({ since: z.iso.datetime(), reason: z.string() })),
})
export type Reach = z.infer<typeof Reach>

/** What a reach snapshot keeps for the campaign's history: its counts and rates, as `Reach` has them. */
export const ReachFigures = z.object({ staff: Reach.shape.staff, targets: Reach.shape.targets, rates: Reach.shape.rates })
export type ReachFigures = z.infer<typeof ReachFigures>

/** One measurement of a campaign's reach: when WShoto gave it, and its shares and counts. */
export const ReachPoint = z.object({
  fetchedAt: z.iso.datetime(),
  /** Shares in 0..1; null when nothing was planned. */
  delivery: rate,
  staffCompletion: rate,
  targets: z.object({ planned: count, delivered: count }),
  staff: z.object({ planned: count, succeeded: count }),
})
export type ReachPoint = z.infer<typeof ReachPoint>

/**
 * A campaign's reach over time, oldest first: at most `REACH_HISTORY_POINTS` points spread evenly over the time
 * measured (the latest always included). `measured`: how many snapshots are kept (within `REACH_HISTORY_DAYS`).
 */
export const ReachHistory = z.object({ taskId: z.int(), measured: count, points: z.array(ReachPoint) })
export type ReachHistory = z.infer<typeof ReachHistory>

/** The most points a history answers: enough for a chart a sidebar wide, small enough to send every poll. */
export const REACH_HISTORY_POINTS = 200
