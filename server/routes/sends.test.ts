import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { Send, SendList } from '../../contracts/sends.js'
import { demo, simControl } from '../../test/helpers/demo.js'
import { startTestApp, testCredentials, type TestApp } from '../../test/helpers/app.js'
import { demoGroupIds } from '../sim/demo-data.js'

const seedBody = JSON.parse(readFileSync(new URL('../../test/fixtures/youmi/save-bulk-send.seed.json', import.meta.url), 'utf8'))

let t: TestApp
let cookie: string
let keyN = 0
const key = () => `test-key-${Date.now()}-${keyN++}`

beforeAll(async () => {
  t = await startTestApp()
  cookie = await t.login('zhangwei')
})
afterAll(() => t.close())
beforeEach(async () => {
  await simControl(t.sim, 'DELETE', 'faults')
  await simControl(t.sim, 'DELETE', 'requests')
})

const post = (body: unknown, who = cookie) =>
  t.app.inject({ method: 'POST', url: '/api/sends', headers: { cookie: who }, payload: body as object })
const text = (s: string) => [{ type: 'text' as const, text: s }]
const rpa = (extra: object = {}) => ({
  idempotencyKey: key(),
  channel: 'rpa',
  contact: { externalUserId: demo.linked.externalUserId },
  content: text('test12345'),
  ...extra,
})
const saves = () =>
  t.sim.state.requests.filter((r) => r.vendor === 'youmi' && r.path.endsWith('SaveBulkSendTask') && r.status === 200 && !r.fault)

/** The shape of a JSON value: keys and value types, recursively (strings inside arrays of objects included). */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]))
  return typeof v
}

