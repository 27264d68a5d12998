import {
  ACTIVITY_KINDS,
  GENDERS,
  MATERIAL_STATES,
  TASK_STATUSES,
  TASK_TYPES,
  UNRECOGNIZED_FIELDS,
  type Audience,
  type Reach,
  type ReachMaterial,
  type TaskStatusCode,
  type TaskTypeCode,
} from '../../contracts/reach.js'
import type { WshotoMaterialInfo, WshotoTaskDetail } from '../upstream/wshoto/schemas.js'
import { parseAudience, ReachParseError, type AudienceFacts } from './reach-audience.js'

export { ReachParseError, parseAudience, type AudienceFacts } from './reach-audience.js'

const LAST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/**
 * The vendor's `long` times carry no unit: above 10^12 they can only be milliseconds.
 * Throws a RangeError for a value that is no calendar time at all (past the year 9999).
 */
export function vendorTime(value: number | null): string | null {
  if (value === null || value <= 0) return null
  const ms = value > 1e12 ? value : value * 1000
  if (!Number.isFinite(ms) || ms > LAST_MS) throw new RangeError(`${value} is not a time`)
  return new Date(ms).toISOString()
}

const count = (n: number) => Math.max(0, n)

function rate(part: number, whole: number): number | null {
  if (whole <= 0) return null
  // Vendor figures refresh independently, so "delivered" can briefly exceed "planned".
  return Math.round(Math.min(1, Math.max(0, part / whole)) * 10_000) / 10_000
}

const ACTIVITY_BY_CODE: Record<number, keyof typeof ACTIVITY_KINDS> = { 1: 'groupBuy', 2: 'flashSale', 3: 'lottery' }
const MATERIAL_STATE_BY_CODE: Record<number, keyof typeof MATERIAL_STATES> = {
  0: 'ok',
  [-1]: 'deleted',
  1: 'miniProgramUnauthorized',
  2: 'promoCodeDeleted',
}

function material(m: WshotoMaterialInfo): ReachMaterial {
  const state = (m.status !== null && MATERIAL_STATE_BY_CODE[m.status]) || 'unknown'
  return {
    id: m.material_id,
    type: m.material_type,
    title: m.title,
    combinationId: m.combination_id || null,
    packageConfigId: m.package_config_id || null,
    activityKind: (m.act_child_type !== null && ACTIVITY_BY_CODE[m.act_child_type]) || null,
    state,
    stateLabel: MATERIAL_STATES[state],
  }
}

const isTypeCode = (n: number): n is TaskTypeCode => Object.hasOwn(TASK_TYPES, n)
const isStatusCode = (n: number): n is TaskStatusCode => Object.hasOwn(TASK_STATUSES, n)

/** Translate a WShoto task detail into the proxy's answer. Pure; throws ReachParseError. */
export function toReach(detail: WshotoTaskDetail, fetchedAt: Date): Reach {
  const filterType = detail.filter_range_info.filter_type
  if (!isTypeCode(detail.type)) throw new ReachParseError(detail.task_id, filterType, `未知的群发类型 type=${detail.type}`)
  if (!isStatusCode(detail.task_status))
    throw new ReachParseError(detail.task_id, filterType, `未知的任务状态 task_status=${detail.task_status}`)
  const type = TASK_TYPES[detail.type]
  const status = TASK_STATUSES[detail.task_status]
  const staff = {
    planned: count(detail.plan_staff_qty),
    notSent: count(detail.no_send_staff_qty),
    succeeded: count(detail.success_staff_qty),
    failed: count(detail.fail_staff_qty),
  }
  const targets = {
    planned: count(detail.plan_target_qty),
    notSent: count(detail.no_send_target_qty),
    delivered: count(detail.success_target_qty),
    failed: count(detail.fail_target_qty),
    excess: count(detail.excess_target_qty),
  }
  const at = (field: 'create_time' | 'send_time' | 'end_time') => {
    try {
      return vendorTime(detail[field])
    } catch {
      throw new ReachParseError(detail.task_id, filterType, `${field}=${detail[field]} 不是可识别的时间`)
    }
  }
  const facts = parseAudience(detail)
  return {
    taskId: detail.task_id,
    name: detail.task_name,
    type: { code: detail.type, label: type.label, target: type.target, sender: type.sender },
    status: { code: detail.task_status, label: status.label, inProgress: status.inProgress },
    createdBy: detail.create_user_id,
    createdAt: at('create_time'),
    sendAt: at('send_time'),
    endAt: at('end_time'),
    content: detail.content,
    staff,
    targets,
    rates: { delivery: rate(targets.delivered, targets.planned), staffCompletion: rate(staff.succeeded, staff.planned) },
    interactions:
      type.target === 'moment'
        ? {
            likes: { staff: count(detail.like_staff_qty), customers: count(detail.like_customer_qty) },
            comments: { staff: count(detail.comment_staff_qty), customers: count(detail.comment_customer_qty) },
          }
        : null,
    materials: detail.material_infos.map(material),
    audience: { ...facts, summary: audienceSummary(facts) },
    // Filled by CampaignService from WeCom's directory.
    names: { staff: {}, departments: {} },
    fetchedAt: fetchedAt.toISOString(),
    stale: null,
  }
}

