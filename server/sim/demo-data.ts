/**
 * The demo company as the simulator's vendors know it. Ids are fixed so a demo, a test and the
 * proxy's seeded tables always agree.
 */

export const demoCorp = {
  corpName: '星禾智能家居',
  corpFullName: '杭州星禾智能家居有限公司',
  industry: '智能家居',
  agentName: '客户助手',
  departments: [
    { id: 1, name: '星禾智能家居' },
    { id: 2, name: '销售部' },
    { id: 3, name: '客服中心' },
    { id: 5, name: '华东大区' },
  ],
} as const

export interface DemoStaff {
  userId: string
  name: string
  isAdmin?: boolean
  position: string
  departmentId: number
  gender: 1 | 2
  avatarPath: string
}

const staff = (s: Omit<DemoStaff, 'avatarPath'>): DemoStaff => ({ ...s, avatarPath: `/sim-assets/avatar/${s.userId}.svg` })

export const demoStaff: readonly DemoStaff[] = [
  staff({ userId: 'zhangwei', name: '张伟', isAdmin: true, position: '销售总监', departmentId: 2, gender: 1 }),
  staff({ userId: 'lina', name: '李娜', position: '客户经理', departmentId: 2, gender: 2 }),
  staff({ userId: 'wangfang', name: '王芳', position: '客服主管', departmentId: 3, gender: 2 }),
  staff({ userId: 'liuyang', name: '刘洋', position: '客户经理', departmentId: 5, gender: 1 }),
]

/** A customer tag exactly as WeCom's externalcontact/get lists it. */
export interface WeComTag {
  group_name: string
  tag_name: string
  type: 1
  tag_id: string
}

const tag = (group_name: string, tag_name: string, tag_id: string): WeComTag => ({ group_name, tag_name, type: 1, tag_id })

export const demoTags = {
  levelA: tag('客户等级', 'A级·重点客户', 'et9DPh2btQyA8UwgDOqY3e'),
  levelB: tag('客户等级', 'B级·意向客户', 'etP7qvYT4xbM1BCuZJxvbl'),
  levelC: tag('客户等级', 'C级·普通客户', 'etizJDKrtXURRLrI9R1X3S'),
  lock: tag('意向产品', '智能门锁', 'etyHDjZ46O4jHMhoZIrQe5'),
  wholeHome: tag('意向产品', '全屋智能套装', 'et2583oaun408NPuvAC86F'),
  robot: tag('意向产品', '扫地机器人', 'etDlxXHhBxeqjQgtNQPsE6'),
  lighting: tag('意向产品', '智能照明', 'et1njdaWOrLXIltO3Iiyo5'),
  web: tag('来源渠道', '官网咨询', 'ety61yx8YB81AHaPTcVLd7'),
  expo: tag('来源渠道', '展会获客', 'etyhgBM68wNGE9OUpZ4ssl'),
  referral: tag('来源渠道', '老客户转介绍', 'etUWYVP5sZ5YEJBecRQmgF'),
  douyin: tag('来源渠道', '抖音广告', 'et0Z54xhwXh9Fdu3EBeRzy'),
  quoted: tag('跟进阶段', '已报价', 'etbVIfYO8ITdygCQsJXtax'),
  visited: tag('跟进阶段', '已到店', 'et9lab4yH8HuZsEdFpEAl7'),
  deal: tag('跟进阶段', '已成交', 'etDxVUTpqeQq2ovNF1lEfa'),
} as const

export interface DemoFollow {
  userId: string
  remark: string
  description: string
  /** Unix seconds, as WeCom gives it. */
  createtime: number
  tags: WeComTag[]
  remarkMobiles: string[]
  remarkCorpName?: string
  /** WeCom's add_way: 1 QR code, 2 phone search, 3 card share, 16 acquisition link, 202 assigned by admin. */
  addWay: number
  /** Who started the add: the staff member, or the customer's own external id when the customer did. */
  operUserId: string
}