describe('POST /api/sends (rpa)', () => {
  it('sends the seed body to Youmi field for field, with Bearer token and TenantId', async () => {
    const before = Math.floor(Date.now() / 1000)
    const res = await post(rpa())
    expect(res.statusCode).toBe(201)
    const send = Send.parse(res.json())
    expect(send).toMatchObject({ channel: 'rpa', status: 'submitted', contact: { externalUserId: demo.linked.externalUserId } })
    const [rec] = saves()
    expect(rec).toBeDefined()
    const body = rec!.body as typeof seedBody
    expect(shape(body)).toEqual(shape(seedBody))
    expect(body.bulksend.task_content).toBe(seedBody.bulksend.task_content)
    expect(body.bulksend.start_time).toMatch(/^\d{10}$/)
    expect(Number(body.bulksend.start_time)).toBeGreaterThanOrEqual(before)
    expect(body.bulksend).toMatchObject({ task_type: 1, choose_type: 0, task_source: 0 })
    const y = demo.youmiOf(demo.linked.externalUserId)
    expect(body.listMass).toEqual([
      {
        ad_wechat_id: y.adWechatId,
        machine_key: y.machineKey,
        machine_name: y.machineName,
        qv_company_id: y.qvCompanyId,
        object_id: y.objectId,
        object_nickname: y.objectNickname,
        belong_staff_code: y.belongStaffCode,
      },
    ])
    expect(body.chooseLabel).toBe('')
    expect(rec!.headers.tenantid).toBe(testCredentials.youmi.tenantId)
    const auth = String(rec!.headers.authorization)
    expect(auth).toMatch(/^Bearer \S+$/)
    expect(t.sim.state.youmi.tokens.has(auth.slice('Bearer '.length))).toBe(true)
    expect(send.taskId).toBe(t.sim.state.youmi.tasks.at(-1)!.id)
  })

  it('maps a link to the seed item type 3 and schedules with start_time in seconds', async () => {
    const at = new Date(Date.now() + 3600_000)
    const res = await post(
      rpa({
        content: [
          ...text('看看这个'),
          { type: 'link', url: 'https://example.com/a?b=1', title: '新品', description: '门锁', thumbUrl: 'https://example.com/t.png' },
        ],
        scheduleAt: at.toISOString(),
      }),
    )
    expect(res.statusCode).toBe(201)
    expect(res.json().status).toBe('scheduled')
    const body = saves()[0]!.body as typeof seedBody
    expect(body.bulksend.start_time).toBe(String(Math.floor(at.getTime() / 1000)))
    expect(JSON.parse(body.bulksend.task_content)).toEqual([
      { data: { content: '看看这个' }, type: '0' },
      {
        data: { title: '新品', linkUrl: 'https://example.com/a?b=1', description: '门锁', thumbMediaUrl: 'https://example.com/t.png' },
        type: '3',
      },
    ])
  })

  it('50 concurrent requests with one key create one Youmi task and 50 identical answers', async () => {
    const body = rpa()
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(body)))
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(201))
    expect(new Set(answers.map((a) => a.body)).size).toBe(1)
    expect(saves()).toHaveLength(1)
    console.info(
      `[figures] 50 concurrent sends, one key → ${new Set(answers.map((a) => a.body)).size} distinct answer(s), ${saves().length} Youmi task(s)`,
    )
    const again = await post(body)
    expect(again.body).toBe(answers[0]!.body)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(saves()).toHaveLength(1)
  })

  it('the same key with another body is a conflict, not a second send', async () => {
    const body = rpa()
    expect((await post(body)).statusCode).toBe(201)
    const res = await post({ ...body, content: text('别的内容') })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(saves()).toHaveLength(1)
  })

  it('a refused send can be retried with the same key and then succeeds once', async () => {
    await simControl(t.sim, 'POST', 'faults', { vendor: 'youmi', kind: 'code', code: 200012, path: '/v2/BulkSend/SaveBulkSendTask' })
    const body = rpa()
    const first = await post(body)
    expect(first.statusCode).toBe(502)
    expect(first.json().code).toBe('YOUMI_TARGET_REJECTED')
    const retry = await post(body)
    expect(retry.statusCode).toBe(201)
    expect(retry.json().status).toBe('submitted')
    expect(saves()).toHaveLength(1)
    const list = SendList.parse((await t.app.inject({ url: '/api/sends?limit=1', headers: { cookie } })).json())
    expect(list.items[0]!.id).toBe(retry.json().id)
  })

  it('after a timeout the outcome is unknown and the same key is not sent again', async () => {
    await simControl(t.sim, 'POST', 'faults', { vendor: 'youmi', kind: 'latency', latencyMs: 2600, path: '/v2/BulkSend/SaveBulkSendTask' })
    const body = rpa()
    const first = await post(body)
    expect(first.statusCode).toBe(504)
    expect(first.json()).toMatchObject({ code: 'SEND_OUTCOME_UNKNOWN' })
    expect(first.json().message).toContain('结果未知')
    const again = await post(body)
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('SEND_OUTCOME_UNKNOWN')
    await new Promise((r) => setTimeout(r, 800))
    const attempts = t.sim.state.requests.filter((r) => r.path.endsWith('SaveBulkSendTask'))
    expect(attempts).toHaveLength(1)
    const list = SendList.parse((await t.app.inject({ url: '/api/sends?limit=1', headers: { cookie } })).json())
    expect(list.items[0]).toMatchObject({ status: 'unknown', error: { code: 'YOUMI_TIMEOUT' } })
  })

  it('an answer Youmi gave but we cannot read leaves the outcome unknown: never a second task', async () => {
    await simControl(t.sim, 'POST', 'faults', { vendor: 'youmi', kind: 'wrongShape', path: '/v2/BulkSend/SaveBulkSendTask' })
    const body = rpa()
    const first = await post(body)
    expect(first.statusCode).toBe(502)
    expect(first.json().code).toBe('SEND_OUTCOME_UNKNOWN')
    const again = await post(body)
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('SEND_OUTCOME_UNKNOWN')
    expect(t.sim.state.requests.filter((r) => r.path.endsWith('SaveBulkSendTask'))).toHaveLength(1)
  })

  it('a failed token fetch is a plain failure (no task can exist), and the same key then goes through', async () => {
    await simControl(t.sim, 'POST', 'revoke', { vendor: 'youmi' })
    // More 500s than the token fetch's retries (server/upstream/retry.ts) can outlast.
    await simControl(t.sim, 'POST', 'faults', { vendor: 'youmi', kind: 'http', status: 500, count: 10, path: '/connect/token' })
    const tasksBefore = t.sim.state.youmi.tasks.length
    const body = rpa()
    const first = await post(body)
    expect(first.statusCode).toBe(502)
    expect(first.json().message).not.toContain('结果未知')
    await simControl(t.sim, 'DELETE', 'faults')
    const retry = await post(body)
    expect(retry.statusCode).toBe(201)
    expect(t.sim.state.youmi.tasks.length - tasksBefore).toBe(1)
  })

  it('a bare HTTP 401 from the API counts as a dead token: fetched again, sent once', async () => {
    await simControl(t.sim, 'POST', 'faults', { vendor: 'youmi', kind: 'http', status: 401, path: '/v2/BulkSend/SaveBulkSendTask' })
    const tokensBefore = (await simControl(t.sim, 'GET', 'counts')).youmiToken
    const res = await post(rpa())
    expect(res.statusCode).toBe(201)
    expect((await simControl(t.sim, 'GET', 'counts')).youmiToken).toBe(tokensBefore + 1)
    expect(saves()).toHaveLength(1)
  })

  it('refuses text the database cannot hold and cursors it did not write, with a 400', async () => {
    const nul = await post(rpa({ content: text('a\u0000b') }))
    expect(nul.statusCode).toBe(400)
    expect(nul.json().code).toBe('INVALID_TEXT')
    expect((await post(rpa({ content: text('a\ud800b') }))).json().code).toBe('INVALID_TEXT')
    const cursor = Buffer.from(JSON.stringify(['1', 'x'])).toString('base64url')
    const page = await t.app.inject({ url: `/api/sends?cursor=${cursor}`, headers: { cookie } })
    expect(page.statusCode).toBe(400)
    expect(page.json().code).toBe('CURSOR_INVALID')
  })

  it("needs a Youmi identity, and only for the sender's own customers", async () => {
    const none = await post(rpa({ contact: { externalUserId: demo.unlinked.externalUserId } }))
    expect(none.statusCode).toBe(409)
    expect(none.json().code).toBe('NO_YOUMI_IDENTITY')
    const other = await post(rpa({ contact: { externalUserId: demo.notZhangweis.externalUserId } }))
    expect(other.statusCode).toBe(403)
    expect(other.json().code).toBe('NOT_YOUR_CONTACT')
    expect(saves()).toHaveLength(0)
  })

  it('refuses schedules in the past and on the chat channel', async () => {
    const past = await post(rpa({ scheduleAt: new Date(Date.now() - 3600_000).toISOString() }))
    expect(past.json().code).toBe('SCHEDULE_IN_PAST')
    const chat = await post({ ...rpa({ scheduleAt: new Date(Date.now() + 3600_000).toISOString() }), channel: 'chat' })
    expect(chat.json().code).toBe('SCHEDULE_NOT_SUPPORTED')
  })
})