// ---- the audience in words

type Facts<K extends Audience['kind']> = Extract<AudienceFacts, { kind: K }>
type StaffRange = Facts<'corpToCustomers'>['addedBy']
type TagFilter = NonNullable<Facts<'corpToCustomers'>['includeTags']>
type Tag = TagFilter['tags'][number]

const SHOWN = 3

/** "A、B、C 等 5 个标签": long lists shrink to their first few names. */
function names(items: string[], unit: string, joiner = '、'): string {
  const shown = items.slice(0, SHOWN).join(joiner)
  return items.length > SHOWN ? `${shown} 等 ${items.length} ${unit}` : shown
}

const tagName = (t: Tag) => t.name || t.id

function staffPart(title: string, range: StaffRange, allStaff: boolean): string | null {
  if (allStaff) return `${title}：全部员工`
  const bits = [
    range.staffIds.length && `${range.staffIds.length} 名员工`,
    range.departmentIds.length && `${range.departmentIds.length} 个部门`,
    range.staffTags.length && `${range.staffTags.length} 个员工标签`,
  ].filter(Boolean)
  return bits.length ? `${title}：${bits.join('、')}` : null
}

function tagPart(title: '包含' | '排除', f: TagFilter | null): string | null {
  if (!f) return null
  if (f.rule === 'untagged') return title === '包含' ? '无标签客户' : '排除无标签客户'
  const list = f.tags.map(tagName)
  if (f.rule === 'any') return `${title}标签：${names(list, '个标签', ' 或 ')}`
  if (f.rule === 'all') return `${title}标签：${names(list, '个标签', ' 且 ')}`
  if (f.rule === 'groupOrAcrossAnd') return `${title}标签（同组为或、不同组为且）：${names(list, '个标签')}`
  return `${title}标签：${names(list, '个标签')}`
}

function listPart(title: string, items: string[], unit: string): string | null {
  return items.length ? `${title}：${names(items, unit)}` : null
}

function windowPart(w: Facts<'corpToCustomers'>['addedBetween']): string | null {
  if (!w) return null
  if (w.from && w.to) return `添加时间：${w.from} 至 ${w.to}`
  return w.from ? `添加时间：${w.from} 之后` : `添加时间：${w.to} 之前`
}

function agePart(a: Facts<'corpToCustomers'>['ageRange']): string | null {
  if (!a) return null
  if (a.min !== null && a.max !== null) return `年龄：${a.min}~${a.max} 岁`
  return a.min !== null ? `年龄：${a.min} 岁及以上` : `年龄：${a.max} 岁及以下`
}

/** "湖北省,武汉市,江夏区" → "湖北省武汉市江夏区"; "北京市,北京市,东城区" → "北京市东城区". */
const regionName = (name: string) =>
  name
    .split(',')
    .filter((p, i, all) => p !== all[i - 1])
    .join('')

function customerParts(a: Facts<'corpToCustomers'> | Facts<'staffToCustomers'>): (string | null)[] {
  return [
    windowPart(a.addedBetween),
    tagPart('包含', 'includeTags' in a ? a.includeTags : null),
    tagPart('排除', a.excludeTags),
    listPart(
      '客户标签',
      a.tagGroups.flatMap((g) => g.tags.map(tagName)),
      '个标签',
    ),
    listPart(
      '地区',
      a.regions.map((r) => regionName(r.name) || r.code),
      '个地区',
    ),
    listPart(
      '所在群聊',
      a.groupChats.map((c) => c.name || c.id),
      '个群',
    ),
    a.gender && a.gender !== 'all' ? `性别：${GENDERS[a.gender]}` : null,
    agePart(a.ageRange),
    listPart('备注含', a.remarkKeywords, '个关键词'),
    listPart('描述含', a.descriptionKeywords, '个关键词'),
  ]
}

