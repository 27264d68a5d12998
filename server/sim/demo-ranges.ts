/**
 * The `range_info` of each demo campaign, one per WShoto filter_type, with exactly the keys the
 * seed (003) shows for that filter_type — including its quirks (`location` vs `locations`, no
 * `auth` in CorpSend2Moment's tags). The campaign serialises them to the JSON string WShoto sends.
 */
import { demoContacts, demoTags, type WeComTag } from './demo-data.js'

interface TagDetail {
  tag_id: string
  tag_name: string
  tag_type: number
  strategy_id: number
  auth?: number
  status: number
  desc: string
}

/** tag_type 1 is an enterprise tag; those carry no business-rule group, hence strategy_id 0. */
function detail(t: WeComTag, withAuth = true): TagDetail {
  const d: TagDetail = { tag_id: t.tag_id, tag_name: t.tag_name, tag_type: 1, strategy_id: 0, auth: 1, status: 0, desc: '' }
  if (!withAuth) delete d.auth
  return d
}

const deletedTag: TagDetail = {
  tag_id: 'etFq2mV8xKpL0cZ4sYh7Tb',
  tag_name: '双十一已领券',
  tag_type: 1,
  strategy_id: 0,
  auth: 1,
  status: 1,
  desc: '标签已被删除',
}

const groupIds: Record<string, string> = {
  客户等级: 'etGk5Lm2Qz8RvX1cWb7Ne0',
  意向产品: 'etHp3Ds9Yu4TaJ6fKq1Mx2',
  来源渠道: 'etJw8Cn0Bv5ZrE2gPs4Ly7',
  跟进阶段: 'etKv1Xd6Mh3QoS9tUa5Fz8',
}

function group(name: string, tags: WeComTag[], withAuth = true) {
  return {
    tag_group_id: groupIds[name] ?? '',
    tag_group_name: name,
    tag_detail_list: tags.map((t) => detail(t, withAuth)),
  }
}

const T = demoTags
const salesDept = [2, 5]
const staffTags = [
  { tag_id: '2', tag_name: '金牌销售' },
  { tag_id: '5', tag_name: '门店顾问' },
]

export const demoChats = [
  { chat_id: 'wrt34aCPFIQWIA7FGK0LAIVNUn1CG4', chat_name: '星禾智能·杭州业主1群' },
  { chat_id: 'wrcXJ7Qz8oVKRiP0WIDGw1QU6A6T8r', chat_name: '星禾门锁VIP客户群' },
  { chat_id: 'wrBDC6h3tBkcZ1xxgIw0JLtXaKoESF', chat_name: '恒泰酒店项目对接群' },
  { chat_id: 'wrnLu81ri5vLv4eoIBm8yzPc6rvCyO', chat_name: '滨江样板间体验群' },
  { chat_id: 'wrPkcWzqjy8vOsUIYR5CYmvBiZWODD', chat_name: '星禾会员福利群' },
  { chat_id: 'wrwYHMGFyOdDhJxV0ahE2Yrarwe5RB', chat_name: '设计师合作伙伴群' },
] as const
const chat = (i: number) => demoChats[i]!.chat_id

/** Which demo staff member follows which demo customers, as WShoto's user_customer_info map. */
function customersOf(...userIds: string[]): Record<string, string[]> {
  const map: Record<string, string[]> = {}
  for (const id of userIds) {
    map[id] = demoContacts.filter((c) => c.follows.some((f) => f.userId === id)).map((c) => c.externalUserId)
  }
  return map
}

