/**
 * The demo WShoto bulk-send campaigns and how their figures look at a given moment.
 * Times are offsets from the simulator's start so "in progress" stays true whenever the demo runs.
 */
import { demoCampaignIds } from './demo-data.js'
import * as R from './demo-ranges.js'

export type CampaignType = 10 | 11 | 12 | 13 | 14 | 15
export type CampaignStatus = -1 | 0 | 1 | 2 | 3 | 4 | 5

export interface MaterialInfo {
  material_id: number
  material_type: number
  title: string
  combination_id: string
  package_config_id: string
  act_child_type: number
  status: number
}

export interface FilterRangeInfo {
  filter_type: string
  is_all_customer: boolean
  is_all_customer_group: boolean
  all_staff: boolean
  range_info: string
}

interface Figures {
  plan: number
  success: number
  fail: number
}

export interface CampaignSpec {
  taskId: number
  type: CampaignType
  status: CampaignStatus
  createUserId: string
  content: string
  /** WShoto does not say whether its `long` times are seconds or ms; one demo campaign uses seconds. */
  timeUnit: 'ms' | 's'
  /** Minutes from the simulator's start (negative: before it). */
  createdMin: number
  sendMin: number
  endMin: number
  staff: Figures
  target: Figures & { excess: number }
  interactions?: { commentStaff: number; commentCustomer: number; likeStaff: number; likeCustomer: number }
  /** In-progress campaigns: share of the final figures reached at start, and the growth time constant. */
  growth?: { from: number; tauMinutes: number }
  materials: MaterialInfo[]
  filter: { type: string; range: object | '' | '{}'; allStaff?: boolean }
}

/**
 * WShoto publishes no list of material_type values; these are the simulator's placeholders.
 * act_child_type only means something for activity materials (1 拼团, 2 秒杀, 3 抽奖); 0 elsewhere.
 */
export const MATERIAL_TYPE = { image: 1, article: 2, video: 3, file: 4, miniprogram: 5, poster: 6, activity: 7 } as const

let nextMaterialId = 7301
function material(type: keyof typeof MATERIAL_TYPE, title: string, extra: Partial<MaterialInfo> = {}): MaterialInfo {
  return {
    material_id: nextMaterialId++,
    material_type: MATERIAL_TYPE[type],
    title,
    combination_id: '',
    package_config_id: '1823',
    act_child_type: 0,
    status: 0,
    ...extra,
  }
}

const DAY = 24 * 60