export interface DemoContact {
  externalUserId: string
  name: string
  /** 1 WeChat user, 2 WeCom user. */
  type: 1 | 2
  /** 0 unknown, 1 male, 2 female. */
  gender: 0 | 1 | 2
  unionId?: string
  corpName?: string
  corpFullName?: string
  position?: string
  /** Absolute avatar URLs depend on the simulator's port: join this path to its base URL. */
  avatarPath: string
  follows: DemoFollow[]
}

const T = demoTags
type FollowInput = Omit<DemoFollow, 'operUserId'> & { byCustomer?: boolean }
function contact(c: Omit<DemoContact, 'avatarPath' | 'follows'> & { follows: FollowInput[] }): DemoContact {
  return {
    ...c,
    avatarPath: `/sim-assets/avatar/${c.externalUserId}.svg`,
    follows: c.follows.map(({ byCustomer, ...f }) => ({
      ...f,
      operUserId: byCustomer ? c.externalUserId : f.addWay === 202 ? 'zhangwei' : f.userId,
    })),
  }
}

export const demoContacts: readonly DemoContact[] = [
  contact({
    externalUserId: 'wmMx67XK4sUSYgoUH04Jnm1yHv6QizOD',
    name: '陈晓雯',
    type: 1,
    gender: 2,
    unionId: 'oAmRh5nQ0v7bKx2LwYt9cZs3pEdU',
    follows: [
      {
        userId: 'zhangwei',
        remark: '陈晓雯-滨江新房',
        description: '滨江新房装修中，关注门锁和照明，预算1.5万',
        createtime: 1698741234,
        tags: [T.levelA, T.lock, T.lighting, T.web],
        remarkMobiles: ['13857162231'],
        addWay: 1,
        byCustomer: true,
      },
      {
        userId: 'wangfang',
        remark: '陈女士',
        description: '咨询过门锁安装时间',
        createtime: 1701325810,
        tags: [T.lock],
        remarkMobiles: [],
        addWay: 202,
      },
    ],
  }),
  contact({
    externalUserId: 'wm2g1C8OIFD5bYLHjs6vGiNEMVOdbnRb',
    name: '赵建国',
    type: 2,
    gender: 1,
    corpName: '绿城物业',
    corpFullName: '杭州绿城物业服务有限公司',
    position: '采购经理',
    follows: [
      {
        userId: 'zhangwei',
        remark: '赵经理-绿城物业',
        description: '小区公区照明改造项目，12月出方案',
        createtime: 1693468800,
        tags: [T.levelA, T.lighting, T.expo, T.quoted],
        remarkMobiles: ['13905718842'],
        remarkCorpName: '绿城物业',
        addWay: 3,
        byCustomer: true,
      },
      {
        userId: 'liuyang',
        remark: '赵建国',
        description: '对接华东区项目',
        createtime: 1706745600,
        tags: [T.lighting],
        remarkMobiles: [],
        addWay: 202,
      },
    ],
  }),
  contact({
    externalUserId: 'wm3ZMpJpx9TSx3aAcV9JknW7TrB5iQF9',
    name: '孙丽',
    type: 1,
    gender: 2,
    follows: [
      {
        userId: 'zhangwei',
        remark: '孙丽-老客户',
        description: '去年买过扫地机器人，有复购意向',
        createtime: 1672531200,
        tags: [T.levelB, T.robot, T.deal],
        remarkMobiles: ['18668034517'],
        addWay: 2,
      },
      {
        userId: 'lina',
        remark: '孙姐',
        description: '',
        createtime: 1709251200,
        tags: [T.robot, T.referral],
        remarkMobiles: [],
        addWay: 16,
        byCustomer: true,
      },
    ],
  }),
  contact({
    externalUserId: 'wmgDQI5Vg0a9qRghiJ9aYnBVzp35kFo8',
    name: '周杰',
    type: 1,
    gender: 1,
    unionId: 'oAmRh5kD8w1XqN4yUe6GhJr2TbLs',
    follows: [
      {
        userId: 'zhangwei',
        remark: '周杰-全屋智能',
        description: '别墅全屋智能，已到店看样板间',
        createtime: 1711929600,
        tags: [T.levelA, T.wholeHome, T.douyin, T.visited],
        remarkMobiles: ['13588291076', '057188120034'],
        addWay: 16,
        byCustomer: true,
      },
    ],
  }),
  contact({
    externalUserId: 'wmmUdwG0UfJrorC3UyOkR6MuT19tHg6c',
    name: '吴敏',
    type: 2,
    gender: 2,
    corpName: '甬居装饰',
    corpFullName: '宁波甬居装饰工程有限公司',
    position: '设计总监',
    follows: [
      {
        userId: 'zhangwei',
        remark: '吴总监-甬居装饰',
        description: '渠道合作，设计师推荐客户',
        createtime: 1688169600,
        tags: [T.levelB, T.wholeHome, T.expo],
        remarkMobiles: ['13736092258'],
        remarkCorpName: '甬居装饰',
        addWay: 3,
        byCustomer: true,
      },
      {
        userId: 'wangfang',
        remark: '吴敏（甬居）',
        description: '售后对接人',
        createtime: 1696118400,
        tags: [T.wholeHome],
        remarkMobiles: [],
        addWay: 202,
      },
    ],
  }),
  contact({
    externalUserId: 'wm8Y29g6ZoGhRBr3FeLTcgMp79cOUFIZ',
    name: '郑浩然',
    type: 1,
    gender: 1,
    follows: [
      {
        userId: 'zhangwei',
        remark: '郑先生-门锁',
        description: '租房改门锁，价格敏感',
        createtime: 1714521600,
        tags: [T.levelC, T.lock, T.douyin],
        remarkMobiles: [],
        addWay: 1,
        byCustomer: true,
      },
      {
        userId: 'liuyang',
        remark: '郑浩然',
        description: '',
        createtime: 1717200000,
        tags: [T.lock],
        remarkMobiles: ['15067113398'],
        addWay: 2,
      },
    ],
  }),
  contact({
    externalUserId: 'wmPzhaRv3b59REqcBI8IYWFhfByCrTZH',
    name: '王秀英',
    type: 1,
    gender: 2,
    unionId: 'oAmRh5tP3cV9mL7aQz1WfK8eYxNo',
    follows: [
      {
        userId: 'zhangwei',
        remark: '王阿姨-转介绍',
        description: '孙丽介绍，给父母家装智能照明',
        createtime: 1719792000,
        tags: [T.levelB, T.lighting, T.referral, T.quoted],
        remarkMobiles: ['13967100425'],
        addWay: 3,
        byCustomer: true,
      },
    ],
  }),
  contact({
    externalUserId: 'wml5jbXKgds4AmNsNsi6Xiirkq7Ae3mg',
    name: '冯志强',
    type: 2,
    gender: 1,
    corpName: '恒泰酒店',
    corpFullName: '苏州恒泰酒店管理有限公司',
    position: '工程部经理',
    follows: [
      {
        userId: 'zhangwei',
        remark: '冯经理-恒泰酒店',
        description: '酒店客房门锁批量替换，约200间',
        createtime: 1704067200,
        tags: [T.levelA, T.lock, T.expo, T.quoted],
        remarkMobiles: ['13812760093'],
        remarkCorpName: '恒泰酒店',
        addWay: 2,
      },
      { userId: 'lina', remark: '冯志强', description: '负责合同', createtime: 1706140800, tags: [T.lock], remarkMobiles: [], addWay: 202 },
      {
        userId: 'wangfang',
        remark: '恒泰-冯工',
        description: '安装验收联系人',
        createtime: 1709856000,
        tags: [T.lock, T.deal],
        remarkMobiles: [],
        addWay: 202,
      },
    ],
  }),
  contact({
    externalUserId: 'wmzkHoGilulc5YbhrAhcx2IrqOtc0bn1',
    name: '何雨桐',
    type: 1,
    gender: 2,
    follows: [
      {
        userId: 'lina',
        remark: '何雨桐-扫地机',
        description: '只由李娜跟进的客户',
        createtime: 1722470400,
        tags: [T.levelB, T.robot, T.douyin],
        remarkMobiles: ['18758011264'],
        addWay: 16,
        byCustomer: true,
      },
    ],
  }),
  contact({
    externalUserId: 'wm73forC0ai4i5CL19lbwmOuO44ffyjJ',
    name: '林子涵',
    type: 1,
    gender: 0,
    follows: [
      {
        userId: 'lina',
        remark: '林子涵',
        description: '展会扫码，未明确需求',
        createtime: 1725148800,
        tags: [T.levelC, T.expo],
        remarkMobiles: [],
        addWay: 1,
        byCustomer: true,
      },
      { userId: 'liuyang', remark: '林同学', description: '', createtime: 1725235200, tags: [T.levelC], remarkMobiles: [], addWay: 202 },
    ],
  }),
  contact({
    externalUserId: 'wmq1ZTA6uLI4wczMtRbuFVudYbAlHeoF',
    name: '马国庆',
    type: 1,
    gender: 1,
    follows: [
      {
        userId: 'wangfang',
        remark: '马师傅-售后',
        description: '门锁电池仓报修，已上门处理',
        createtime: 1727712000,
        tags: [T.lock, T.deal],
        remarkMobiles: ['13306518870'],
        addWay: 2,
      },
      {
        userId: 'liuyang',
        remark: '马国庆',
        description: '可推荐增购智能照明',
        createtime: 1728316800,
        tags: [T.levelB, T.lighting],
        remarkMobiles: [],
        addWay: 202,
      },
    ],
  }),
  contact({
    externalUserId: 'wmloTdxy6SuHf6AfyP0sKyTjPQe02yhf',
    name: '许静',
    type: 2,
    gender: 2,
    corpName: '屹立设计',
    corpFullName: '上海屹立建筑设计有限公司',
    position: '项目主管',
    follows: [
      {
        userId: 'lina',
        remark: '许主管-屹立设计',
        description: '办公室智能照明改造',
        createtime: 1730390400,
        tags: [T.levelB, T.lighting, T.web],
        remarkMobiles: ['13621877405'],
        remarkCorpName: '屹立设计',
        addWay: 2,
      },
      {
        userId: 'liuyang',
        remark: '许静',
        description: '上海项目对接',
        createtime: 1730995200,
        tags: [T.lighting],
        remarkMobiles: [],
        addWay: 202,
      },
      {
        userId: 'wangfang',
        remark: '许静（屹立）',
        description: '',
        createtime: 1731600000,
        tags: [T.lighting],
        remarkMobiles: [],
        addWay: 202,
      },
    ],
  }),
]