describe('cancelling a scheduled send', () => {
  it('deletes the task at Youmi until it starts', async () => {
    const res = await post(rpa({ scheduleAt: new Date(Date.now() + 600_000).toISOString() }))
    const send = Send.parse(res.json())
    const del = await t.app.inject({ method: 'DELETE', url: `/api/sends/${send.id}`, headers: { cookie } })
    expect(del.statusCode).toBe(200)
    expect(del.json().status).toBe('cancelled')
    const deletes = t.sim.state.requests.filter((r) => r.path === '/v2/BulkSend/DeleteBulkSendTask')
    expect(deletes.map((d) => d.body)).toEqual([{ id: send.taskId }])
    expect(t.sim.state.youmi.tasks.find((x) => x.id === send.taskId)!.deleted).toBe(true)
  })

  it('two cancels at once make one delete call; a cancel whose answer was lost can be repeated', async () => {
    const a = Send.parse((await post(rpa({ scheduleAt: new Date(Date.now() + 600_000).toISOString() }))).json())
    const both = await Promise.all([0, 1].map(() => t.app.inject({ method: 'DELETE', url: `/api/sends/${a.id}`, headers: { cookie } })))
    expect(both.map((r) => r.statusCode).sort()).toEqual(expect.arrayContaining([200]))
    for (const r of both) expect([200, 409]).toContain(r.statusCode)
    expect(both.filter((r) => r.statusCode === 409).map((r) => r.json().code)).toEqual(
      both.some((r) => r.statusCode === 409) ? ['CANCEL_IN_PROGRESS'] : [],
    )
    expect(t.sim.state.requests.filter((r) => r.path === '/v2/BulkSend/DeleteBulkSendTask')).toHaveLength(1)

    const b = Send.parse((await post(rpa({ scheduleAt: new Date(Date.now() + 600_000).toISOString() }))).json())
    await simControl(t.sim, 'POST', 'faults', {
      vendor: 'youmi',
      kind: 'latency',
      latencyMs: 2600,
      path: '/v2/BulkSend/DeleteBulkSendTask',
    })
    const lost = await t.app.inject({ method: 'DELETE', url: `/api/sends/${b.id}`, headers: { cookie } })
    expect(lost.statusCode).toBe(504)
    // Youmi deletes the task after all, 2.6 s after the call reached it: waited for. A fixed 0.8 s after the 2 s timeout
    // left 0.2 s for the call's way there, which a busy machine can take.
    await vi.waitFor(() => expect(t.sim.state.youmi.tasks.find((x) => x.id === b.taskId)!.deleted).toBe(true), {
      timeout: 10_000,
      interval: 20,
    })
    const again = await t.app.inject({ method: 'DELETE', url: `/api/sends/${b.id}`, headers: { cookie } })
    expect(again.statusCode).toBe(200)
    expect(again.json().status).toBe('cancelled')
  })

  it('refuses once the start time has passed, and for another staff member', async () => {
    const now = await post(rpa())
    const started = await t.app.inject({ method: 'DELETE', url: `/api/sends/${now.json().id}`, headers: { cookie } })
    expect(started.statusCode).toBe(409)
    expect(started.json().code).toBe('SEND_NOT_CANCELLABLE')
    const later = await post(rpa({ scheduleAt: new Date(Date.now() + 600_000).toISOString() }))
    const lina = await t.login('lina')
    const theirs = await t.app.inject({ method: 'DELETE', url: `/api/sends/${later.json().id}`, headers: { cookie: lina } })
    expect(theirs.statusCode).toBe(404)
    expect(theirs.json().code).toBe('SEND_NOT_FOUND')
  })
})

