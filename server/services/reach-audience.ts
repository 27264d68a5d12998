import type { z } from 'zod'
import { AUDIENCE_KINDS, type Audience, type AudienceKind } from '../../contracts/reach.js'
import {
  WshotoRangeInfo,
  type WshotoChat,
  type WshotoRangeFilterType,
  type WshotoRegion,
  type WshotoTagDetail,
  type WshotoTagFilter,
  type WshotoTagGroup,
  type WshotoTaskDetail,
  type WshotoTimeRange,
  type WshotoUserRange,
} from '../upstream/wshoto/schemas.js'

type Distribute<T> = T extends unknown ? Omit<T, 'summary'> : never
/** An audience before its summary is written. */
export type AudienceFacts = Distribute<Audience>
type Notes = Audience['unrecognized']
type StaffRange = Extract<Audience, { kind: 'corpToCustomers' }>['addedBy']
type TagFilter = NonNullable<Extract<Audience, { kind: 'corpToCustomers' }>['includeTags']>
type Tag = TagFilter['tags'][number]

/**
 * A task detail whose audience cannot be read: bad JSON in range_info, a shape that does not
 * match its filter_type, or a code the proxy does not know. The caller answers 502.
 */
export class ReachParseError extends Error {
  constructor(
    readonly taskId: number,
    readonly filterType: string,
    readonly reason: string,
  ) {
    super(`微盛群发任务 ${taskId}（filter_type: ${filterType || '空'}）无法解析：${reason}`)
    this.name = 'ReachParseError'
  }
}

const uniq = (ids: readonly string[]) => [...new Set(ids)]

function staffRange(r: WshotoUserRange | null): StaffRange {
  return {
    staffIds: uniq(r?.user_ids ?? []),
    departmentIds: [...new Set(r?.dept_ids ?? [])],
    staffTags: (r?.user_tags ?? []).map((t) => ({ id: t.tag_id, name: t.tag_name })),
  }
}

const TAG_KIND_BY_CODE: Record<number, Tag['type']> = { 1: 'corp', 2: 'personal', 3: 'business' }

function tag(t: WshotoTagDetail): Tag {
  return {
    id: t.tag_id,
    name: t.tag_name,
    type: (t.tag_type !== null && TAG_KIND_BY_CODE[t.tag_type]) || 'unknown',
    // Only status 0 is documented as normal; anything else deserves a warning in the UI.
    valid: t.status === null || t.status === 0,
  }
}

const RULE_BY_OPERATOR: Record<number, NonNullable<TagFilter['rule']>> = { 1: 'any', 2: 'all', 3: 'untagged', 4: 'groupOrAcrossAnd' }

function tagFilter(field: 'includeTags' | 'excludeTags', f: WshotoTagFilter | null, notes: Notes): TagFilter | null {
  if (!f) return null
  const rule = (f.operator !== null && RULE_BY_OPERATOR[f.operator]) || null
  const tags = f.tag_detail_list.map(tag)
  // An empty tag list filters nothing, unless the rule itself is "customers without tags".
  if (tags.length === 0 && rule !== 'untagged') return null
  if (rule === null && f.operator !== null) notes.push({ field, value: String(f.operator) })
  return { rule, tags }
}

const tagGroups = (groups: WshotoTagGroup[]) =>
  groups.map((g) => ({ id: g.tag_group_id, name: g.tag_group_name, tags: g.tag_detail_list.map(tag) }))

function timeWindow(r: WshotoTimeRange | null) {
  const text = (v: string | number | null) => (v === null || v === '' ? null : String(v))
  const from = text(r?.start_time ?? null)
  const to = text(r?.end_time ?? null)
  return from === null && to === null ? null : { from, to }
}

const regions = (...lists: WshotoRegion[][]) => {
  const seen = new Map<string, { code: string; name: string }>()
  for (const r of lists.flat()) if (!seen.has(r.region_code)) seen.set(r.region_code, { code: r.region_code, name: r.region_remark })
  return [...seen.values()]
}

type ChatState = Extract<Audience, { kind: 'corpToCustomers' }>['groupChats'][number]['state']
const CHAT_STATE_BY_CODE: Record<number, ChatState> = {
  0: 'ok',
  100: 'invalidId',
  101: 'dismissed',
  201: 'ownerOutOfScope',
  202: 'accountExpired',
  203: 'ownerInactive',
}

function chatState(status: string | number | null) {
  // "0101" (string) and 101 (int) are the same code; leading zeros carry no meaning.
  const code = typeof status === 'number' ? status : status !== null && /^\d+$/.test(status.trim()) ? Number(status) : null
  return (code !== null && CHAT_STATE_BY_CODE[code]) || 'unknown'
}

const groupChats = (chats: WshotoChat[]) => chats.map((c) => ({ id: c.chat_id, name: c.chat_name, state: chatState(c.status) }))

const GENDER_BY_SEX = { ALL: 'all', M: 'male', F: 'female', UNKNOW: 'unknown', UNKNOWN: 'unknown' } as const

function gender(sex: string, notes: Notes) {
  const key = sex.trim().toUpperCase()
  if (key === '') return null
  if (key in GENDER_BY_SEX) return GENDER_BY_SEX[key as keyof typeof GENDER_BY_SEX]
  notes.push({ field: 'gender', value: sex })
  return null
}

function ageRange(text: string, notes: Notes) {
  if (text.trim() === '') return null
  const m = /^\s*(\d*)\s*~\s*(\d*)\s*$/.exec(text)
  if (!m || (m[1] === '' && m[2] === '')) {
    notes.push({ field: 'ageRange', value: text })
    return null
  }
  return { min: m[1] ? Number(m[1]) : null, max: m[2] ? Number(m[2]) : null }
}

