import type { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { demo } from '../../test/helpers/demo.js'
import { startTestApp, type TestApp } from '../../test/helpers/app.js'
import { openStore, type Store } from '../store/db.js'

// The database work of a Youmi send on the hot path: what the proxy does besides Youmi's own call.

let t: TestApp
let store: Store
let statements: string[] = []
beforeAll(async () => {
  store = await openStore({ kind: 'memory' })
  const client = (store.db as unknown as { $client: PGlite }).$client
  const query = client.query.bind(client)
  vi.spyOn(client, 'query').mockImplementation(((sql: string, ...rest: unknown[]) => {
    statements.push(sql.replace(/\s+/g, ' ').trim())
    return (query as (...a: unknown[]) => unknown)(sql, ...rest)
  }) as PGlite['query'])
  t = await startTestApp({ store })
}, 180_000)
afterAll(async () => {
  await t.close()
  await store.close()
})

const customer = demo.linked
const send = (cookie: string, key: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/sends',
    headers: { cookie },
    payload: {
      idempotencyKey: key,
      channel: 'rpa',
      contact: { externalUserId: customer.externalUserId },
      content: [{ type: 'text', text: '您好' }],
    },
  })

describe('a Youmi send on the hot path', () => {
  it('is one insert before the Youmi call and one update after, with the session, the contact check and the identity cached', async () => {
    const cookie = await t.login('zhangwei')
    // The first send of a session reads the session, asks WeCom about the customer and reads their Youmi identity;
    // the next ones within their windows do none of it.
    expect((await send(cookie, 'path-warm-1')).statusCode).toBe(201)
    statements = []
    const youmiBefore = t.sim.state.youmi.tasks.length
    const res = await send(cookie, 'path-hot-1')
    expect(res.statusCode, res.body).toBe(201)
    expect(t.sim.state.youmi.tasks.length).toBe(youmiBefore + 1)

    const onSends = statements.filter((s) => /"sends"/.test(s))
    expect(onSends.map((s) => s.split(' ')[0]!.toLowerCase())).toEqual(['insert', 'update'])
    // Nothing else: no session read, no identity read, no lookup of the key first.
    expect(statements.filter((s) => !/"sends"/.test(s))).toEqual([])
  })

  it("an admin's import of Youmi identities is seen by the next send at once", async () => {
    const cookie = await t.login('zhangwei')
    expect((await send(cookie, 'path-import-1')).statusCode).toBe(201)
    // zhangwei is the test app's admin (ADMIN_USER_IDS).
    const admin = cookie
    const y = demo.youmiOf(customer.externalUserId)
    const nickname = `${y.objectNickname}（新）`
    const imported = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/contact-links',
      headers: { cookie: admin },
      payload: [{ externalUserId: customer.externalUserId, youmi: { ...y, objectNickname: nickname } }],
    })
    expect(imported.statusCode, imported.body).toBe(200)
    statements = []
    expect((await send(cookie, 'path-import-2')).statusCode).toBe(201)
    expect(statements.filter((s) => /from "contact_links"/.test(s))).toHaveLength(1)
    const body = t.sim.state.youmi.tasks.at(-1)!.body as { listMass: Array<{ object_nickname: string }> }
    expect(body.listMass[0]!.object_nickname).toBe(nickname)
  })

  it('a repeated key is still answered from the first send, without a second Youmi task', async () => {
    const cookie = await t.login('zhangwei')
    const first = await send(cookie, 'path-repeat-1')
    const tasks = t.sim.state.youmi.tasks.length
    const again = await send(cookie, 'path-repeat-1')
    expect(again.statusCode).toBe(201)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.json().id).toBe(first.json().id)
    expect(t.sim.state.youmi.tasks.length).toBe(tasks)
  })
})