describe('chat sends', () => {
  it('answers the sendChatMessage payloads and records what the client reports', async () => {
    const res = await post({
      idempotencyKey: key(),
      channel: 'chat',
      contact: { externalUserId: demo.unlinked.externalUserId },
      content: [...text('您好'), { type: 'link', url: 'https://example.com/p', title: '报价单', thumbUrl: 'https://example.com/i.png' }],
    })
    expect(res.statusCode).toBe(201)
    const send = Send.parse(res.json())
    expect(send.status).toBe('awaiting_client')
    expect(send.messages).toEqual([
      { msgtype: 'text', text: { content: '您好' } },
      { msgtype: 'news', news: { link: 'https://example.com/p', title: '报价单', desc: '', imgUrl: 'https://example.com/i.png' } },
    ])
    expect(t.sim.state.requests.filter((r) => r.vendor === 'youmi')).toHaveLength(0)
    const result = await t.app.inject({
      method: 'POST',
      url: `/api/sends/${send.id}/result`,
      headers: { cookie },
      payload: { ok: false, errMsg: 'sendChatMessage:cancel' },
    })
    expect(result.statusCode).toBe(200)
    expect(result.json()).toMatchObject({ status: 'failed', error: { code: 'CHAT_SEND_FAILED' } })
    const twice = await t.app.inject({ method: 'POST', url: `/api/sends/${send.id}/result`, headers: { cookie }, payload: { ok: true } })
    expect(twice.statusCode).toBe(409)
  })

  it("records a cancel in WeCom's confirm as cancelled, with no error: the staff member chose not to send", async () => {
    const chat = () =>
      post({ idempotencyKey: key(), channel: 'chat', contact: { externalUserId: demo.unlinked.externalUserId }, content: text('先不发') })
    const report = (id: string, payload: object) =>
      t.app.inject({ method: 'POST', url: `/api/sends/${id}/result`, headers: { cookie }, payload })
    const send = Send.parse((await chat()).json())
    const result = await report(send.id, { ok: false, cancelled: true, errMsg: 'sendChatMessage:cancel' })
    expect(result.statusCode).toBe(200)
    expect(Send.parse(result.json())).toMatchObject({ status: 'cancelled', error: null })
    // The same report again answers the send as it is; another result is refused.
    expect((await report(send.id, { ok: false, cancelled: true })).json().status).toBe('cancelled')
    expect((await report(send.id, { ok: false })).statusCode).toBe(409)
    const listed = SendList.parse(
      (
        await t.app.inject({ method: 'GET', url: `/api/sends?contact=${demo.unlinked.externalUserId}&limit=5`, headers: { cookie } })
      ).json(),
    )
    expect(listed.items.find((s) => s.id === send.id)?.status).toBe('cancelled')
  })
})