const byStaff = (map: Record<string, string[]>) => Object.entries(map).map(([staffId, ids]) => ({ staffId, ids: uniq(ids) }))

function readRangeInfo<S extends z.ZodType>(detail: WshotoTaskDetail, filterType: string, schema: S): z.output<S> {
  const fail = (reason: string) => new ReachParseError(detail.task_id, filterType, reason)
  const raw = detail.filter_range_info.range_info
  let value: unknown = raw
  if (typeof raw === 'string') {
    // Real tasks without any filter may send an empty range_info.
    if (raw.trim() === '') value = {}
    else {
      try {
        value = JSON.parse(raw)
      } catch {
        throw fail(`range_info 不是合法的 JSON（${JSON.stringify(raw.slice(0, 40))}）`)
      }
    }
  }
  const parsed = schema.safeParse(value ?? {})
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(根)'}: ${i.message}`)
    throw fail(`range_info 不符合 ${filterType} 的格式（${issues.join('；')}）`)
  }
  return parsed.data
}

type CustomerRange = z.output<(typeof WshotoRangeInfo)['CorpSend2Customer' | 'StaffSend2Customer']>

function customerFilters(r: CustomerRange, notes: Notes) {
  return {
    addedBy: staffRange(r.add_user_range),
    addedBetween: timeWindow(r.add_time_range),
    excludeTags: tagFilter('excludeTags', r.exclude_tags, notes),
    tagGroups: tagGroups(r.tag_groups),
    regions: regions(r.locations, r.location),
    groupChats: groupChats(r.chat_list),
    gender: gender(r.sex, notes),
    ageRange: ageRange(r.age_range, notes),
    remarkKeywords: r.remark_key_words,
    descriptionKeywords: r.description_key_words,
  }
}

const isRangeFilterType = (t: string): t is WshotoRangeFilterType => Object.hasOwn(WshotoRangeInfo, t)

/** The audience of a task, read from filter_range_info; throws ReachParseError. */
export function parseAudience(detail: WshotoTaskDetail): AudienceFacts {
  const info = detail.filter_range_info
  const notes: Notes = []
  const common = <K extends AudienceKind>(kind: K) => ({
    kind,
    label: AUDIENCE_KINDS[kind],
    allCustomers: info.is_all_customer,
    allGroups: info.is_all_customer_group,
    allStaff: info.all_staff,
    unrecognized: notes,
  })
  const filterType = info.filter_type
  // AllCustomer / AllCustomerGroup have no documented range_info; whatever is there is ignored.
  if (filterType === 'AllCustomer') return common('allCustomers')
  if (filterType === 'AllCustomerGroup') return common('allGroups')
  if (!isRangeFilterType(filterType)) throw new ReachParseError(detail.task_id, filterType, `未知的 filter_type「${filterType}」`)
  const read = <S extends z.ZodType>(schema: S) => readRangeInfo(detail, filterType, schema)

  switch (filterType) {
    case 'CorpSend2Customer': {
      const r = read(WshotoRangeInfo.CorpSend2Customer)
      const includeTags = tagFilter('includeTags', r.include_tags, notes)
      return { ...common('corpToCustomers'), includeTags, ...customerFilters(r, notes) }
    }
    case 'StaffSend2Customer': {
      const r = read(WshotoRangeInfo.StaffSend2Customer)
      const staffCustomers = byStaff(r.user_customer_info).map((s) => ({ staffId: s.staffId, customerIds: s.ids }))
      return { ...common('staffToCustomers'), ...customerFilters(r, notes), staffCustomers }
    }
    case 'CorpSend2CustomerGroup':
    case 'StaffSend2CustomerGroup': {
      const r = read(WshotoRangeInfo[filterType])
      return {
        ...common(filterType === 'CorpSend2CustomerGroup' ? 'corpToGroups' : 'staffToGroups'),
        groupOwners: staffRange(r.group_owner_range),
        groupNames: r.group_name_list,
        includeTags: tagFilter('includeTags', r.include_tags, notes),
        excludeTags: tagFilter('excludeTags', r.exclude_tags, notes),
        staffGroups: byStaff(r.user_chat_info).map((s) => ({ staffId: s.staffId, chatIds: s.ids })),
      }
    }
    case 'CorpSend2Moment': {
      const r = read(WshotoRangeInfo.CorpSend2Moment)
      return { ...common('corpMoments'), postedBy: staffRange(r.add_user_range), tagGroups: tagGroups(r.tag_groups) }
    }
    case 'StaffSend2Moment': {
      const r = read(WshotoRangeInfo.StaffSend2Moment)
      return {
        ...common('staffMoments'),
        postedBy: staffRange(r.add_user_range),
        tagGroups: tagGroups(r.tag_groups),
        excludeTags: tagFilter('excludeTags', r.exclude_tags, notes),
      }
    }
    case 'OpenSend2Customer': {
      const r = read(WshotoRangeInfo.OpenSend2Customer)
      return {
        ...common('chosenCustomers'),
        staffCustomers: byStaff(r.user_customer_info).map((s) => ({ staffId: s.staffId, customerIds: s.ids })),
      }
    }
    case 'OpenSend2CustomerGroup': {
      const r = read(WshotoRangeInfo.OpenSend2CustomerGroup)
      return { ...common('chosenGroups'), staffGroups: byStaff(r.user_chat_info).map((s) => ({ staffId: s.staffId, chatIds: s.ids })) }
    }
    case 'CrowdPack': {
      const r = read(WshotoRangeInfo.CrowdPack)
      return {
        ...common('crowdPacks'),
        tenantId: r.tenant_id,
        crowdPacks: r.crowd_packs.map((p) => ({ id: p.id, name: p.name, deleted: p.deleted })),
      }
    }
  }
}
