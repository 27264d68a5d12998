import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { simTestCredentials as creds, testSim, type TestSim } from './testing.js'

const y = creds.youmi
/** The seed's own example body, byte for byte (tabs included). */
const seedBody = readFileSync(new URL('./fixtures/youmi-save-example.json', import.meta.url), 'utf8')
const seed = JSON.parse(seedBody)

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const goodForm = { client_id: y.clientId, client_secret: y.clientSecret, scope: y.scope, grant_type: 'client_credentials' }

async function tokenCall(sim: TestSim, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return sim.app.inject({
    method: 'POST',
    url: '/connect/token',
    payload: form(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  })
}

async function token(sim: TestSim): Promise<string> {
  return (await tokenCall(sim, goodForm)).json().access_token
}

async function call(sim: TestSim, path: string, body: unknown, headers: Record<string, string | undefined>) {
  const res = await sim.app.inject({
    method: 'POST',
    url: path,
    payload: typeof body === 'string' ? body : JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      ...(Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>),
    },
  })
  expect(res.statusCode).toBe(200)
  return res.json()
}

async function save(sim: TestSim, body: unknown, t?: string) {
  return call(sim, '/v2/BulkSend/SaveBulkSendTask', body, { authorization: `Bearer ${t ?? (await token(sim))}`, tenantid: y.tenantId })
}

async function remove(sim: TestSim, id: unknown, t: string) {
  return call(sim, '/v2/BulkSend/DeleteBulkSendTask', { id }, { authorization: `Bearer ${t}`, tenantid: y.tenantId })
}

const ENVELOPE_KEYS = ['errdesc', 'errmsg', 'msgTime', 'requestId', 'succeed', 'values']