/** One member of a customer group, as WeCom's externalcontact/groupchat/get lists it (names are looked up). */
export interface DemoGroupMember {
  /** A staff userid (type 1) or a customer's external_userid (type 2). */
  userId: string
  type: 1 | 2
  /** Unix seconds. */
  joinTime: number
  /** 1 invited directly, 2 invited by link, 3 scanned the group QR code (then WeCom names no invitor). */
  joinScene: 1 | 2 | 3
  invitor?: string
  groupNickname: string
}

export interface DemoGroup {
  chatId: string
  name: string
  /** The owner's staff userid. */
  owner: string
  notice: string
  /** Unix seconds. */
  createTime: number
  members: DemoGroupMember[]
  admins: string[]
}

type GroupCustomer = { name: string; nickname?: string; scene?: 1 | 2 | 3; by?: string }
const externalIdOf = (name: string) => demoContacts.find((c) => c.name === name)!.externalUserId

/** Owner first, then the other staff a few minutes later, then customers over the following days. */
function groupChat(g: Omit<DemoGroup, 'members'> & { staff: string[]; customers: GroupCustomer[] }): DemoGroup {
  const { staff: others, customers, ...rest } = g
  const members: DemoGroupMember[] = [
    { userId: g.owner, type: 1, joinTime: g.createTime, joinScene: 1, groupNickname: '' },
    ...others.map((userId, i): DemoGroupMember => ({
      userId,
      type: 1,
      joinTime: g.createTime + (i + 1) * 300,
      joinScene: 1,
      invitor: g.owner,
      groupNickname: '',
    })),
    ...customers.map((c, i): DemoGroupMember => ({
      userId: externalIdOf(c.name),
      type: 2,
      joinTime: g.createTime + (i + 1) * 86_400 + i * 1_237,
      joinScene: c.scene ?? 1,
      ...(c.scene === 3 ? {} : { invitor: c.by ?? g.owner }),
      groupNickname: c.nickname ?? '',
    })),
  ]
  return { ...rest, members }
}