const specs: CampaignSpec[] = [
  {
    taskId: 30101,
    type: 10,
    status: 3,
    createUserId: 'zhangwei',
    timeUnit: 'ms',
    content: '【星禾智能家居】双十一全屋智能焕新季开启预约！门锁、照明、扫地机器人全场8折起，预约到店再领200元安装券。',
    createdMin: -8 * DAY,
    sendMin: -7 * DAY,
    endMin: -4 * DAY,
    staff: { plan: 36, success: 33, fail: 1 },
    target: { plan: 2480, success: 2215, fail: 96, excess: 38 },
    materials: [
      material('poster', '双十一焕新季主海报'),
      material('activity', '门锁两人拼团', { act_child_type: 1, combination_id: 'cb_1111_0007' }),
      material('article', '全屋智能装修避坑指南（已下架）', { status: -1 }),
    ],
    filter: { type: 'CorpSend2Customer', range: R.rangeCorpSend2Customer },
  },
  {
    taskId: 30102,
    type: 10,
    status: 1,
    createUserId: 'zhangwei',
    timeUnit: 'ms',
    content: '您好，感谢一直以来对星禾的支持！老客户门锁以旧换新最高补贴600元，回复“换新”了解详情。',
    createdMin: -12,
    sendMin: -5,
    endMin: 3 * DAY,
    staff: { plan: 4, success: 4, fail: 0 },
    target: { plan: 23, success: 20, fail: 2, excess: 0 },
    growth: { from: 0.05, tauMinutes: 15 },
    materials: [material('image', '以旧换新补贴说明'), material('miniprogram', '星禾商城·以旧换新专区')],
    filter: { type: 'OpenSend2Customer', range: R.rangeOpenSend2Customer },
  },
  {
    taskId: 30103,
    type: 11,
    status: 2,
    createUserId: 'zhangwei',
    timeUnit: 'ms',
    content: '各位群友好！星禾2025新品发布会本周六晚8点直播，点击下方链接预约，直播间抽取智能门锁3台。',
    createdMin: -3 * 60,
    sendMin: -90,
    endMin: 2 * DAY,
    staff: { plan: 28, success: 26, fail: 1 },
    target: { plan: 186, success: 171, fail: 6, excess: 0 },
    growth: { from: 0.4, tauMinutes: 45 },
    materials: [material('article', '新品发布会直播预约'), material('video', '新品预告片30秒')],
    filter: { type: 'CorpSend2CustomerGroup', range: R.rangeCorpSend2CustomerGroup },
  },
  {
    taskId: 30104,
    type: 12,
    status: 3,
    createUserId: 'lina',
    timeUnit: 'ms',
    content: '十年，只做一件事：让家更懂你。星禾智能家居品牌故事，感谢每一位同行的你。',
    createdMin: -15 * DAY,
    sendMin: -14 * DAY,
    endMin: -11 * DAY,
    staff: { plan: 36, success: 31, fail: 0 },
    target: { plan: 5120, success: 4630, fail: 0, excess: 0 },
    interactions: { commentStaff: 6, commentCustomer: 48, likeStaff: 22, likeCustomer: 315 },
    materials: [material('video', '品牌十周年纪录短片'), material('poster', '十周年海报（小程序码）', { status: 1 })],
    filter: { type: 'CorpSend2Moment', range: R.rangeCorpSend2Moment },
  },
  {
    taskId: 30105,
    type: 15,
    status: 2,
    createUserId: 'liuyang',
    timeUnit: 'ms',
    content: '年终大促最后3天⏰ 智能照明套装直降500，扫地机器人以旧换新，私信我预约上门测量～',
    createdMin: -2 * 60,
    sendMin: -60,
    endMin: 3 * DAY,
    staff: { plan: 1, success: 1, fail: 0 },
    target: { plan: 860, success: 790, fail: 0, excess: 0 },
    interactions: { commentStaff: 1, commentCustomer: 37, likeStaff: 3, likeCustomer: 214 },
    growth: { from: 0.35, tauMinutes: 30 },
    materials: [material('image', '年终大促九宫格-1'), material('poster', '刘洋专属推广海报', { status: 2 })],
    filter: { type: 'StaffSend2Moment', range: R.rangeStaffSend2Moment },
  },
  {
    taskId: 30106,
    type: 13,
    status: 5,
    createUserId: 'wangfang',
    timeUnit: 'ms',
    content: '您好，我是星禾客服王芳。想了解一下您对上次安装服务是否满意？填写问卷即可领取延保一年。',
    createdMin: -2 * DAY,
    sendMin: -2 * DAY + 30,
    endMin: 60,
    staff: { plan: 1, success: 1, fail: 0 },
    target: { plan: 5, success: 4, fail: 1, excess: 0 },
    growth: { from: 0.6, tauMinutes: 10 },
    materials: [material('miniprogram', '安装满意度问卷')],
    filter: { type: 'StaffSend2Customer', range: R.rangeStaffSend2Customer },
  },
  {
    taskId: 30107,
    type: 14,
    status: 0,
    createUserId: 'lina',
    timeUnit: 'ms',
    content: '本周六、周日滨江体验店开放日，到店体验全屋智能场景，还有咖啡和小礼品，欢迎带家人来玩！',
    createdMin: -DAY,
    sendMin: 2 * DAY,
    endMin: 5 * DAY,
    staff: { plan: 1, success: 0, fail: 0 },
    target: { plan: 2, success: 0, fail: 0, excess: 0 },
    materials: [material('image', '体验店开放日邀请函')],
    filter: { type: 'StaffSend2CustomerGroup', range: R.rangeStaffSend2CustomerGroup },
  },
  {
    taskId: 30108,
    type: 11,
    status: 4,
    createUserId: 'wangfang',
    timeUnit: 'ms',
    content: '【上门安装通知】本周安装师傅排期已出，请在群内回复您方便的时间段，我们将按顺序安排。',
    createdMin: -20 * DAY,
    sendMin: -19 * DAY,
    endMin: -16 * DAY,
    staff: { plan: 3, success: 2, fail: 0 },
    target: { plan: 5, success: 3, fail: 1, excess: 0 },
    materials: [material('file', '安装服务须知.pdf')],
    filter: { type: 'OpenSend2CustomerGroup', range: R.rangeOpenSend2CustomerGroup },
  },
  {
    taskId: 30109,
    type: 10,
    status: -1,
    createUserId: 'zhangwei',
    timeUnit: 'ms',
    content: '感恩一路相伴，星禾年终回馈礼已备好，点击领取您的专属抽奖机会。',
    createdMin: -3 * DAY,
    sendMin: -2 * DAY,
    endMin: DAY,
    staff: { plan: 18, success: 0, fail: 0 },
    target: { plan: 740, success: 0, fail: 0, excess: 0 },
    materials: [material('activity', '年终回馈大抽奖', { act_child_type: 3, combination_id: 'cb_1231_0002' })],
    filter: { type: 'CrowdPack', range: R.rangeCrowdPack },
  },
  {
    taskId: 30110,
    type: 10,
    status: 3,
    createUserId: 'zhangwei',
    timeUnit: 's',
    content: '【春节安排】星禾智能家居1月26日至2月4日放假，期间售后热线400-826-0571照常服务，祝您新春快乐！',
    createdMin: -40 * DAY,
    sendMin: -39 * DAY,
    endMin: -36 * DAY,
    staff: { plan: 36, success: 35, fail: 1 },
    target: { plan: 5380, success: 5012, fail: 143, excess: 61 },
    materials: [
      material('image', '春节放假通知'),
      material('activity', '年货节门锁秒杀', { act_child_type: 2, combination_id: 'cb_0120_0011' }),
    ],
    filter: { type: 'AllCustomer', range: '', allStaff: true },
  },
  {
    taskId: 30111,
    type: 11,
    status: 3,
    createUserId: 'zhangwei',
    timeUnit: 'ms',
    content: '星禾会员服务全面升级：延保政策、积分兑换和专属客服上线，详情见群公告。',
    createdMin: -10 * DAY,
    sendMin: -9 * DAY,
    endMin: -6 * DAY,
    staff: { plan: 24, success: 24, fail: 0 },
    target: { plan: 212, success: 205, fail: 3, excess: 0 },
    materials: [material('article', '会员服务升级说明')],
    filter: { type: 'AllCustomerGroup', range: '{}', allStaff: true },
  },
]

