import type { Audience } from '../../contracts/reach.js'
import { NO_NAMES, type Names } from '../../contracts/people.js'
import type { OpenDataKind } from '../host/types.js'
import { locale, messages, t, type MessageParams, type Messages } from '../i18n/index.js'

// The audience in detail: the proxy's `summary` is the headline; these lines list every filter that is set,
// one line per filter, each value separately so the view can flag the ones that no longer work.

export interface AudienceItem {
  text: string
  /** A short qualifier shown after the text: a tag's group, a chat's state, a count. */
  note: string | null
  /** Something that probably did not work as meant: a deleted tag, a dismissed chat, a value nobody recognised. */
  warn: boolean
  /** A staff member or department WeCom did not name: the view shows WeCom's open-data element there, else `text`. */
  person?: { id: string; kind: OpenDataKind }
}

export interface AudienceLine {
  key: string
  title: string
  items: AudienceItem[]
}

type Of<K extends Audience['kind']> = Extract<Audience, { kind: K }>
type StaffRange = Of<'corpToCustomers'>['addedBy']
type TagFilter = NonNullable<Of<'corpToCustomers'>['includeTags']>
type Tag = TagFilter['tags'][number]
type TagGroup = Of<'corpToCustomers'>['tagGroups'][number]

type Word = keyof Messages['campaigns']['reach']['audience']
const A = (key: Word, params?: MessageParams) => t(`campaigns.reach.audience.${key}`, params)
/** The vendor's codes in the current language (the contract's labels in Chinese). */
const codes = () => messages().campaigns.codes
/** Punctuation between words: full-width in Chinese. */
const P = () =>
  locale == 'en' ? { colon: ': ', list: ', ', open: ' (', close: ')' } : { colon: '：', list: '、', open: '（', close: '）' }

const item = (text: string, note: string | null = null, warn = false): AudienceItem => ({ text, note, warn })
const line = (key: string, title: string, items: AudienceItem[]): AudienceLine | null => (items.length ? { key, title, items } : null)

/** Enterprise tags are the usual kind; personal and business tags say so. */
function tagItem(tag: Tag): AudienceItem {
  const kind = tag.type === 'personal' || tag.type === 'business' ? codes().tagKind[tag.type] : null
  if (tag.valid) return item(tag.name || tag.id, kind)
  return item(tag.name || tag.id, kind ? `${kind} · ${A('invalidTag')}` : A('invalidTag'), true)
}

/** The names of this audience's staff and departments (the reach's `names`), set by `audienceLines`. */
let names: Names = NO_NAMES

function staffItem(id: string, note: string | null = null): AudienceItem {
  const name = names.staff[id]
  return name ? item(name, note) : { ...item(id, note), person: { id, kind: 'userName' } }
}

function departmentItem(id: number): AudienceItem {
  const name = names.departments[String(id)]
  if (name) return item(name, A('departmentNote'))
  return { ...item(A('department', { id })), person: { id: String(id), kind: 'departmentName' } }
}

function staffLine(key: string, title: string, range: StaffRange, allStaff: boolean): AudienceLine | null {
  if (allStaff) return line(key, title, [item(A('allStaff'))])
  return line(key, title, [
    ...range.staffIds.map((id) => staffItem(id)),
    ...range.departmentIds.map((id) => departmentItem(id)),
    ...range.staffTags.map((tag) => item(tag.name || tag.id, A('staffTag'))),
  ])
}

function tagFilterLine(key: string, title: string, filter: TagFilter | null): AudienceLine | null {
  if (!filter) return null
  if (filter.rule === 'untagged') return line(key, title, [item(A('untagged'))])
  // An unknown rule (null) is listed under 「无法识别」; the tags themselves are still worth showing.
  const rule = filter.rule ? codes().tagRule[filter.rule] : null
  return line(
    key,
    rule ? `${title} · ${rule}` : title,
    filter.tags.map((tag) => tagItem(tag)),
  )
}

function tagGroupLines(groups: TagGroup[]): (AudienceLine | null)[] {
  return groups.map((g) =>
    line(
      `tagGroups.${g.id || g.name}`,
      g.name ? `${A('customerTags')} · ${g.name}` : A('customerTags'),
      g.tags.map((tag) => tagItem(tag)),
    ),
  )
}

const list = (key: string, title: string, values: string[]) =>
  line(
    key,
    title,
    values.map((v) => item(v)),
  )

/** "浙江省,杭州市,滨江区" → "浙江省杭州市滨江区"; "北京市,北京市,东城区" → "北京市东城区" (as the proxy's summary). */
export const regionName = (name: string) =>
  name
    .split(',')
    .filter((part, i, all) => part !== all[i - 1])
    .join('')

function timeWindowLine(w: Of<'corpToCustomers'>['addedBetween']): AudienceLine | null {
  if (!w || (!w.from && !w.to)) return null
  const text =
    w.from && w.to ? A('between', { from: w.from, to: w.to }) : w.from ? A('after', { from: w.from }) : A('before', { to: w.to ?? '' })
  return line('addedBetween', A('addedBetween'), [item(text)])
}

