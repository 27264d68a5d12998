import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  vendorInt,
  WshotoEnvelopeHead,
  WshotoRangeInfo,
  WshotoTaskDetail,
  WshotoTaskDetailAnswer,
  WshotoTokenData,
  wshotoEnvelope,
  type WshotoRangeFilterType,
} from './schemas.js'

const fixture = (path: string) => readFileSync(new URL(`../../../test/fixtures/wshoto/${path}`, import.meta.url), 'utf8')
const seedAnswer = () => JSON.parse(fixture('task-detail.seed.json')) as { data: Record<string, unknown> }
/** The seed's example range_info for a filter type, parsed with that type's schema. */
const rangeInfo = <T extends WshotoRangeFilterType>(t: T) =>
  WshotoRangeInfo[t].parse(JSON.parse(fixture(`range-info/${t}.json`))) as z.output<(typeof WshotoRangeInfo)[T]>

describe('WShoto task detail answer', () => {
  it('parses the seed example response field by field', () => {
    const answer = WshotoTaskDetailAnswer.parse(seedAnswer())
    expect(answer.code).toBe(0)
    expect(answer.msg).toBe('请求成功')
    const d = answer.data!
    expect([d.task_id, d.task_name, d.task_status, d.type, d.create_user_id]).toEqual([2, 'fake_data', 1, 10, 'fake_data'])
    expect([d.send_time, d.end_time, d.create_time, d.content]).toEqual([57, 59, 37, 'fake_data'])
    expect([d.plan_staff_qty, d.no_send_staff_qty, d.success_staff_qty, d.fail_staff_qty]).toEqual([27, 79, 25, 80])
    expect([d.plan_target_qty, d.no_send_target_qty, d.success_target_qty, d.fail_target_qty, d.excess_target_qty]).toEqual([
      67, 73, 3, 5, 72,
    ])
    expect([d.comment_staff_qty, d.comment_customer_qty, d.like_staff_qty, d.like_customer_qty]).toEqual([52, 93, 54, 89])
    expect(d.material_infos).toEqual([
      {
        material_id: 73,
        material_type: 42,
        title: 'fake_data',
        combination_id: 'fake_data',
        package_config_id: 'fake_data',
        act_child_type: 1,
        status: 0,
      },
    ])
    expect(d.filter_range_info).toEqual({
      filter_type: 'fake_data',
      is_all_customer: false,
      is_all_customer_group: true,
      all_staff: false,
      range_info: 'fake_data',
    })
  })

  it('coerces numeric strings and rejects anything that is not an integer', () => {
    const raw = seedAnswer().data
    const d = WshotoTaskDetail.parse({ ...raw, task_id: '9007199254740991', plan_staff_qty: ' 27 ', task_status: '-1' })
    expect([d.task_id, d.plan_staff_qty, d.task_status]).toEqual([9007199254740991, 27, -1])
    for (const bad of ['', '27a', '2.5', 2.5, '1e3', '9007199254740993', null, true]) {
      expect(WshotoTaskDetail.safeParse({ ...raw, plan_staff_qty: bad }).success, `plan_staff_qty=${String(bad)}`).toBe(false)
    }
  })

  it('defaults missing or null optional fields', () => {
    const raw = seedAnswer().data
    const { comment_staff_qty: _a, like_customer_qty: _b, send_time: _c, ...rest } = raw
    const d = WshotoTaskDetail.parse({
      ...rest,
      content: null,
      material_infos: null,
      create_user_id: null,
      end_time: null,
      comment_customer_qty: null,
    })
    expect([d.content, d.create_user_id, d.material_infos]).toEqual(['', '', []])
    expect([d.send_time, d.end_time]).toEqual([null, null])
    expect([d.comment_staff_qty, d.comment_customer_qty, d.like_customer_qty, d.like_staff_qty]).toEqual([0, 0, 0, 54])
    const sparse = WshotoTaskDetail.parse({
      ...raw,
      material_infos: [{ material_id: '8' }],
      filter_range_info: { filter_type: 'AllCustomer' },
    })
    expect(sparse.material_infos[0]).toEqual({
      material_id: 8,
      material_type: null,
      title: '',
      combination_id: null,
      package_config_id: null,
      act_child_type: null,
      status: null,
    })
    expect(sparse.filter_range_info).toEqual({
      filter_type: 'AllCustomer',
      is_all_customer: false,
      is_all_customer_group: false,
      all_staff: false,
      range_info: null,
    })
  })

  it('fails on a wrong type for a required field', () => {
    const raw = seedAnswer().data
    expect(WshotoTaskDetail.safeParse({ ...raw, task_status: '进行中' }).success).toBe(false)
    expect(WshotoTaskDetail.safeParse({ ...raw, task_name: 5 }).success).toBe(false)
    expect(WshotoTaskDetail.safeParse({ ...raw, success_target_qty: undefined }).success).toBe(false)
    expect(WshotoTaskDetail.safeParse({ ...raw, filter_range_info: undefined }).success).toBe(false)
    expect(WshotoTaskDetail.safeParse({ ...raw, filter_range_info: { filter_type: 7 } }).success).toBe(false)
    expect(WshotoTaskDetail.safeParse({ ...raw, material_infos: [{ title: 'no id' }] }).success).toBe(false)
  })

  it('keeps unknown extra fields and accepts 0/1 booleans and a decoded range_info', () => {
    const raw = seedAnswer().data
    const d = WshotoTaskDetail.parse({
      ...raw,
      tenant_name: 'extra',
      filter_range_info: {
        filter_type: 'CrowdPack',
        is_all_customer: 1,
        is_all_customer_group: 'false',
        all_staff: 0,
        range_info: { crowd_packs: [] },
      },
    })
    expect(d['tenant_name']).toBe('extra')
    expect(d.filter_range_info).toMatchObject({
      is_all_customer: true,
      is_all_customer_group: false,
      all_staff: false,
      range_info: { crowd_packs: [] },
    })
    expect(WshotoTaskDetail.safeParse({ ...raw, filter_range_info: { filter_type: 'AllCustomer', all_staff: 'yes' } }).success).toBe(false)
  })
})