function chosenPart(title: string, rows: { staffId: string; ids: string[] }[], unit: string): string | null {
  if (rows.length === 0) return null
  const targets = new Set(rows.flatMap((r) => r.ids)).size
  return `${title}：${rows.length} 名员工的 ${targets} ${unit}`
}

/** The audience in one line of words, e.g. 「企业群发客户 · 添加人：3 名员工、2 个部门 · 包含标签：A 或 B」. */
export function audienceSummary(a: AudienceFacts): string {
  const parts: (string | null)[] = [a.label]
  if (a.allCustomers && a.kind !== 'allCustomers') parts.push('全部客户')
  if (a.allGroups && a.kind !== 'allGroups') parts.push('全部客户群')
  switch (a.kind) {
    case 'corpToCustomers':
    case 'staffToCustomers':
      parts.push(staffPart('添加人', a.addedBy, a.allStaff), ...customerParts(a))
      if (a.kind === 'staffToCustomers')
        parts.push(
          chosenPart(
            '指定客户',
            a.staffCustomers.map((s) => ({ staffId: s.staffId, ids: s.customerIds })),
            '位客户',
          ),
        )
      break
    case 'corpToGroups':
    case 'staffToGroups':
      parts.push(
        staffPart('群主', a.groupOwners, a.allStaff),
        listPart('群名', a.groupNames, '个群名'),
        tagPart('包含', a.includeTags),
        tagPart('排除', a.excludeTags),
        chosenPart(
          '指定客户群',
          a.staffGroups.map((s) => ({ staffId: s.staffId, ids: s.chatIds })),
          '个群',
        ),
      )
      break
    case 'corpMoments':
    case 'staffMoments':
      parts.push(
        staffPart('发表员工', a.postedBy, a.allStaff),
        listPart(
          '客户标签',
          a.tagGroups.flatMap((g) => g.tags.map(tagName)),
          '个标签',
        ),
        tagPart('排除', 'excludeTags' in a ? a.excludeTags : null),
      )
      break
    case 'chosenCustomers':
      parts.push(
        a.allStaff ? '全部员工' : null,
        chosenPart(
          '指定客户',
          a.staffCustomers.map((s) => ({ staffId: s.staffId, ids: s.customerIds })),
          '位客户',
        ),
      )
      break
    case 'chosenGroups':
      parts.push(
        a.allStaff ? '全部员工' : null,
        chosenPart(
          '指定客户群',
          a.staffGroups.map((s) => ({ staffId: s.staffId, ids: s.chatIds })),
          '个群',
        ),
      )
      break
    case 'crowdPacks':
      parts.push(
        a.allStaff ? '全部员工' : null,
        listPart(
          '人群包',
          a.crowdPacks.map((p) => (p.name || String(p.id)) + (p.deleted ? '（已删除）' : '')),
          '个人群包',
        ),
      )
      break
    case 'allCustomers':
    case 'allGroups':
      parts.push(a.allStaff ? '全部员工' : null)
      break
  }
  if (a.unrecognized.length) parts.push(`未识别：${a.unrecognized.map((n) => `${UNRECOGNIZED_FIELDS[n.field]} ${n.value}`).join('、')}`)
  return parts.filter((p): p is string => Boolean(p)).join(' · ')
}

/** The staff and departments a reach names by id: its creator and the audience's staff ranges and pairs. */
export function reachPeople(reach: Reach): { staff: string[]; departments: number[] } {
  const staff = [reach.createdBy]
  const departments: number[] = []
  const a = reach.audience as Record<string, unknown>
  for (const key of ['addedBy', 'groupOwners', 'postedBy']) {
    const range = a[key] as { staffIds: string[]; departmentIds: number[] } | undefined
    if (!range) continue
    staff.push(...range.staffIds)
    departments.push(...range.departmentIds)
  }
  for (const key of ['staffCustomers', 'staffGroups']) {
    const rows = a[key] as { staffId: string }[] | undefined
    if (rows) staff.push(...rows.map((r) => r.staffId))
  }
  return { staff, departments }
}
