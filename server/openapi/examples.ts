/**
 * Examples for the OpenAPI document, recorded from the demo (the simulator's data) and trimmed. They are parsed with
 * the routes' schemas whenever the document is built (./index.ts), so they cannot drift from the contracts.
 */
export const EXAMPLE_IDS = {
  contact: 'wmMx67XK4sUSYgoUH04Jnm1yHv6QizOD',
  group: 'wrcXJ7Qz8oVKRiP0WIDGw1QU6A6T8r',
  friend: '3b0f8a52-6c1e-4d7a-9f2b-5e8c1a4d7b90',
  send: '8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a',
  file: '5f3c9a10-7b2e-4c1d-9e0a-00000000f005',
  campaign: 30101,
}

export const exampleSend = {
  id: EXAMPLE_IDS.send,
  channel: 'rpa',
  status: 'submitted',
  taskId: 5120,
  contact: { externalUserId: EXAMPLE_IDS.contact },
  group: null,
  friend: null,
  content: [{ type: 'text', text: '您好，这是本周的新品价目表。' }],
  scheduleAt: null,
  createdAt: '2026-12-02T06:00:00.000Z',
  updatedAt: '2026-12-02T06:00:01.000Z',
  error: null,
}

export const exampleMaterial = {
  id: '5f3c9a10-7b2e-4c1d-9e0a-00000000a007',
  title: '2025 产品价格表（PDF）',
  folder: '价格政策',
  tags: ['价格', '报价'],
  content: { type: 'file', file: { fileId: '5f3c9a10-7b2e-4c1d-9e0a-00000000f005', name: '星禾智能家居产品价格表2025.pdf', size: 6115 } },
  createdBy: 'zhangwei',
  createdAt: '2026-11-26T13:43:39.266Z',
  updatedAt: '2026-11-26T13:43:39.266Z',
  useCount: 23,
}

export const examplePlayground = {
  contacts: [
    {
      externalUserId: 'wmMx67XK4sUSYgoUH04Jnm1yHv6QizOD',
      name: '陈晓雯-滨江新房',
      avatar: '/sim/sim-assets/avatar/wmMx67XK4sUSYgoUH04Jnm1yHv6QizOD.svg',
      preview: '好的，顺便想问下客厅的智能灯带怎么收费',
      messages: [
        {
          from: 'customer',
          text: '你好，滨江新房下个月进场装修，想先把门锁定下来',
        },
        {
          from: 'staff',
          text: '您好晓雯！新房建议选 X3 Pro，3D 人脸加指纹，猫眼屏能看门外',
        },
      ],
    },
  ],
  groups: [
    {
      chatId: 'wrcXJ7Qz8oVKRiP0WIDGw1QU6A6T8r',
      name: '星禾门锁VIP客户群',
      memberCount: 6,
      preview: '马国庆：收到，谢谢',
      messages: [
        {
          from: 'customer',
          text: '请问门锁提示「电量低」，一般还能用多久？',
          name: '晓雯',
        },
        {
          from: 'staff',
          text: '提示后还能开 200 次左右，建议这周换上 8 节 5 号碱性电池',
          name: '王芳',
        },
      ],
    },
  ],
}

