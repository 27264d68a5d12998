import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { demoCampaignIds } from './demo-data.js'
import { shapeDifferences, simTestCredentials as creds, testSim, type TestSim } from './testing.js'

const s = creds.wshoto
const seed = JSON.parse(readFileSync(new URL('./fixtures/wshoto-seed-examples.json', import.meta.url), 'utf8'))

async function tokenAnswer(sim: TestSim, appid = s.appId, secret = s.appSecret) {
  const res = await sim.app.inject({ url: `/openapi/access_token?appid=${appid}&app_secret=${secret}` })
  expect(res.statusCode).toBe(200)
  return res.json()
}

async function detail(sim: TestSim, body: unknown, token?: string) {
  const query = token === undefined ? '' : `?access_token=${token}`
  const res = await sim.app.inject({ method: 'POST', url: `/openapi/mass_send/corp/get_mass_task_detail${query}`, payload: body as object })
  expect(res.statusCode).toBe(200)
  return res.json()
}

describe('WShoto access_token', () => {
  it('hands out the same token while it lives, then a new one', async () => {
    const sim = testSim({ tokenTtlSeconds: 600 })
    const a = await tokenAnswer(sim)
    expect(a).toEqual({ code: 0, msg: '请求成功', data: { access_token: expect.any(String), expires_in: 600, create_at: sim.clock.t } })
    sim.clock.t += 100_000
    const b = await tokenAnswer(sim)
    expect(b.data.access_token).toBe(a.data.access_token)
    expect(b.data.expires_in).toBe(500)
    sim.clock.t += 500_000
    const c = await tokenAnswer(sim)
    expect(c.data.access_token).not.toBe(a.data.access_token)
    expect(c.data.expires_in).toBe(600)
    expect(sim.state.counts.wshotoToken).toBe(3)
  })

  it('gives a new token after a revoke', async () => {
    const sim = testSim()
    const a = (await tokenAnswer(sim)).data.access_token
    await sim.app.inject({ method: 'POST', url: '/__sim/revoke', payload: { vendor: 'wshoto' } })
    expect(await detail(sim, { task_id: 30101 }, a)).toEqual({ code: 10001, msg: 'access_token无效', data: null })
    expect((await tokenAnswer(sim)).data.access_token).not.toBe(a)
  })

  it('refuses wrong credentials with 40001', async () => {
    const sim = testSim()
    expect(await tokenAnswer(sim, s.appId, 'wrong')).toEqual({ code: 40001, msg: 'appid或app_secret错误', data: null })
    expect(await tokenAnswer(sim, 'other', s.appSecret)).toEqual({ code: 40001, msg: 'appid或app_secret错误', data: null })
  })
})

describe('WShoto get_mass_task_detail', () => {
  it('answers every demo campaign in exactly the seed data shape', async () => {
    const sim = testSim()
    const t = (await tokenAnswer(sim)).data.access_token
    for (const { taskId, name } of demoCampaignIds) {
      const answer = await detail(sim, { task_id: taskId }, t)
      expect(answer.code).toBe(0)
      expect(answer.msg).toBe('请求成功')
      expect(shapeDifferences(answer, seed.detailExample), String(taskId)).toEqual([])
      expect(answer.data).toMatchObject({ task_id: taskId, task_name: name })
    }
  })

  it('takes task_id as a digit string too, as a Java long would', async () => {
    const sim = testSim()
    const t = (await tokenAnswer(sim)).data.access_token
    expect((await detail(sim, { task_id: '30104' }, t)).data.task_id).toBe(30104)
  })

  it('answers 40004 for an unknown task and 40000 for a missing or invalid task_id', async () => {
    const sim = testSim()
    const t = (await tokenAnswer(sim)).data.access_token
    expect(await detail(sim, { task_id: 54 }, t)).toEqual({ code: 40004, msg: '任务不存在', data: null })
    for (const body of [{}, { task_id: 'abc' }, { task_id: 1.5 }, { task_id: -3 }, { taskId: 30101 }]) {
      expect(await detail(sim, body, t), JSON.stringify(body)).toEqual({ code: 40000, msg: '参数错误', data: null })
    }
  })

  it('answers 10011 without a token, 10001 for an unknown one and 10010 for an expired one', async () => {
    const sim = testSim({ tokenTtlSeconds: 60 })
    const t = (await tokenAnswer(sim)).data.access_token
    expect((await detail(sim, { task_id: 30101 })).code).toBe(10011)
    expect((await detail(sim, { task_id: 30101 }, 'nope')).code).toBe(10001)
    sim.clock.t += 60_000
    expect(await detail(sim, { task_id: 30101 }, t)).toEqual({ code: 10010, msg: 'access_token已过期', data: null })
  })
})