describe('sends to a customer group', () => {
  const chatToGroup = (extra: object = {}) => ({
    idempotencyKey: key(),
    channel: 'chat',
    group: { chatId: demoGroupIds.lockVip },
    content: text('群里的各位好'),
    ...extra,
  })

  it('records a chat send to the group and answers its sendChatMessage payloads; the contact is null', async () => {
    const res = await post(chatToGroup())
    expect(res.statusCode).toBe(201)
    const send = Send.parse(res.json())
    expect(send).toMatchObject({ channel: 'chat', status: 'awaiting_client', contact: null, group: { chatId: demoGroupIds.lockVip } })
    expect(send.messages).toEqual([{ msgtype: 'text', text: { content: '群里的各位好' } }])
    const call = t.sim.state.requests.find((r) => r.path === '/cgi-bin/externalcontact/groupchat/get')
    expect(call?.body).toEqual({ chat_id: demoGroupIds.lockVip, need_name: 1 })
    expect(t.sim.state.requests.filter((r) => r.vendor === 'youmi')).toHaveLength(0)
    const customer = Send.parse(
      (await post({ ...chatToGroup(), group: undefined, contact: { externalUserId: demo.unlinked.externalUserId } })).json(),
    )
    expect(customer).toMatchObject({ contact: { externalUserId: demo.unlinked.externalUserId }, group: null })
  })

  it('refuses a group on the rpa channel with GROUP_NEEDS_CHAT_CHANNEL', async () => {
    const res = await post({ ...chatToGroup(), channel: 'rpa' })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('GROUP_NEEDS_CHAT_CHANNEL')
    expect(res.json().message).toContain('定时群发')
    expect(t.sim.state.requests.filter((r) => r.vendor === 'youmi')).toHaveLength(0)
  })

  it('needs exactly one of contact and group, and says so', async () => {
    const both = await post({ ...chatToGroup(), contact: { externalUserId: demo.unlinked.externalUserId } })
    expect(both.statusCode).toBe(400)
    expect(both.json()).toMatchObject({ code: 'INVALID_REQUEST', issues: [{ path: 'body', message: expect.stringContaining('只填一个') }] })
    const neither = await post({ ...chatToGroup(), group: undefined })
    expect(neither.statusCode).toBe(400)
    expect(neither.json().message).toContain('contact')
    expect(neither.json().message).toContain('group')
  })

  it('only to a group the staff member owns or is in (403 NOT_YOUR_GROUP, nothing recorded), 404 for an unknown group', async () => {
    const body = chatToGroup({ group: { chatId: demoGroupIds.owners } })
    const res = await post(body)
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('NOT_YOUR_GROUP')
    const lina = await t.login('lina')
    // Nothing was stored under the key: lina's send with it is her own, and zhangwei's retry is judged afresh.
    expect((await post(body, lina)).statusCode).toBe(201)
    expect((await post(body)).statusCode).toBe(403)
    const unknown = await post(chatToGroup({ group: { chatId: 'wrNoSuchGroup0000000000000000' } }))
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('GROUP_NOT_FOUND')
  })

  it('lists the sends to one group with ?group=', async () => {
    const mine = Send.parse((await post(chatToGroup({ group: { chatId: demoGroupIds.showroom } }))).json())
    await post(chatToGroup())
    await post({ ...rpa(), content: text('发给客户的') })
    const page = SendList.parse((await t.app.inject({ url: `/api/sends?group=${demoGroupIds.showroom}`, headers: { cookie } })).json())
    expect(page.items.length).toBeGreaterThan(0)
    expect(page.items.every((x) => x.group?.chatId === demoGroupIds.showroom && x.contact === null)).toBe(true)
    expect(page.items[0]!.id).toBe(mine.id)
    expect((await t.app.inject({ url: '/api/sends?group=bad%20id', headers: { cookie } })).statusCode).toBe(400)
  })
})

