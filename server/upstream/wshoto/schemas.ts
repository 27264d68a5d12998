import { z } from 'zod'

// Shapes of WShoto (微盛) answers, named as the vendor names them (seed 003, 获取群发任务详情).
// Tolerance rules: an integer may arrive as a numeric string, an optional field may be null or
// missing, extra fields pass through; a required field of the wrong type fails the parse.

/** An integer sent as a number or as a numeric string ("27"); "", "27a" and 2.5 are errors. */
export const vendorInt = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d+$/, 'expected an integer')
      .transform(Number),
  ])
  .pipe(z.number().int().refine(Number.isSafeInteger, 'integer out of safe range'))

/** Ids are strings at WShoto; a Java backend may still serialize one as a number. */
const vendorId = z.union([z.string(), z.number()]).transform(String)

/** Java booleans leak out as 0/1 or "true"/"false" in some vendor builds. */
const vendorBool = z.union([
  z.boolean(),
  z.literal([0, 1]).transform((n) => n === 1),
  z.enum(['true', 'false', '0', '1']).transform((s) => s === 'true' || s === '1'),
])

const orNull = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v): z.output<T> | null => v ?? null)
const orEmpty = z
  .string()
  .nullish()
  .transform((v) => v ?? '')
const orZero = vendorInt.nullish().transform((v) => v ?? 0)
const orFalse = vendorBool.nullish().transform((v) => v ?? false)
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v): z.output<T>[] => v ?? [])

/** Read `code` and `msg` before trusting `data`: failures usually carry `data: null`. */
export const WshotoEnvelopeHead = z.looseObject({ code: vendorInt, msg: orEmpty })

export function wshotoEnvelope<T extends z.ZodType>(data: T) {
  return WshotoEnvelopeHead.extend({ data: orNull(data) })
}

/** `GET /openapi/access_token` → data. `create_at` is undocumented (timestamp or date text). */
export const WshotoTokenData = z.looseObject({
  access_token: z.string().min(1),
  expires_in: vendorInt.pipe(z.number().positive()),
  create_at: orNull(z.union([z.number(), z.string()])),
})
export type WshotoTokenData = z.infer<typeof WshotoTokenData>

export const WshotoMaterialInfo = z.looseObject({
  material_id: vendorInt,
  material_type: orNull(vendorInt),
  title: orEmpty,
  combination_id: orNull(vendorId),
  package_config_id: orNull(vendorId),
  /** 1 拼团, 2 秒杀, 3 抽奖 — only on activity materials. */
  act_child_type: orNull(vendorInt),
  /** 0 正常, -1 已删除, 1 海报小程序已取消授权, 2 海报员工推广码已删除. */
  status: orNull(vendorInt),
})
export type WshotoMaterialInfo = z.infer<typeof WshotoMaterialInfo>

export const WSHOTO_FILTER_TYPES = [
  'AllCustomer',
  'AllCustomerGroup',
  'CorpSend2Customer',
  'StaffSend2Customer',
  'CorpSend2CustomerGroup',
  'StaffSend2CustomerGroup',
  'CorpSend2Moment',
  'StaffSend2Moment',
  'OpenSend2Customer',
  'OpenSend2CustomerGroup',
  'CrowdPack',
] as const
export type WshotoFilterType = (typeof WSHOTO_FILTER_TYPES)[number]

export const WshotoFilterRangeInfo = z.looseObject({
  // A plain string: an unknown filter_type is judged by the reach service, which names the task.
  filter_type: z.string(),
  is_all_customer: orFalse,
  is_all_customer_group: orFalse,
  all_staff: orFalse,
  // Documented as a JSON string; an already-decoded object is accepted rather than rejected.
  range_info: orNull(z.union([z.string(), z.record(z.string(), z.unknown())])),
})

export const WshotoTaskDetail = z.looseObject({
  task_id: vendorInt,
  task_name: z.string(),
  /** 0 未开始, 1 创建中, 2 进行中, 3 已结束, 4 已失效, 5 关闭中, -1 创建失败. */
  task_status: vendorInt,
  /** 10 企业群发客户, 11 企业群发客户群, 12 企业群发朋友圈, 13 个人群发客户, 14 个人群发客户群, 15 个人群发朋友圈. */
  type: vendorInt,
  create_user_id: orEmpty.or(vendorId),
  // `long` without a unit: the reach service decides seconds vs milliseconds.
  send_time: orNull(vendorInt),
  end_time: orNull(vendorInt),
  create_time: orNull(vendorInt),
  content: orEmpty,
  plan_staff_qty: vendorInt,
  no_send_staff_qty: vendorInt,
  success_staff_qty: vendorInt,
  fail_staff_qty: vendorInt,
  plan_target_qty: vendorInt,
  no_send_target_qty: vendorInt,
  success_target_qty: vendorInt,
  fail_target_qty: vendorInt,
  excess_target_qty: vendorInt,
  // Interaction counts only mean something for moments; other types may omit them.
  comment_staff_qty: orZero,
  comment_customer_qty: orZero,
  like_staff_qty: orZero,
  like_customer_qty: orZero,
  material_infos: list(WshotoMaterialInfo),
  filter_range_info: WshotoFilterRangeInfo,
})
export type WshotoTaskDetail = z.infer<typeof WshotoTaskDetail>