/** The ids of the demo customer groups (the same chats the demo campaigns name), for tests and the playground. */
export const demoGroupIds = {
  /** Owned by zhangwei; wangfang is in it, lina is not. */
  lockVip: 'wrcXJ7Qz8oVKRiP0WIDGw1QU6A6T8r',
  /** Owned by lina; zhangwei is a member. */
  showroom: 'wrnLu81ri5vLv4eoIBm8yzPc6rvCyO',
  /** Owned by lina; zhangwei is not in it. */
  owners: 'wrt34aCPFIQWIA7FGK0LAIVNUn1CG4',
} as const

export const demoGroups: readonly DemoGroup[] = [
  groupChat({
    chatId: demoGroupIds.lockVip,
    name: '星禾门锁VIP客户群',
    owner: 'zhangwei',
    createTime: 1704171600,
    admins: ['wangfang'],
    notice: '本群为星禾智能门锁 VIP 客户专属服务群：门锁使用、换电池、录指纹等问题请直接@王芳，工作日 9:00–18:00 一小时内响应。',
    staff: ['wangfang'],
    customers: [
      { name: '陈晓雯', nickname: '晓雯' },
      { name: '冯志强', nickname: '恒泰-冯志强' },
      { name: '郑浩然', scene: 3 },
      { name: '马国庆', by: 'wangfang' },
    ],
  }),
  groupChat({
    chatId: demoGroupIds.showroom,
    name: '滨江样板间体验群',
    owner: 'lina',
    createTime: 1711933200,
    admins: [],
    notice: '滨江样板间每周六、周日 10:00–17:00 开放，全屋智能场景现场体验；到店前请在群里接龙预约，停车请报「星禾」。',
    staff: ['zhangwei'],
    customers: [
      { name: '周杰', by: 'zhangwei' },
      { name: '孙丽', nickname: '孙丽-滨江' },
      { name: '王秀英', scene: 2, by: 'zhangwei' },
      { name: '吴敏', nickname: '甬居-吴敏', by: 'zhangwei' },
    ],
  }),
  groupChat({
    chatId: demoGroupIds.owners,
    name: '星禾智能·杭州业主1群',
    owner: 'lina',
    createTime: 1725411600,
    admins: ['wangfang'],
    notice: '欢迎各位业主！产品使用问题在群里提问即可，售后报修请拨 400-826-1888。群内请勿发广告。',
    staff: ['wangfang', 'liuyang'],
    customers: [
      { name: '何雨桐' },
      { name: '林子涵', scene: 3 },
      { name: '许静', nickname: '屹立设计-许静', by: 'liuyang' },
      { name: '马国庆', by: 'wangfang' },
    ],
  }),
]

