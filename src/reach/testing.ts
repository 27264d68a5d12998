// Reach answers for unit tests (never imported by the app): held to the contract so they stay realistic.
import { Reach, TASK_STATUSES, TASK_TYPES, type TaskStatusCode, type TaskTypeCode } from '../../contracts/reach.js'

export function makeReach(
  overrides: Partial<Omit<Reach, 'type' | 'status'>> & { type?: TaskTypeCode; status?: TaskStatusCode } = {},
): Reach {
  const { type = 10, status = 2, ...rest } = overrides
  const t = TASK_TYPES[type]
  const s = TASK_STATUSES[status]
  return Reach.parse({
    taskId: 30101,
    name: '双十一全屋智能焕新季·预热通知',
    type: { code: type, label: t.label, target: t.target, sender: t.sender },
    status: { code: status, label: s.label, inProgress: s.inProgress },
    createdBy: 'zhangwei',
    createdAt: '2025-11-01T02:00:00.000Z',
    sendAt: '2025-11-02T02:00:00.000Z',
    endAt: null,
    content: '双十一全屋智能焕新季开启预约！',
    staff: { planned: 36, notSent: 2, succeeded: 33, failed: 1 },
    targets: { planned: 2480, notSent: 169, delivered: 2215, failed: 96, excess: 38 },
    rates: { delivery: 0.8931, staffCompletion: 0.9167 },
    interactions: t.target === 'moment' ? { likes: { staff: 22, customers: 315 }, comments: { staff: 6, customers: 48 } } : null,
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
        id: 7303,
        type: 2,
        title: '装修避坑指南',
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
      summary: '企业群发客户 · 添加人：3 名员工 · 包含标签：A级 或 B级',
      addedBy: { staffIds: ['zhangwei', 'lina', 'liuyang'], departmentIds: [], staffTags: [] },
      addedBetween: null,
      includeTags: {
        rule: 'any',
        tags: [
          { id: 'et1', name: 'A级', type: 'corp', valid: true },
          { id: 'et2', name: 'B级', type: 'corp', valid: true },
        ],
      },
      excludeTags: null,
      tagGroups: [],
      regions: [],
      groupChats: [],
      gender: null,
      ageRange: null,
      remarkKeywords: [],
      descriptionKeywords: [],
    },
    fetchedAt: '2025-11-20T10:00:00.000Z',
    stale: null,
    names: { staff: {}, departments: {} },
    ...rest,
  })
}