describe('Youmi /connect/token', () => {
  it('grants a Bearer token for client credentials', async () => {
    const sim = testSim()
    const res = await tokenCall(sim, goodForm)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ access_token: expect.any(String), expires_in: 7200, token_type: 'Bearer', scope: y.scope })
    expect(res.json().access_token.split('.')).toHaveLength(3)
  })

  it('also takes the client through HTTP Basic and defaults the scope', async () => {
    const sim = testSim()
    const basic = Buffer.from(`${y.clientId}:${y.clientSecret}`).toString('base64')
    const res = await tokenCall(sim, { grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` })
    expect(res.json()).toMatchObject({ token_type: 'Bearer', scope: y.scope })
  })

  it('answers OAuth2 errors with HTTP 400', async () => {
    const sim = testSim()
    const cases: [Record<string, string>, string][] = [
      [{ ...goodForm, client_secret: 'wrong' }, 'invalid_client'],
      [{ ...goodForm, client_id: 'other' }, 'invalid_client'],
      [{ ...goodForm, grant_type: 'password' }, 'unsupported_grant_type'],
      [{ ...goodForm, scope: 'openid' }, 'invalid_scope'],
    ]
    for (const [fields, error] of cases) {
      const res = await tokenCall(sim, fields)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ error })
    }
    const json = await sim.app.inject({ method: 'POST', url: '/connect/token', payload: goodForm })
    expect(json.statusCode).toBe(400)
    expect(json.json()).toEqual({ error: 'invalid_request' })
  })
})

describe('Youmi SaveBulkSendTask', () => {
  it('accepts the seed example byte for byte and answers the seed envelope with task ids from 880', async () => {
    const sim = testSim()
    const t = await token(sim)
    const first = await save(sim, seedBody, t)
    expect(Object.keys(first).sort()).toEqual(ENVELOPE_KEYS)
    expect(first).toMatchObject({ errmsg: 20000, succeed: true, values: 880, errdesc: null })
    expect(first.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    // 2024-12-19T09:21:51Z on the test clock is 17:21:51 in Beijing, as in the seed's example answer.
    expect(first.msgTime).toBe('2024-12-19T17:21:51.0000000+08:00')
    expect((await save(sim, seedBody, t)).values).toBe(881)
    expect(sim.state.youmi.tasks.map((x) => [x.id, x.startTime, x.deleted])).toEqual([
      [880, 1734624000, false],
      [881, 1734624000, false],
    ])
    expect(sim.state.youmi.tasks[0]!.body).toEqual(seed)
  })

  it('accepts every task_content item format of the seed and a label list', async () => {
    const sim = testSim()
    const items = [
      { data: { content: '123' }, type: '0' },
      { data: { imgName: '微信图片.png', imgFormat: 'png', imgMediaUrl: 'http://ttimg.yunshouzhi.net/a.png?cos=3' }, type: '1' },
      { data: { videoName: 'video(5).mp4', videoFormat: 'mp4', videoMediaUrl: 'http://ttimg.yunshouzhi.net/a.mp4?cos=3' }, type: '2' },
      {
        data: { title: 'xxx', linkUrl: 'http://baidu.com/', description: 'ddd', thumbMediaUrl: 'http://ttimg.yunshouzhi.net/t.png' },
        type: '3',
      },
      { data: { fileName: 'video(15).mp4', fileFormat: 'mp4', fileMediaUrl: 'http://ttimg.yunshouzhi.net/f.mp4' }, type: '4' },
      {
        data: { flag: 'flag:000022', roomId: '46218981780@chatroom', msgType: '6', roomName: '8.22群共享', wechatId: 3430, wechatLei: 0 },
        type: '30',
      },
    ]
    const body = {
      ...seed,
      bulksend: { ...seed.bulksend, task_content: JSON.stringify(items) },
      chooseLabel: [{ ad_label_id: 262, ad_label_info_id: 1317, ad_label_info_name: '测试' }],
    }
    expect(await save(sim, body)).toMatchObject({ succeed: true, errmsg: 20000 })
  })

  const broken: [string, (b: any) => unknown, RegExp][] = [
    ['not JSON at all', () => '{"bulksend": ', /不是合法的 JSON/],
    ['no bulksend', (b) => ({ ...b, bulksend: undefined }), /bulksend 缺少该字段/],
    [
      'task_content not a string',
      (b) => ({ ...b, bulksend: { ...b.bulksend, task_content: [{ type: '0', data: { content: 'x' } }] } }),
      /bulksend\.task_content 必须是字符串/,
    ],
    ['task_content not JSON', (b) => ({ ...b, bulksend: { ...b.bulksend, task_content: 'hello' } }), /task_content 必须是 JSON 字符串/],
    ['task_content not an array', (b) => ({ ...b, bulksend: { ...b.bulksend, task_content: '{"type":"0"}' } }), /解析后必须是数组/],
    ['task_content empty', (b) => ({ ...b, bulksend: { ...b.bulksend, task_content: '[]' } }), /至少需要一条/],
    [
      'unknown item type',
      (b) => ({ ...b, bulksend: { ...b.bulksend, task_content: '[{"type":"5","data":{}}]' } }),
      /task_content\[0\]\.type 不支持的内容类型 "5"/,
    ],
    [
      'numeric item type',
      (b) => ({ ...b, bulksend: { ...b.bulksend, task_content: '[{"type":0,"data":{"content":"x"}}]' } }),
      /task_content\[0\]\.type 不支持/,
    ],
    [
      'image without url',
      (b) => ({ ...b, bulksend: { ...b.bulksend, task_content: '[{"type":"1","data":{"imgName":"a.png","imgFormat":"png"}}]' } }),
      /task_content\[0\]\.data\.imgMediaUrl 缺少该字段/,
    ],
    [
      'group share with string wechatId',
      (b) => ({
        ...b,
        bulksend: {
          ...b.bulksend,
          task_content:
            '[{"type":"30","data":{"flag":"f","roomId":"1@chatroom","msgType":"6","roomName":"r","wechatId":"3430","wechatLei":0}}]',
        },
      }),
      /data\.wechatId 必须是整数/,
    ],
    [
      'empty text',
      (b) => ({ ...b, bulksend: { ...b.bulksend, task_content: '[{"type":"0","data":{"content":""}}]' } }),
      /data\.content 不能为空字符串/,
    ],
    ['start_time a number', (b) => ({ ...b, bulksend: { ...b.bulksend, start_time: 1734624000 } }), /bulksend\.start_time 必须是字符串/],
    [
      'start_time not digits',
      (b) => ({ ...b, bulksend: { ...b.bulksend, start_time: '2024-12-20 00:00' } }),
      /start_time 必须是由数字组成的字符串/,
    ],
    ['task_type a string', (b) => ({ ...b, bulksend: { ...b.bulksend, task_type: '1' } }), /bulksend\.task_type 必须是整数/],
    ['empty listMass', (b) => ({ ...b, listMass: [] }), /listMass 不能为空数组/],
    ['listMass missing', (b) => ({ ...b, listMass: undefined }), /listMass 缺少该字段/],
    [
      'ad_wechat_id a string',
      (b) => ({ ...b, listMass: [{ ...b.listMass[0], ad_wechat_id: '45292' }] }),
      /listMass\[0\]\.ad_wechat_id 必须是整数/,
    ],
    [
      'entry missing object_id',
      (b) => ({ ...b, listMass: [b.listMass[0], { ...b.listMass[0], object_id: undefined }] }),
      /listMass\[1\]\.object_id 缺少该字段/,
    ],
    [
      'qv_company_id null',
      (b) => ({ ...b, listMass: [{ ...b.listMass[0], qv_company_id: null }] }),
      /listMass\[0\]\.qv_company_id 必须是字符串/,
    ],
    ['chooseLabel a number', (b) => ({ ...b, chooseLabel: 0 }), /chooseLabel 必须是空字符串/],
    ['chooseLabel entry broken', (b) => ({ ...b, chooseLabel: [{ ad_label_id: '262' }] }), /chooseLabel\[0\]\.ad_label_id 必须是整数/],
  ]

  it.each(broken)('answers 200003 with a precise errdesc: %s', async (_name, mutate, errdesc) => {
    const sim = testSim()
    const answer = await save(sim, mutate(structuredClone(seed)))
    expect(answer).toMatchObject({ errmsg: 200003, succeed: false, values: null })
    expect(answer.errdesc).toMatch(errdesc)
    expect(sim.state.youmi.tasks).toHaveLength(0)
  })

  it('answers 10003 for a missing, garbled, unknown, expired or revoked token', async () => {
    const sim = testSim({ tokenTtlSeconds: 100 })
    const t = await token(sim)
    const tokens = [undefined, t, `Bearer${t}`, 'Bearer nope']
    for (const [i, auth] of tokens.entries()) {
      const headers = { authorization: i === 1 ? t : auth, tenantid: y.tenantId }
      const answer = await call(sim, '/v2/BulkSend/SaveBulkSendTask', seedBody, headers)
      expect(answer, String(auth)).toMatchObject({ errmsg: 10003, succeed: false, values: null })
      expect(answer.errdesc).toMatch(/[\u4e00-\u9fa5]/)
    }
    sim.clock.t += 100_000
    expect((await save(sim, seedBody, t)).errmsg).toBe(10003)
    const fresh = await token(sim)
    await sim.app.inject({ method: 'POST', url: '/__sim/revoke', payload: { vendor: 'youmi' } })
    expect((await save(sim, seedBody, fresh)).errmsg).toBe(10003)
  })

  it('answers 200002 without TenantId and 200006 with a wrong one', async () => {
    const sim = testSim()
    const t = await token(sim)
    expect(await call(sim, '/v2/BulkSend/SaveBulkSendTask', seedBody, { authorization: `Bearer ${t}` })).toMatchObject({
      errmsg: 200002,
      succeed: false,
    })
    expect(await call(sim, '/v2/BulkSend/SaveBulkSendTask', seedBody, { authorization: `Bearer ${t}`, tenantid: '1' })).toMatchObject({
      errmsg: 200006,
      succeed: false,
    })
  })
})

describe('Youmi DeleteBulkSendTask', () => {
  it('deletes a task that has not started, once', async () => {
    const sim = testSim()
    const t = await token(sim)
    const future = String(Math.floor(sim.clock.t / 1000) + 3600)
    const id = (await save(sim, { ...seed, bulksend: { ...seed.bulksend, start_time: future } }, t)).values
    expect(await remove(sim, id, t)).toMatchObject({ errmsg: 20000, succeed: true, values: true, errdesc: null })
    expect(sim.state.youmi.tasks[0]!.deleted).toBe(true)
    expect(await remove(sim, id, t)).toMatchObject({ errmsg: 200009, succeed: false, values: null, errdesc: '群发任务不存在' })
    expect((await remove(sim, 4242, t)).errmsg).toBe(200009)
    expect((await remove(sim, 'abc', t)).errmsg).toBe(200003)
  })

  it('refuses to delete a task whose start_time has passed', async () => {
    const sim = testSim()
    const t = await token(sim)
    const id = (await save(sim, seedBody, t)).values
    sim.clock.t = 1734624000 * 1000 - 1
    expect((await remove(sim, id, await token(sim))).errmsg).toBe(20000)
    const again = (await save(sim, seedBody)).values
    sim.clock.t = 1734624000 * 1000
    expect(await remove(sim, again, await token(sim))).toMatchObject({
      errmsg: 200010,
      succeed: false,
      errdesc: '任务已开始执行，无法删除',
    })
    expect(sim.state.youmi.tasks[1]!.deleted).toBe(false)
  })

  it('checks the token and tenant like the save call', async () => {
    const sim = testSim()
    expect((await call(sim, '/v2/BulkSend/DeleteBulkSendTask', { id: 880 }, { tenantid: y.tenantId })).errmsg).toBe(10003)
  })
})