function ageLine(a: Of<'corpToCustomers'>['ageRange']): AudienceLine | null {
  if (!a || (a.min === null && a.max === null)) return null
  const text =
    a.min !== null && a.max !== null
      ? A('ageBetween', { min: a.min, max: a.max })
      : a.min !== null
        ? A('ageFrom', { min: a.min })
        : A('ageTo', { max: a.max ?? '' })
  return line('ageRange', A('age'), [item(text)])
}

function customerLines(a: Of<'corpToCustomers'> | Of<'staffToCustomers'>): (AudienceLine | null)[] {
  return [
    staffLine('addedBy', A('addedBy'), a.addedBy, a.allStaff),
    timeWindowLine(a.addedBetween),
    tagFilterLine('includeTags', A('includeTags'), a.kind === 'corpToCustomers' ? a.includeTags : null),
    tagFilterLine('excludeTags', A('excludeTags'), a.excludeTags),
    ...tagGroupLines(a.tagGroups),
    list(
      'regions',
      A('regions'),
      a.regions.map((r) => regionName(r.name) || r.code),
    ),
    line(
      'groupChats',
      A('groupChats'),
      a.groupChats.map((c) => item(c.name || c.id, codes().groupChat[c.state], c.state !== 'ok')),
    ),
    a.gender && a.gender !== 'all' ? line('gender', A('gender'), [item(codes().gender[a.gender])]) : null,
    ageLine(a.ageRange),
    list('remarkKeywords', A('remarkKeywords'), a.remarkKeywords),
    list('descriptionKeywords', A('descriptionKeywords'), a.descriptionKeywords),
  ]
}

const customerPairs = (rows: Of<'chosenCustomers'>['staffCustomers']) =>
  line(
    'staffCustomers',
    A('staffCustomers'),
    rows.map((r) => staffItem(r.staffId, A('customersOf', { n: r.customerIds.length }))),
  )
const groupPairs = (rows: Of<'chosenGroups'>['staffGroups']) =>
  line(
    'staffGroups',
    A('staffGroups'),
    rows.map((r) => staffItem(r.staffId, A('groupsOf', { n: r.chatIds.length }))),
  )
const allStaffLine = (a: Audience) => (a.allStaff ? line('allStaff', A('staff'), [item(A('allStaff'))]) : null)

function kindLines(a: Audience): (AudienceLine | null)[] {
  switch (a.kind) {
    case 'allCustomers':
    case 'allGroups':
      return [allStaffLine(a)]
    case 'corpToCustomers':
      return customerLines(a)
    case 'staffToCustomers':
      return [...customerLines(a), customerPairs(a.staffCustomers)]
    case 'corpToGroups':
    case 'staffToGroups':
      return [
        staffLine('groupOwners', A('groupOwners'), a.groupOwners, a.allStaff),
        list('groupNames', A('groupNames'), a.groupNames),
        tagFilterLine('includeTags', A('includeGroupTags'), a.includeTags),
        tagFilterLine('excludeTags', A('excludeGroupTags'), a.excludeTags),
        groupPairs(a.staffGroups),
      ]
    case 'corpMoments':
      return [staffLine('postedBy', A('postedBy'), a.postedBy, a.allStaff), ...tagGroupLines(a.tagGroups)]
    case 'staffMoments':
      return [
        staffLine('postedBy', A('postedBy'), a.postedBy, a.allStaff),
        ...tagGroupLines(a.tagGroups),
        tagFilterLine('excludeTags', A('excludeTags'), a.excludeTags),
      ]
    case 'chosenCustomers':
      return [allStaffLine(a), customerPairs(a.staffCustomers)]
    case 'chosenGroups':
      return [allStaffLine(a), groupPairs(a.staffGroups)]
    case 'crowdPacks':
      return [
        allStaffLine(a),
        line(
          'crowdPacks',
          A('crowdPacks'),
          a.crowdPacks.map((p) => item(p.name || String(p.id), p.deleted ? A('deleted') : null, p.deleted)),
        ),
      ]
  }
}

/**
 * Every filter of the audience that is set, in the order the proxy's summary names them; staff and departments by
 * the names the reach carries.
 */
export function audienceLines(a: Audience, withNames: Names = NO_NAMES): AudienceLine[] {
  names = withNames
  const scope: AudienceItem[] = []
  if (a.allCustomers && a.kind !== 'allCustomers') scope.push(item(A('allCustomers')))
  if (a.allGroups && a.kind !== 'allGroups') scope.push(item(A('allGroups')))
  const lines = [
    line('scope', A('scope'), scope),
    ...kindLines(a),
    line(
      'unrecognized',
      A('unrecognized'),
      a.unrecognized.map((u) => item(`${codes().unrecognized[u.field]}${P().colon}${u.value}`, null, true)),
    ),
  ]
  return lines.filter((l): l is AudienceLine => l !== null)
}

export const itemText = (i: AudienceItem) => (i.note ? `${i.text}${P().open}${i.note}${P().close}` : i.text)

/** A line as one sentence, e.g. 「包含标签 · 满足任意一个：A、B」. */
export const lineText = (l: AudienceLine) => `${l.title}${P().colon}${l.items.map(itemText).join(P().list)}`