export const WshotoTaskDetailAnswer = wshotoEnvelope(WshotoTaskDetail)

// ---- range_info, one shape per filter_type. Real tasks leave most filters empty, so every
// filter is optional; an item inside a list must still carry its id.

const UserTag = z.looseObject({ tag_id: vendorId, tag_name: orEmpty })
const UserRange = z.looseObject({ user_ids: list(vendorId), dept_ids: list(vendorInt), user_tags: list(UserTag) })

const TagDetail = z.looseObject({
  tag_id: vendorId,
  tag_name: orEmpty,
  /** 1 企业标签, 2 个人标签, 3 业务标签. */
  tag_type: orNull(vendorInt),
  strategy_id: orNull(vendorInt),
  auth: orNull(vendorInt),
  /** 0 正常, 1 删除或不存在. */
  status: orNull(vendorInt),
  desc: orEmpty,
})
/** operator: 1 任意一个, 2 同时满足, 3 无标签客户, 4 同组为或、不同组为且. */
const TagFilter = z.looseObject({ operator: orNull(vendorInt), tag_detail_list: list(TagDetail) })
const TagGroup = z.looseObject({ tag_group_id: orEmpty.or(vendorId), tag_group_name: orEmpty, tag_detail_list: list(TagDetail) })
/** Documented as "yyyy-MM-dd HH:mm:ss" text (StaffSend2Customer says "object"); a number is kept as is. */
const TimeRange = z.looseObject({
  start_time: orNull(z.union([z.string(), z.number()])),
  end_time: orNull(z.union([z.string(), z.number()])),
})
const Region = z.looseObject({ region_code: vendorId, region_remark: orEmpty })
/** status: "0", "0100", "0101", "0201", "0202", "0203" — a string in one seed table, an int in another. */
const Chat = z.looseObject({ chat_id: vendorId, chat_name: orEmpty, status: orNull(z.union([z.string(), z.number()])) })
/** staff id → customer (or group chat) ids. */
const IdsByStaff = z
  .record(z.string(), list(vendorId))
  .nullish()
  .transform((v) => v ?? {})

// The seed spells the region list `locations` for CorpSend2Customer and `location` for
// StaffSend2Customer; both spellings are read for both so a vendor fix cannot drop regions silently.
const customerFilters = {
  add_user_range: orNull(UserRange),
  add_time_range: orNull(TimeRange),
  exclude_tags: orNull(TagFilter),
  locations: list(Region),
  location: list(Region),
  chat_list: list(Chat),
  /** ALL, M, F, UNKNOW. */
  sex: orEmpty,
  /** "25~30". */
  age_range: orEmpty,
  remark_key_words: list(z.string()),
  description_key_words: list(z.string()),
  tag_groups: list(TagGroup),
}

const groupFilters = {
  group_owner_range: orNull(UserRange),
  group_name_list: list(z.string()),
  include_tags: orNull(TagFilter),
  exclude_tags: orNull(TagFilter),
  user_chat_info: IdsByStaff,
}

export const WshotoRangeInfo = {
  CorpSend2Customer: z.looseObject({ ...customerFilters, include_tags: orNull(TagFilter) }),
  StaffSend2Customer: z.looseObject({ ...customerFilters, user_customer_info: IdsByStaff }),
  CorpSend2CustomerGroup: z.looseObject(groupFilters),
  StaffSend2CustomerGroup: z.looseObject(groupFilters),
  CorpSend2Moment: z.looseObject({ add_user_range: orNull(UserRange), tag_groups: list(TagGroup) }),
  StaffSend2Moment: z.looseObject({ add_user_range: orNull(UserRange), tag_groups: list(TagGroup), exclude_tags: orNull(TagFilter) }),
  OpenSend2Customer: z.looseObject({ user_customer_info: IdsByStaff }),
  OpenSend2CustomerGroup: z.looseObject({ user_chat_info: IdsByStaff }),
  CrowdPack: z.looseObject({
    tenant_id: orNull(vendorId),
    crowd_packs: list(
      z.looseObject({
        id: vendorInt,
        name: orEmpty,
        /** 0 未删除, 1 已删除. */
        deleted: orFalse,
      }),
    ),
  }),
} as const

export type WshotoRangeFilterType = keyof typeof WshotoRangeInfo
export type WshotoUserRange = z.infer<typeof UserRange>
export type WshotoTagDetail = z.infer<typeof TagDetail>
export type WshotoTagFilter = z.infer<typeof TagFilter>
export type WshotoTagGroup = z.infer<typeof TagGroup>
export type WshotoTimeRange = z.infer<typeof TimeRange>
export type WshotoRegion = z.infer<typeof Region>
export type WshotoChat = z.infer<typeof Chat>