describe('WShoto envelope and token', () => {
  it('reads a failure with data null or missing', () => {
    expect(WshotoTaskDetailAnswer.parse({ code: 10001, msg: 'access_token 无效', data: null })).toEqual({
      code: 10001,
      msg: 'access_token 无效',
      data: null,
    })
    expect(wshotoEnvelope(WshotoTokenData).parse({ code: '40001' })).toEqual({ code: 40001, msg: '', data: null })
    expect(WshotoEnvelopeHead.parse({ code: 500, msg: 'x', data: { anything: true } }).code).toBe(500)
    expect(WshotoEnvelopeHead.safeParse({ msg: 'no code' }).success).toBe(false)
  })

  it('parses the token answer', () => {
    const answer = wshotoEnvelope(WshotoTokenData).parse({
      code: 0,
      msg: 'success',
      data: { access_token: 'tok', expires_in: 7200, create_at: 1723700000 },
    })
    expect(answer.data).toEqual({ access_token: 'tok', expires_in: 7200, create_at: 1723700000 })
    expect(WshotoTokenData.parse({ access_token: 'tok', expires_in: '7200' })).toEqual({
      access_token: 'tok',
      expires_in: 7200,
      create_at: null,
    })
    expect(WshotoTokenData.safeParse({ access_token: '', expires_in: 7200 }).success).toBe(false)
    expect(WshotoTokenData.safeParse({ access_token: 'tok', expires_in: 0 }).success).toBe(false)
  })

  it('vendorInt is exact about what counts as an integer', () => {
    expect(vendorInt.parse('-12')).toBe(-12)
    expect(vendorInt.safeParse('0x10').success).toBe(false)
    expect(vendorInt.safeParse(Number.NaN).success).toBe(false)
  })
})