describe('retrying a chat send the client could not send', () => {
  const chat = () => ({
    idempotencyKey: key(),
    channel: 'chat',
    contact: { externalUserId: demo.unlinked.externalUserId },
    content: text('再发一次'),
  })
  const report = (id: string, ok: boolean) =>
    t.app.inject({
      method: 'POST',
      url: `/api/sends/${id}/result`,
      headers: { cookie },
      payload: ok ? { ok } : { ok, errMsg: 'sendChatMessage:fail' },
    })

  it('the same key and body on a failed chat send is a new attempt: awaiting the client again, error cleared', async () => {
    const body = chat()
    const first = Send.parse((await post(body)).json())
    expect((await report(first.id, false)).json().status).toBe('failed')
    const retry = await post(body)
    expect(retry.statusCode).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBeUndefined()
    const again = Send.parse(retry.json())
    expect(again).toMatchObject({ id: first.id, status: 'awaiting_client', error: null, messages: first.messages })
    expect(Date.parse(again.updatedAt)).toBeGreaterThanOrEqual(Date.parse(first.updatedAt))
    expect((await report(first.id, true)).json().status).toBe('sent')
    const sent = await post(body)
    expect(sent.headers['idempotent-replayed']).toBe('true')
    expect(sent.json()).toMatchObject({ id: first.id, status: 'sent' })
    expect((await post({ ...body, content: text('别的') })).json().code).toBe('IDEMPOTENCY_KEY_REUSED')
  })

  it('ten retries at once make one attempt; the others answer it as a replay', async () => {
    const body = chat()
    const first = Send.parse((await post(body)).json())
    await report(first.id, false)
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(body)))
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(201))
    expect(answers.map((a) => a.json().status)).toEqual(Array(10).fill('awaiting_client'))
    expect(answers.filter((a) => a.headers['idempotent-replayed'] !== 'true')).toHaveLength(1)
    console.info(
      `[figures] 10 concurrent retries of a failed chat send → ${answers.filter((a) => a.headers['idempotent-replayed'] !== 'true').length} new attempt(s)`,
    )
  })

  it('a failed group send is retried the same way, by each staff member in the group', async () => {
    const body = { idempotencyKey: key(), channel: 'chat', group: { chatId: demoGroupIds.showroom }, content: text('群发重试') }
    const first = Send.parse((await post(body)).json())
    await report(first.id, false)
    const retry = await post(body)
    expect(retry.json()).toMatchObject({ status: 'awaiting_client', group: { chatId: demoGroupIds.showroom } })
    const lina = await t.login('lina')
    const hers = { ...body, idempotencyKey: key() }
    const sendOfLina = Send.parse((await post(hers, lina)).json())
    await t.app.inject({ method: 'POST', url: `/api/sends/${sendOfLina.id}/result`, headers: { cookie: lina }, payload: { ok: false } })
    // lina is still in the group: her retry goes through as well.
    expect((await post(hers, lina)).json().status).toBe('awaiting_client')
  })
})

describe('GET /api/sends', () => {
  it("pages the session user's sends newest first, per customer, and shows nobody else's", async () => {
    const lina = await t.login('lina')
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await post(rpa({ content: text(`第 ${i} 条`) }))).json().id)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const q: string = `/api/sends?contact=${demo.linked.externalUserId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`
      const page = SendList.parse((await t.app.inject({ url: q, headers: { cookie } })).json())
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((s) => s.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen.slice(0, 5)).toEqual([...ids].reverse())
    expect(new Set(seen).size).toBe(seen.length)
    const theirs = SendList.parse((await t.app.inject({ url: '/api/sends', headers: { cookie: lina } })).json())
    expect(theirs.items.filter((s) => ids.includes(s.id))).toEqual([])
    const bad = await t.app.inject({ url: '/api/sends?cursor=nonsense', headers: { cookie } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().code).toBe('CURSOR_INVALID')
  })
})