export const exampleReach = {
  taskId: 30101,
  name: '双十一全屋智能焕新季·预热通知',
  type: {
    code: 10,
    label: '企业群发客户',
    target: 'customer',
    sender: 'corp',
  },
  status: {
    code: 3,
    label: '已结束',
    inProgress: false,
  },
  createdBy: 'zhangwei',
  createdAt: '2026-11-24T13:43:00.000Z',
  sendAt: '2026-11-25T13:43:00.000Z',
  endAt: '2026-11-28T13:43:00.000Z',
  content: '【星禾智能家居】双十一全屋智能焕新季开启预约！门锁、照明、扫地机器人全场8折起，预约到店再领200元安装券。',
  staff: {
    planned: 36,
    notSent: 2,
    succeeded: 33,
    failed: 1,
  },
  targets: {
    planned: 2480,
    notSent: 169,
    delivered: 2215,
    failed: 96,
    excess: 38,
  },
  rates: {
    delivery: 0.8931,
    staffCompletion: 0.9167,
  },
  interactions: null,
  materials: [
    {
      id: 7301,
      type: 6,
      title: '双十一焕新季主海报',
      combinationId: null,
      packageConfigId: '1823',
      activityKind: null,
      state: 'ok',
      stateLabel: '正常',
    },
    {
      id: 7302,
      type: 7,
      title: '门锁两人拼团',
      combinationId: 'cb_1111_0007',
      packageConfigId: '1823',
      activityKind: 'groupBuy',
      state: 'ok',
      stateLabel: '正常',
    },
    {
      id: 7303,
      type: 2,
      title: '全屋智能装修避坑指南（已下架）',
      combinationId: null,
      packageConfigId: '1823',
      activityKind: null,
      state: 'deleted',
      stateLabel: '已删除',
    },
  ],
  audience: {
    kind: 'corpToCustomers',
    label: '企业群发客户',
    allCustomers: false,
    allGroups: false,
    allStaff: false,
    unrecognized: [],
    summary:
      '企业群发客户 · 添加人：3 名员工、2 个部门、1 个员工标签 · 添加时间：2024-01-01 00:00:00 至 2024-10-31 23:59:59 · 包含标签（同组为或、不同组为且）：全屋智能套装、智能门锁、A级·重点客户 · 排除标签：已成交 或 双十一已领券 · 客户标签：A级·重点客户、B级·意向客户、全屋智能套装 等 4 个标签 · 地区：浙江省杭州市滨江区、浙江省杭州市西湖区 · 所在群聊：滨江样板间体验群、星禾门锁VIP客户群 · 年龄：25~45 岁 · 备注含：新房、装修 · 描述含：门锁、全屋智能',
    addedBy: {
      staffIds: ['zhangwei', 'lina', 'liuyang'],
      departmentIds: [2, 5],
      staffTags: [
        {
          id: '2',
          name: '金牌销售',
        },
      ],
    },
    addedBetween: {
      from: '2024-01-01 00:00:00',
      to: '2024-10-31 23:59:59',
    },
    excludeTags: {
      rule: 'any',
      tags: [
        {
          id: 'etDxVUTpqeQq2ovNF1lEfa',
          name: '已成交',
          type: 'corp',
          valid: true,
        },
        {
          id: 'etFq2mV8xKpL0cZ4sYh7Tb',
          name: '双十一已领券',
          type: 'corp',
          valid: false,
        },
      ],
    },
    tagGroups: [
      {
        id: 'etGk5Lm2Qz8RvX1cWb7Ne0',
        name: '客户等级',
        tags: [
          {
            id: 'et9DPh2btQyA8UwgDOqY3e',
            name: 'A级·重点客户',
            type: 'corp',
            valid: true,
          },
          {
            id: 'etP7qvYT4xbM1BCuZJxvbl',
            name: 'B级·意向客户',
            type: 'corp',
            valid: true,
          },
        ],
      },
      {
        id: 'etHp3Ds9Yu4TaJ6fKq1Mx2',
        name: '意向产品',
        tags: [
          {
            id: 'et2583oaun408NPuvAC86F',
            name: '全屋智能套装',
            type: 'corp',
            valid: true,
          },
          {
            id: 'etyHDjZ46O4jHMhoZIrQe5',
            name: '智能门锁',
            type: 'corp',
            valid: true,
          },
        ],
      },
    ],
    regions: [
      {
        code: '330108',
        name: '浙江省,杭州市,滨江区',
      },
      {
        code: '330106',
        name: '浙江省,杭州市,西湖区',
      },
    ],
    groupChats: [
      {
        id: 'wrnLu81ri5vLv4eoIBm8yzPc6rvCyO',
        name: '滨江样板间体验群',
        state: 'ok',
      },
      {
        id: 'wrcXJ7Qz8oVKRiP0WIDGw1QU6A6T8r',
        name: '星禾门锁VIP客户群',
        state: 'dismissed',
      },
    ],
    gender: 'all',
    ageRange: {
      min: 25,
      max: 45,
    },
    remarkKeywords: ['新房', '装修'],
    descriptionKeywords: ['门锁', '全屋智能'],
    includeTags: {
      rule: 'groupOrAcrossAnd',
      tags: [
        {
          id: 'et2583oaun408NPuvAC86F',
          name: '全屋智能套装',
          type: 'corp',
          valid: true,
        },
        {
          id: 'etyHDjZ46O4jHMhoZIrQe5',
          name: '智能门锁',
          type: 'corp',
          valid: true,
        },
        {
          id: 'et9DPh2btQyA8UwgDOqY3e',
          name: 'A级·重点客户',
          type: 'corp',
          valid: true,
        },
      ],
    },
  },
  names: {
    staff: { zhangwei: '张伟', lina: '李娜', liuyang: '刘洋' },
    departments: { '2': '销售部', '5': '华东大区' },
  },
  fetchedAt: '2026-12-02T13:43:39.743Z',
  stale: null,
}

