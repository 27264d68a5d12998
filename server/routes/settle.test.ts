/**
 * 「结果未知」 can be settled (issue 12, item 11; issue 13, item 2). The staff member who sent an `unknown` send
 * marks it 「已确认发出」 (→ sent, its materials counted) or 「确认未发出，重新发送」 (→ failed, and the same content
 * goes again as a new send under a new key, `retryOf` naming the first). Both recorded with who and when. A chat send
 * whose sidebar never reported becomes `unknown` after the report wait, and settles the same way.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Material } from '../../contracts/materials.js'
import { Send, SettleResult } from '../../contracts/sends.js'
import { demo, simControl } from '../../test/helpers/demo.js'
import { startTestApp, type TestApp } from '../../test/helpers/app.js'

const REPORT_WAIT_MS = 120_000
let t: TestApp
let zhangwei: string
let lina: string
let clock = Date.now()
let n = 0
const key = () => `settle-${Date.now()}-${n++}`

beforeAll(async () => {
  t = await startTestApp({ now: () => clock, config: { sendReportWaitMs: REPORT_WAIT_MS } })
  zhangwei = await t.login('zhangwei')
  lina = await t.login('lina')
})
afterAll(() => t?.close())
beforeEach(async () => {
  await simControl(t.sim, 'DELETE', 'requests')
})

const as = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) })
const saves = () => t.sim.state.requests.filter((r) => r.vendor === 'youmi' && r.path.endsWith('SaveBulkSendTask'))
const listed = async (id: string) => ((await as(zhangwei, 'GET', '/api/sends?limit=100')).json().items as Send[]).find((s) => s.id === id)!
const errorOf = (res: { statusCode: number; json(): { code: string } }) => ({ status: res.statusCode, code: res.json().code })

/** An rpa send Youmi answered with a 500: it may have created the task, so the send is `unknown`. */
async function unknownRpaSend(body: Record<string, unknown> = {}) {
  await simControl(t.sim, 'POST', 'faults', { vendor: 'youmi', path: '/v2/BulkSend/SaveBulkSendTask', kind: 'http', status: 500, count: 1 })
  const idempotencyKey = key()
  const content = [{ type: 'text', text: `结果未知的一次 ${idempotencyKey}` }]
  const res = await as(zhangwei, 'POST', '/api/sends', {
    idempotencyKey,
    channel: 'rpa',
    contact: { externalUserId: demo.linked.externalUserId },
    content,
    ...body,
  })
  expect(res.json().code).toBe('SEND_OUTCOME_UNKNOWN')
  // The clock stands still, so sends share a creation time: found by their content.
  const wanted = JSON.stringify(body.content ?? content)
  const send = ((await as(zhangwei, 'GET', '/api/sends?limit=100')).json().items as Send[]).find(
    (s) => JSON.stringify(s.content) === wanted,
  )!
  expect(send.status).toBe('unknown')
  return { send, idempotencyKey }
}

async function material(text: string): Promise<Material> {
  const res = await as(zhangwei, 'POST', '/api/materials', { title: `话术 ${n++}`, content: { type: 'text', text } })
  expect(res.statusCode).toBe(201)
  return Material.parse(res.json())
}
const uses = async (id: string) => Material.parse((await as(zhangwei, 'GET', `/api/materials/${id}`)).json()).useCount