describe('range_info shapes from the seed', () => {
  it('CorpSend2Customer reads `locations` and a string chat status', () => {
    const r = rangeInfo('CorpSend2Customer')
    expect(r.add_user_range).toMatchObject({
      user_ids: ['test_a29da7427c0b'],
      dept_ids: [70],
      user_tags: [{ tag_id: 'test_cf873d1ac9f7', tag_name: 'test_bcbcda0f2044' }],
    })
    expect(r.add_time_range).toMatchObject({ start_time: 'test_4c0647f811f9', end_time: 'test_5bb4fc1407f0' })
    expect(r.include_tags?.operator).toBe(99)
    expect(r.include_tags?.tag_detail_list[0]).toMatchObject({
      tag_id: 'test_98b8d38873c3',
      tag_type: 38,
      strategy_id: 82,
      auth: 56,
      status: 76,
      desc: 'test_17aa31492143',
    })
    expect(r.locations).toEqual([{ region_code: 'test_7fd3e441dcaa', region_remark: 'test_c71ede997fd2' }])
    expect(r.location).toEqual([])
    expect(r.chat_list[0]?.status).toBe('test_fbe5fdb41483')
    expect([r.sex, r.age_range]).toEqual(['test_d56c33a50723', 'test_dce6b7dfb984'])
    expect(r.tag_groups[0]?.tag_group_name).toBe('test_374d81e0a629')
  })

  it('StaffSend2Customer reads `location`, an int chat status and user_customer_info', () => {
    const r = rangeInfo('StaffSend2Customer')
    expect(r.location).toEqual([{ region_code: 'test_6f5f8d0d3166', region_remark: 'test_b1adf675efac' }])
    expect(r.locations).toEqual([])
    expect(r.user_customer_info).toEqual({ user_id_1: ['customer_id_1', 'customer_id_2'], user_id_2: ['customer_id_2', 'customer_id_2'] })
    const intStatus = WshotoRangeInfo.StaffSend2Customer.parse({ chat_list: [{ chat_id: 'c1', chat_name: 'n', status: 101 }] })
    expect(intStatus.chat_list[0]?.status).toBe(101)
  })

  it('group, moment, open and crowd-pack shapes', () => {
    expect(rangeInfo('CorpSend2CustomerGroup').user_chat_info).toEqual({
      user_id_1: ['chat_id_1', 'chat_id_2'],
      user_id_2: ['chat_id_2', 'chat_id_2'],
    })
    expect(rangeInfo('StaffSend2CustomerGroup').group_name_list).toEqual(['test_1f66bf99bec8'])
    expect(rangeInfo('CorpSend2Moment').tag_groups[0]?.tag_detail_list[0]).toMatchObject({
      tag_id: 'fake_data',
      tag_type: 1,
      status: 0,
      auth: null,
    })
    expect(rangeInfo('StaffSend2Moment').exclude_tags?.operator).toBe(1)
    expect(rangeInfo('OpenSend2Customer').user_customer_info['user_id_1']).toEqual(['customer_id_1', 'customer_id_2'])
    expect(rangeInfo('OpenSend2CustomerGroup').user_chat_info['user_id_2']).toEqual(['chat_id_2', 'chat_id_2'])
    expect(rangeInfo('CrowdPack')).toEqual({
      tenant_id: 'test_tenant_id',
      crowd_packs: [{ id: 54579846213, name: '人群包', deleted: false }],
    })
  })

  it('an empty object is a valid range with no filters', () => {
    expect(WshotoRangeInfo.CorpSend2Customer.parse({})).toMatchObject({
      add_user_range: null,
      include_tags: null,
      locations: [],
      sex: '',
      tag_groups: [],
    })
    expect(WshotoRangeInfo.OpenSend2Customer.parse({ user_customer_info: null })).toEqual({ user_customer_info: {} })
  })

  it('rejects filters of the wrong type', () => {
    expect(WshotoRangeInfo.CorpSend2Customer.safeParse({ add_user_range: { user_ids: 'abc' } }).success).toBe(false)
    expect(WshotoRangeInfo.OpenSend2Customer.safeParse({ user_customer_info: ['a'] }).success).toBe(false)
    expect(WshotoRangeInfo.CrowdPack.safeParse({ crowd_packs: [{ name: 'no id' }] }).success).toBe(false)
    expect(WshotoRangeInfo.CorpSend2Moment.safeParse([]).success).toBe(false)
  })
})