export const demoCampaignSpecs: readonly CampaignSpec[] = specs

export function findCampaign(taskId: number): CampaignSpec | undefined {
  return specs.find((s) => s.taskId === taskId)
}

/** Share of the final figures reached after `elapsedMs`: rises quickly, then keeps creeping towards 1. */
export function progressOf(spec: CampaignSpec, elapsedMs: number): number {
  if (!spec.growth) return 1
  const { from, tauMinutes } = spec.growth
  const t = Math.max(0, elapsedMs) / 60000
  return from + (1 - from) * (1 - Math.exp(-t / tauMinutes))
}

/** The seed's full `data` object for a campaign as WShoto would answer it at `now`. */
export function campaignDetail(spec: CampaignSpec, startedAt: number, now: number) {
  const p = progressOf(spec, now - startedAt)
  // Rounding each part of the final figures separately keeps success + fail ≤ plan at every moment.
  const part = (n: number) => Math.round(p * n)
  const staffSuccess = part(spec.staff.success)
  const staffFail = part(spec.staff.fail)
  const targetSuccess = part(spec.target.success)
  const targetFail = part(spec.target.fail)
  const time = (min: number) => {
    const ms = Math.floor((startedAt + min * 60000) / 60000) * 60000
    return spec.timeUnit === 's' ? Math.floor(ms / 1000) : ms
  }
  const name = demoCampaignIds.find((c) => c.taskId === spec.taskId)?.name ?? ''
  const i = spec.interactions
  const range = spec.filter.range
  return {
    task_id: spec.taskId,
    task_name: name,
    task_status: spec.status,
    type: spec.type,
    create_user_id: spec.createUserId,
    send_time: time(spec.sendMin),
    end_time: time(spec.endMin),
    create_time: time(spec.createdMin),
    content: spec.content,
    plan_staff_qty: spec.staff.plan,
    // A task that never got created leaves every staff member and target "not executed".
    no_send_staff_qty: spec.staff.plan - staffSuccess - staffFail,
    success_staff_qty: staffSuccess,
    fail_staff_qty: staffFail,
    plan_target_qty: spec.target.plan,
    no_send_target_qty: spec.target.plan - targetSuccess - targetFail,
    success_target_qty: targetSuccess,
    fail_target_qty: targetFail,
    excess_target_qty: part(spec.target.excess),
    comment_staff_qty: i ? part(i.commentStaff) : 0,
    comment_customer_qty: i ? part(i.commentCustomer) : 0,
    like_staff_qty: i ? part(i.likeStaff) : 0,
    like_customer_qty: i ? part(i.likeCustomer) : 0,
    material_infos: spec.materials.map((m) => ({ ...m })),
    filter_range_info: {
      filter_type: spec.filter.type,
      is_all_customer: spec.filter.type === 'AllCustomer',
      is_all_customer_group: spec.filter.type === 'AllCustomerGroup',
      all_staff: spec.filter.allStaff ?? false,
      range_info: typeof range === 'string' ? range : JSON.stringify(range),
    } satisfies FilterRangeInfo,
  }
}

export type CampaignDetail = ReturnType<typeof campaignDetail>
