import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Group } from '../../contracts/groups.js'
import { Send, SendList } from '../../contracts/sends.js'
import { simControl } from '../../test/helpers/demo.js'
import { startTestApp, type TestApp } from '../../test/helpers/app.js'
import { demoGroupIds, findGroup } from '../sim/demo-data.js'

let t: TestApp
let clock = Date.now()
let zhangwei: string
let lina: string
beforeAll(async () => {
  t = await startTestApp({ now: () => clock })
  zhangwei = await t.login('zhangwei')
  lina = await t.login('lina')
})
afterAll(() => t.close())
beforeEach(async () => {
  // Past the 15-second cache, so every test asks WeCom afresh.
  clock += 60_000
  await simControl(t.sim, 'DELETE', 'faults')
  await simControl(t.sim, 'DELETE', 'requests')
})

const get = (chatId: string, cookie = zhangwei) => t.app.inject({ url: `/api/groups/${chatId}`, headers: { cookie } })
const groupCalls = () => t.sim.state.requests.filter((r) => r.path === '/cgi-bin/externalcontact/groupchat/get')

describe('GET /api/groups/:chatId', () => {
  it('answers the group in product words, asking WeCom the documented way', async () => {
    const res = await get(demoGroupIds.lockVip)
    expect(res.statusCode).toBe(200)
    const g = findGroup(demoGroupIds.lockVip)!
    expect(Group.parse(res.json())).toEqual({
      chatId: g.chatId,
      name: g.name,
      owner: 'zhangwei',
      ownerName: '张伟',
      notice: g.notice,
      createdAt: new Date(g.createTime * 1000).toISOString(),
      memberCount: g.members.length,
      customerCount: g.members.filter((m) => m.type === 2).length,
      // Owner first, then staff, then customers; staff named by user/get, customers by groupchat/get's need_name.
      members: [
        { kind: 'staff', name: '张伟', userId: 'zhangwei', owner: true },
        { kind: 'staff', name: '王芳', userId: 'wangfang', owner: false },
        ...['陈晓雯', '冯志强', '郑浩然', '马国庆'].map((name) => ({ kind: 'customer', name, userId: null, owner: false })),
      ],
    })
    expect(g.members.filter((m) => m.type === 2).length).toBeLessThan(g.members.length)
    const [call] = groupCalls()
    expect(call).toMatchObject({ method: 'POST', body: { chat_id: demoGroupIds.lockVip, need_name: 1 } })
    expect(t.sim.state.wecom.tokens.has(String(call!.query.access_token))).toBe(true)
  })

  it('lets the owner and the staff in the group read it; anyone else gets 403 NOT_YOUR_GROUP', async () => {
    expect((await get(demoGroupIds.showroom)).statusCode).toBe(200) // zhangwei is a member, lina the owner
    expect((await get(demoGroupIds.showroom, lina)).statusCode).toBe(200)
    const notIn = await get(demoGroupIds.owners)
    expect(notIn.statusCode).toBe(403)
    expect(notIn.json().code).toBe('NOT_YOUR_GROUP')
    expect(notIn.json().message).toMatch(/群/)
    expect((await get(demoGroupIds.lockVip, lina)).json().code).toBe('NOT_YOUR_GROUP')
  })

  it('404 GROUP_NOT_FOUND for a chat WeCom does not know, also under its other codes; 400 for a malformed id; 401 without a session', async () => {
    const none = await get('wrDoesNotExist00000000000000000')
    expect(none.statusCode).toBe(404)
    expect(none.json().code).toBe('GROUP_NOT_FOUND')
    await simControl(t.sim, 'POST', 'faults', {
      vendor: 'wecom',
      kind: 'code',
      code: 86003,
      path: '/cgi-bin/externalcontact/groupchat/get',
    })
    expect((await get(demoGroupIds.lockVip)).json().code).toBe('GROUP_NOT_FOUND')
    expect((await get('bad%20id')).statusCode).toBe(400)
    const anonymous = await t.app.inject({ url: `/api/groups/${demoGroupIds.lockVip}` })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json().code).toBe('NO_SESSION')
  })

  it("shares WeCom's answer for 15 seconds, and never a failure", async () => {
    await Promise.all([get(demoGroupIds.lockVip), get(demoGroupIds.lockVip)])
    clock += 10_000
    await get(demoGroupIds.lockVip)
    expect(groupCalls()).toHaveLength(1)
    clock += 6_000
    await get(demoGroupIds.lockVip)
    expect(groupCalls()).toHaveLength(2)

    clock += 60_000
    // More 502s than the read's retries (server/upstream/retry.ts) can outlast.
    await simControl(t.sim, 'POST', 'faults', {
      vendor: 'wecom',
      kind: 'http',
      status: 502,
      count: 10,
      path: '/cgi-bin/externalcontact/groupchat/get',
    })
    expect((await get(demoGroupIds.showroom)).statusCode).toBe(502)
    await simControl(t.sim, 'DELETE', 'faults')
    expect((await get(demoGroupIds.showroom)).statusCode).toBe(200)
  })

  it('a retry of a failed group send asks WeCom again: a group gone since is 404 and the send stays failed', async () => {
    const body = {
      idempotencyKey: `group-retry-${clock}`,
      channel: 'chat',
      group: { chatId: demoGroupIds.lockVip },
      content: [{ type: 'text', text: '各位好' }],
    }
    const first = Send.parse(
      (await t.app.inject({ method: 'POST', url: '/api/sends', headers: { cookie: zhangwei }, payload: body })).json(),
    )
    await t.app.inject({ method: 'POST', url: `/api/sends/${first.id}/result`, headers: { cookie: zhangwei }, payload: { ok: false } })
    clock += 60_000
    await simControl(t.sim, 'POST', 'faults', {
      vendor: 'wecom',
      kind: 'code',
      code: 40050,
      path: '/cgi-bin/externalcontact/groupchat/get',
    })
    const retry = await t.app.inject({ method: 'POST', url: '/api/sends', headers: { cookie: zhangwei }, payload: body })
    expect(retry.statusCode).toBe(404)
    expect(retry.json().code).toBe('GROUP_NOT_FOUND')
    const list = SendList.parse(
      (await t.app.inject({ url: `/api/sends?group=${demoGroupIds.lockVip}`, headers: { cookie: zhangwei } })).json(),
    )
    expect(list.items.find((x) => x.id === first.id)).toMatchObject({ status: 'failed', error: { code: 'CHAT_SEND_FAILED' } })
  })

  it('ten retries that overlap at WeCom make one new attempt; the others answer it as a replay', async () => {
    const body = {
      idempotencyKey: `group-race-${clock}`,
      channel: 'chat',
      group: { chatId: demoGroupIds.showroom },
      content: [{ type: 'text', text: '周六见' }],
    }
    const first = Send.parse(
      (await t.app.inject({ method: 'POST', url: '/api/sends', headers: { cookie: zhangwei }, payload: body })).json(),
    )
    await t.app.inject({ method: 'POST', url: `/api/sends/${first.id}/result`, headers: { cookie: zhangwei }, payload: { ok: false } })
    // Every retry reads the failed row, then waits on the same slow group check: they reach the claim together.
    clock += 60_000
    await simControl(t.sim, 'POST', 'faults', {
      vendor: 'wecom',
      kind: 'latency',
      latencyMs: 300,
      path: '/cgi-bin/externalcontact/groupchat/get',
    })
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => t.app.inject({ method: 'POST', url: '/api/sends', headers: { cookie: zhangwei }, payload: body })),
    )
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(201))
    expect(answers.map((a) => a.json().status)).toEqual(Array(10).fill('awaiting_client'))
    expect(answers.filter((a) => a.headers['idempotent-replayed'] !== 'true')).toHaveLength(1)
    expect(groupCalls()).toHaveLength(2)
  })
})