describe('an unknown Youmi send, settled by its staff member', () => {
  it('「已确认发出」: sent, with who and when; its material counts then, and not before', async () => {
    const m = await material(`已确认发出的话术 ${Date.now()}`)
    const { send } = await unknownRpaSend({ content: [m.content], materialIds: [m.id] })
    expect(await uses(m.id)).toBe(0)
    clock += 60_000
    const res = await as(zhangwei, 'POST', `/api/sends/${send.id}/settle`, { outcome: 'sent' })
    expect(res.statusCode, res.body).toBe(200)
    const settled = SettleResult.parse(res.json())
    expect(settled.resend).toBeNull()
    expect(settled.send).toMatchObject({ id: send.id, status: 'sent', error: null })
    expect(settled.send.settled).toEqual({ by: 'zhangwei', at: new Date(clock).toISOString(), outcome: 'sent' })
    expect(await uses(m.id)).toBe(1)
    // The same request again answers the same and counts nothing more; nothing went to Youmi.
    expect(SettleResult.parse((await as(zhangwei, 'POST', `/api/sends/${send.id}/settle`, { outcome: 'sent' })).json()).send).toEqual(
      settled.send,
    )
    expect(await uses(m.id)).toBe(1)
    expect(saves()).toHaveLength(1)
    expect((await listed(send.id)).status).toBe('sent')
  })

  it('「确认未发出，重新发送」: failed, and the same content goes once more under the new key, as a retry of the first', async () => {
    const { send, idempotencyKey: oldKey } = await unknownRpaSend()
    const newKey = key()
    // The old key is refused as the new one: the resend never reuses it.
    expect(errorOf(await as(zhangwei, 'POST', `/api/sends/${send.id}/settle`, { outcome: 'not_sent', idempotencyKey: oldKey }))).toEqual({
      status: 409,
      code: 'IDEMPOTENCY_KEY_REUSED',
    })
    const res = await as(zhangwei, 'POST', `/api/sends/${send.id}/settle`, { outcome: 'not_sent', idempotencyKey: newKey })
    expect(res.statusCode, res.body).toBe(200)
    const { send: first, resend } = SettleResult.parse(res.json())
    expect(first).toMatchObject({ id: send.id, status: 'failed', settled: { by: 'zhangwei', outcome: 'not_sent' } })
    expect(resend).toMatchObject({ status: 'submitted', retryOf: send.id, content: send.content, contact: send.contact })
    expect(resend!.id).not.toBe(send.id)
    expect(saves()).toHaveLength(2)
    const items = JSON.parse((saves()[1]!.body as { bulksend: { task_content: string } }).bulksend.task_content)
    expect(items).toEqual([{ data: { content: (send.content[0] as { text: string }).text }, type: '0' }])

    // Repeated (a double tap): the same answer, no third task.
    const again = SettleResult.parse(
      (await as(zhangwei, 'POST', `/api/sends/${send.id}/settle`, { outcome: 'not_sent', idempotencyKey: newKey })).json(),
    )
    expect(again.resend!.id).toBe(resend!.id)
    expect(saves()).toHaveLength(2)
    // Another new key cannot send it a third time.
    expect(errorOf(await as(zhangwei, 'POST', `/api/sends/${send.id}/settle`, { outcome: 'not_sent', idempotencyKey: key() }))).toEqual({
      status: 409,
      code: 'SEND_ALREADY_SETTLED',
    })
    // The first send's own key stays closed: a replay of it answers the settled send and calls no one.
    const replay = await as(zhangwei, 'POST', '/api/sends', {
      idempotencyKey: oldKey,
      channel: 'rpa',
      contact: send.contact,
      content: send.content,
    })
    expect(replay.statusCode).toBe(201)
    expect(replay.headers['idempotent-replayed']).toBe('true')
    expect(Send.parse(replay.json())).toMatchObject({ id: send.id, status: 'failed' })
    expect(saves()).toHaveLength(2)
  })

  it('only an unknown send of ones own can be settled', async () => {
    const known = await as(zhangwei, 'POST', '/api/sends', {
      idempotencyKey: key(),
      channel: 'rpa',
      contact: { externalUserId: demo.linked.externalUserId },
      content: [{ type: 'text', text: '已提交' }],
    })
    expect(errorOf(await as(zhangwei, 'POST', `/api/sends/${known.json().id}/settle`, { outcome: 'sent' }))).toEqual({
      status: 409,
      code: 'SEND_NOT_SETTLEABLE',
    })
    const { send } = await unknownRpaSend()
    expect(errorOf(await as(lina, 'POST', `/api/sends/${send.id}/settle`, { outcome: 'sent' }))).toEqual({
      status: 404,
      code: 'SEND_NOT_FOUND',
    })
    expect((await listed(send.id)).status).toBe('unknown')
  })
})

describe('a chat send whose sidebar never reported (reloaded right after 发送)', () => {
  const chatSend = async (text: string) => {
    const res = await as(zhangwei, 'POST', '/api/sends', {
      idempotencyKey: key(),
      channel: 'chat',
      contact: { externalUserId: demo.linked.externalUserId },
      content: [{ type: 'text', text }],
    })
    expect(res.statusCode).toBe(201)
    return Send.parse(res.json())
  }

  it('waits for the report, then is 「结果未知：请在聊天里看看是否已发出」 and settles both ways', async () => {
    const a = await chatSend('刷新前发出的第一条')
    const b = await chatSend('刷新前发出的第二条')
    clock += REPORT_WAIT_MS - 1000
    expect((await listed(a.id)).status).toBe('awaiting_client')
    expect(errorOf(await as(zhangwei, 'POST', `/api/sends/${a.id}/settle`, { outcome: 'sent' }))).toEqual({
      status: 409,
      code: 'SEND_NOT_SETTLEABLE',
    })
    clock += 2000
    const expired = await listed(a.id)
    expect(expired.status).toBe('unknown')
    expect(expired.error?.message).toMatch(/^结果未知：请在聊天里看看是否已发出/)

    const sent = SettleResult.parse((await as(zhangwei, 'POST', `/api/sends/${a.id}/settle`, { outcome: 'sent' })).json())
    expect(sent.send).toMatchObject({ status: 'sent', settled: { by: 'zhangwei', outcome: 'sent' } })

    const newKey = key()
    const resent = SettleResult.parse(
      (await as(zhangwei, 'POST', `/api/sends/${b.id}/settle`, { outcome: 'not_sent', idempotencyKey: newKey })).json(),
    )
    expect(resent.send.status).toBe('failed')
    // A new chat send with the same messages, waiting for the sidebar to put them in the chat.
    expect(resent.resend).toMatchObject({ status: 'awaiting_client', retryOf: b.id, messages: b.messages })
  })

  it('a late report still tells what WeCom did, unless the staff member settled it first', async () => {
    const c = await chatSend('报告来晚了')
    clock += REPORT_WAIT_MS + 1000
    expect((await listed(c.id)).status).toBe('unknown')
    const late = await as(zhangwei, 'POST', `/api/sends/${c.id}/result`, { ok: true })
    expect(Send.parse(late.json())).toMatchObject({ status: 'sent', settled: null })
  })
})