/** A customer's address at Youmi, in the camelCase of the seed's listMass fields. */
export interface DemoYoumiLink {
  externalUserId: string
  youmi: {
    adWechatId: number
    machineKey: string
    machineName: string
    qvCompanyId: string
    objectId: string
    objectNickname: string
    belongStaffCode: string
  }
}

// Two RPA phones: zhangwei's (the seed's own example device) and lina's.
const zhangweiPhone = { adWechatId: 45292, machineKey: 'zvzv9223', machineName: 'P01', belongStaffCode: 'zhangwei' }
const linaPhone = { adWechatId: 45307, machineKey: 'lnkq5512', machineName: 'P02', belongStaffCode: 'lina' }

export const demoYoumiLinks: readonly DemoYoumiLink[] = [
  {
    externalUserId: 'wmMx67XK4sUSYgoUH04Jnm1yHv6QizOD',
    youmi: { ...zhangweiPhone, qvCompanyId: '', objectId: '2716475', objectNickname: '晓雯🌸' },
  },
  {
    externalUserId: 'wm2g1C8OIFD5bYLHjs6vGiNEMVOdbnRb',
    youmi: { ...zhangweiPhone, qvCompanyId: '1970325084101', objectId: '2716502', objectNickname: '赵建国@绿城物业' },
  },
  {
    externalUserId: 'wm3ZMpJpx9TSx3aAcV9JknW7TrB5iQF9',
    youmi: { ...zhangweiPhone, qvCompanyId: '', objectId: '2716533', objectNickname: '丽丽' },
  },
  {
    externalUserId: 'wmgDQI5Vg0a9qRghiJ9aYnBVzp35kFo8',
    youmi: { ...zhangweiPhone, qvCompanyId: '', objectId: '2716580', objectNickname: 'Jay周' },
  },
  {
    externalUserId: 'wm8Y29g6ZoGhRBr3FeLTcgMp79cOUFIZ',
    youmi: { ...zhangweiPhone, qvCompanyId: '', objectId: '2716614', objectNickname: '浩然' },
  },
  {
    externalUserId: 'wmPzhaRv3b59REqcBI8IYWFhfByCrTZH',
    youmi: { ...zhangweiPhone, qvCompanyId: '', objectId: '2716655', objectNickname: '秀英' },
  },
  {
    externalUserId: 'wmzkHoGilulc5YbhrAhcx2IrqOtc0bn1',
    youmi: { ...linaPhone, qvCompanyId: '', objectId: '2731187', objectNickname: '雨桐Tong' },
  },
]