const vendorExample = (vendor: 'wecom' | 'youmi' | 'wshoto', name: string, baseUrl: string) => ({
  vendor,
  name,
  simulated: false,
  baseUrl,
  credentials: { ok: true, checkedAt: '2026-12-02T08:00:00.000Z', checks: [{ id: `${vendor}Token`, name: 'access_token', ok: true }] },
  breaker: 'closed' as const,
  lastHour: { calls: 42, failures: 0, byCode: [] },
  lastError: null,
  clockSkewSeconds: 0,
  clockOk: true,
})

/** `GET /api/admin/status` on a healthy deployment but for one WeCom call refused an hour ago for the IP. */
export const exampleStatus = {
  checkedAt: '2026-12-02T08:00:00.000Z',
  vendors: [
    {
      ...vendorExample('wecom', '企业微信', 'https://qyapi.weixin.qq.com'),
      lastHour: { calls: 120, failures: 1, byCode: [{ code: 'WECOM_IP_NOT_TRUSTED', vendorCode: '60020', count: 1 }] },
      lastError: {
        at: '2026-12-02T07:31:12.000Z',
        op: 'externalcontact/get',
        code: 'WECOM_IP_NOT_TRUSTED',
        vendorCode: '60020',
        message: '代理服务器的出口 IP 不在应用的「企业可信IP」中：请管理员在企业微信后台添加。',
        advice: '把本服务的出口 IP 加入企业可信IP（企业微信管理后台 → 应用管理 → 本应用 → 企业可信IP）。',
        adviceKey: 'wecom:60020',
      },
    },
    vendorExample('youmi', '友米', 'https://youmi.example.com/publicapi'),
    vendorExample('wshoto', '微盛', 'https://open.wshoto.com'),
  ],
  signature: [
    {
      id: 'signatureVector',
      name: '官方示例签名',
      ok: true,
      detail: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
      detailKey: 'signature',
      params: { signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed' },
    },
    {
      id: 'signatureLive',
      name: '为 https://sidebar.example.com/ 签名',
      ok: true,
      detail: '企业签名 5c1e0a3b…，应用签名 9d2f47e1…',
      detailKey: 'signed',
      params: { page: 'https://sidebar.example.com/', corp: '5c1e0a3b', agent: '9d2f47e1' },
    },
  ],
  publicUrl: { url: 'https://sidebar.example.com', checks: [{ id: 'https', name: 'HTTPS', ok: true }] },
  database: {
    kind: 'postgres' as const,
    ok: true,
    migrationsApplied: 2,
    migrationsExpected: 2,
    sizeBytes: 9_437_184,
    filesBytes: 1_048_576,
  },
  app: {
    version: '0.1.0',
    startedAt: '2026-12-01T22:00:00.000Z',
    demo: false,
    instanceId: '5b0c8a1e-3f55-4a8e-9d7c-1f2e3d4c5b6a',
    instances: [
      {
        id: '5b0c8a1e-3f55-4a8e-9d7c-1f2e3d4c5b6a',
        host: 'sidebar-1',
        version: '0.1.0',
        startedAt: '2026-12-01T22:00:00.000Z',
        seenAt: '2026-12-02T07:59:45.000Z',
      },
    ],
  },
  nextCheckAt: '2026-12-02T08:00:30.000Z',
}
