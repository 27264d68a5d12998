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
  it('is one insert before the Youmi call and one update after, with the session and the contact check cached', async () => {
    const cookie = await t.login('zhangwei')
    // The first send of a session reads the session and asks WeCom about the customer; the next ones within their
    // windows do neither.
    expect((await send(cookie, 'path-warm-1')).statusCode).toBe(201)
    statements = []
    const youmiBefore = t.sim.state.youmi.tasks.length
    const res = await send(cookie, 'path-hot-1')
    expect(res.statusCode, res.body).toBe(201)
    expect(t.sim.state.youmi.tasks.length).toBe(youmiBefore + 1)

    const onSends = statements.filter((s) => /"sends"/.test(s))
    expect(onSends.map((s) => s.split(' ')[0]!.toLowerCase())).toEqual(['insert', 'update'])
    // Nothing else but the customer's Youmi identity, read once: no session read, no lookup of the key first.
    expect(statements.filter((s) => !/"sends"/.test(s))).toEqual([expect.stringMatching(/from "contact_links"/)])
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