export interface DemoCampaignRef {
  taskId: number
  name: string
}

/** The WShoto bulk-send tasks the demo tracks (their details live in demo-campaigns.ts). */
export const demoCampaignIds: readonly DemoCampaignRef[] = [
  { taskId: 30101, name: '双十一全屋智能焕新季·预热通知' },
  { taskId: 30102, name: '老客户专属·门锁以旧换新补贴' },
  { taskId: 30103, name: '新品发布会直播提醒（客户群）' },
  { taskId: 30104, name: '品牌故事：星禾十年匠心' },
  { taskId: 30105, name: '员工朋友圈·年终大促倒计时' },
  { taskId: 30106, name: '售后回访·安装满意度调查' },
  { taskId: 30107, name: '周末体验店开放日邀请（社群）' },
  { taskId: 30108, name: '指定客户群·上门安装服务通知' },
  { taskId: 30109, name: '高意向人群包·年终回馈礼' },
  { taskId: 30110, name: '全体客户·春节放假及售后安排' },
  { taskId: 30111, name: '全部客户群·会员服务升级公告' },
]

export function findStaff(userId: string): DemoStaff | undefined {
  return demoStaff.find((s) => s.userId === userId)
}

export function findContact(externalUserId: string): DemoContact | undefined {
  return demoContacts.find((c) => c.externalUserId === externalUserId)
}

export function findGroup(chatId: string): DemoGroup | undefined {
  return demoGroups.find((g) => g.chatId === chatId)
}