export const rangeCorpSend2Customer = {
  add_user_range: { user_ids: ['zhangwei', 'lina', 'liuyang'], dept_ids: salesDept, user_tags: [staffTags[0]!] },
  add_time_range: { start_time: '2024-01-01 00:00:00', end_time: '2024-10-31 23:59:59' },
  include_tags: { operator: 4, tag_detail_list: [detail(T.wholeHome), detail(T.lock), detail(T.levelA)] },
  exclude_tags: { operator: 1, tag_detail_list: [detail(T.deal), deletedTag] },
  locations: [
    { region_code: '330108', region_remark: '浙江省,杭州市,滨江区' },
    { region_code: '330106', region_remark: '浙江省,杭州市,西湖区' },
  ],
  chat_list: [
    { ...demoChats[3], status: '0' },
    { ...demoChats[1], status: '0101' },
  ],
  sex: 'ALL',
  age_range: '25~45',
  remark_key_words: ['新房', '装修'],
  description_key_words: ['门锁', '全屋智能'],
  tag_groups: [group('客户等级', [T.levelA, T.levelB]), group('意向产品', [T.wholeHome, T.lock])],
}

export const rangeCorpSend2CustomerGroup = {
  group_owner_range: { user_ids: ['zhangwei', 'lina', 'wangfang'], dept_ids: [2, 3], user_tags: [staffTags[1]!] },
  group_name_list: ['业主', 'VIP', '体验'],
  include_tags: { operator: 1, tag_detail_list: [detail(T.levelA), detail(T.levelB)] },
  exclude_tags: { operator: 1, tag_detail_list: [detail(T.levelC)] },
  user_chat_info: { zhangwei: [chat(0), chat(1)], lina: [chat(3)], wangfang: [chat(4)] },
}

export const rangeCorpSend2Moment = {
  add_user_range: { user_ids: ['zhangwei', 'lina', 'wangfang', 'liuyang'], dept_ids: [1], user_tags: staffTags },
  tag_groups: [group('来源渠道', [T.web, T.expo, T.douyin], false), group('客户等级', [T.levelA], false)],
}

export const rangeOpenSend2Customer = {
  user_customer_info: customersOf('zhangwei', 'lina', 'wangfang', 'liuyang'),
}

export const rangeOpenSend2CustomerGroup = {
  user_chat_info: { zhangwei: [chat(0), chat(2)], lina: [chat(2), chat(5)], liuyang: [chat(4)] },
}

export const rangeStaffSend2Customer = {
  add_user_range: { user_ids: ['wangfang'], dept_ids: [3], user_tags: [] },
  tag_groups: [group('跟进阶段', [T.deal]), group('意向产品', [T.lock, T.wholeHome, T.lighting])],
  add_time_range: { start_time: '2023-06-01 00:00:00', end_time: '2024-11-30 23:59:59' },
  exclude_tags: { operator: 3, tag_detail_list: [] },
  location: [{ region_code: '330100', region_remark: '浙江省,杭州市' }],
  chat_list: [{ ...demoChats[2], status: '0' }],
  sex: 'ALL',
  age_range: '',
  remark_key_words: [],
  description_key_words: ['安装', '售后'],
  user_customer_info: customersOf('wangfang'),
}

export const rangeStaffSend2CustomerGroup = {
  group_owner_range: { user_ids: ['lina'], dept_ids: [2], user_tags: [] },
  group_name_list: ['体验', '业主'],
  include_tags: { operator: 2, tag_detail_list: [detail(T.levelB), detail(T.lighting)] },
  exclude_tags: { operator: 1, tag_detail_list: [detail(T.levelC)] },
  user_chat_info: { lina: [chat(3), chat(5)] },
}

export const rangeStaffSend2Moment = {
  add_user_range: { user_ids: ['liuyang'], dept_ids: [5], user_tags: [staffTags[0]!] },
  tag_groups: [group('客户等级', [T.levelA, T.levelB]), group('意向产品', [T.lighting, T.robot])],
  exclude_tags: { operator: 1, tag_detail_list: [detail(T.deal)] },
}

export const rangeCrowdPack = {
  tenant_id: 'wstn_8f3a21c07d4e',
  crowd_packs: [
    { id: 54579846213, name: '近30天高意向客户', deleted: 0 },
    { id: 54579846377, name: '门锁复购潜客', deleted: 0 },
    { id: 54579845102, name: '双十一预热人群（旧）', deleted: 1 },
  ],
}
