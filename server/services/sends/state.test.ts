import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SendStatus } from '../../../contracts/sends.js'
import { AppError } from '../../errors.js'
import { openStore, type Store } from '../../store/db.js'
import { rowsOf } from '../../store/migrate.js'
import { sends } from '../../store/schema.js'
import { isAllowed, LOST_RACE, RACE_ATTEMPTS, retryLostRaces, SEND_TRANSITIONS, SendStates, type NewSend } from './state.js'

const STATUSES = SendStatus.options
let store: Store
let clock = Date.parse('2025-06-01T08:00:00.000Z')
let states: SendStates
let n = 0

beforeAll(async () => {
  store = await openStore({ kind: 'memory' })
  states = new SendStates(store.db, () => clock)
})
afterAll(() => store?.close())

function newSend(channel: 'chat' | 'rpa' = 'rpa'): NewSend {
  n++
  const at = new Date(clock - 60_000)
  return {
    id: `send-${n}`,
    userId: 'zhangwei',
    idempotencyKey: `key-${n}`,
    requestHash: 'h',
    channel,
    externalUserId: 'wmA',
    content: [{ type: 'text', text: '你好' }],
    createdAt: at,
    updatedAt: at,
  }
}

/** A send already in `status`: written directly, as only a test may. */
async function sendIn(status: SendStatus, updatedAt?: Date) {
  const s = newSend()
  await store.db.insert(sends).values({ ...s, status, ...(updatedAt ? { updatedAt } : {}) })
  return s.id
}

const statusOf = async (id: string) => (await store.db.select().from(sends).where(eq(sends.id, id)))[0]!

describe('the send state machine', () => {
  it('stores a send in its channel’s first status, and stores a key once', async () => {
    const chat = newSend('chat')
    expect((await states.store(chat))!.status).toBe('awaiting_client')
    const rpa = newSend('rpa')
    expect((await states.store(rpa))!.status).toBe('pending')
    expect(await states.store({ ...newSend('rpa'), idempotencyKey: rpa.idempotencyKey })).toBeUndefined()
  })

  it('takes every transition of the table, stamping the injected clock', async () => {
    for (const t of SEND_TRANSITIONS.filter((t) => t.from !== null)) {
      const id = await sendIn(t.from!)
      clock += 1000
      const row = await states.claim(id, t.from!, t.to, { errorCode: 'X' })
      expect({ status: row?.status, errorCode: row?.errorCode, updatedAt: row?.updatedAt.getTime() }, `${t.from} → ${t.to}`).toEqual({
        status: t.to,
        errorCode: 'X',
        updatedAt: clock,
      })
    }
  })

  it('refuses every transition not in the table, before touching the database', async () => {
    const id = await sendIn('sent')
    let refused = 0
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        if (isAllowed(from, to)) continue
        await expect(states.claim(id, from, to), `${from} → ${to}`).rejects.toThrow(`a send may not go from ${from} to ${to}`)
        refused++
      }
    }
    expect(refused).toBe(STATUSES.length ** 2 - SEND_TRANSITIONS.filter((t) => t.from !== null).length)
    // One refused status among allowed ones refuses the whole claim.
    await expect(states.claim(id, ['pending', 'sent'], 'submitted')).rejects.toThrow('from sent to submitted')
    expect((await statusOf(id)).status).toBe('sent')
  })

  it('a lost race returns no row and changes nothing', async () => {
    const id = await sendIn('failed')
    const [a, b] = await Promise.all([states.claim(id, 'failed', 'pending'), states.claim(id, 'failed', 'pending')])
    expect([a, b].filter(Boolean)).toHaveLength(1)
    // The winner moved it: a claim from where it was finds nothing.
    expect(await states.claim(id, 'failed', 'awaiting_client')).toBeUndefined()
    expect((await statusOf(id)).status).toBe('pending')
  })

  it('settles only sends left in a status since before the cut-off, keeping their time', async () => {
    const old = new Date(clock - 3600_000)
    const stale = await sendIn('pending', old)
    const young = await sendIn('pending', new Date(clock))
    const moved = await states.settleStale('pending', 'unknown', new Date(clock - 60_000), { errorCode: 'SEND_INTERRUPTED' })
    expect(moved).toContain(stale)
    expect(moved).not.toContain(young)
    expect(await statusOf(stale)).toMatchObject({ status: 'unknown', errorCode: 'SEND_INTERRUPTED', updatedAt: old })
    expect((await statusOf(young)).status).toBe('pending')
    await expect(states.settleStale('sent', 'pending', new Date(clock))).rejects.toThrow('from sent to pending')
  })

  it('amends a send only while it is still where the caller saw it', async () => {
    const id = await sendIn('awaiting_client')
    expect(await states.amend(id, 'awaiting_client', { mediaRefreshed: false }, { mediaRefreshed: true })).toMatchObject({
      status: 'awaiting_client',
      mediaRefreshed: true,
    })
    expect(await states.amend(id, 'awaiting_client', { mediaRefreshed: false }, { mediaRefreshed: true })).toBeUndefined()
  })
})

describe('prepared statements', () => {
  it("builds a send's insert and its update once, not on every send", async () => {
    const built = { insert: 0, update: 0 }
    const db = new Proxy(store.db, {
      get: (target, prop, receiver) => {
        if (prop === 'insert' || prop === 'update') built[prop]++
        return Reflect.get(target, prop, receiver) as unknown
      },
    })
    const counted = new SendStates(db, () => clock)
    for (let i = 0; i < 3; i++) {
      const row = (await counted.store({ ...newSend(), scheduleAt: null, payload: null, materialIds: null, retryOf: null }))!
      const done = await counted.claim(row.id, ['pending', 'unknown'], 'submitted', { vendorTaskId: 7 + i, errorCode: null })
      expect(done).toMatchObject({ status: 'submitted', vendorTaskId: 7 + i, errorCode: null })
    }
    expect(built).toEqual({ insert: 1, update: 1 })
  })

  it('stores what an unprepared statement stores: SQL NULL (not JSON null), dates, JSON', async () => {
    const at = new Date('2025-06-02T09:30:00.123Z')
    const prepared = (await states.store({ ...newSend(), scheduleAt: null, payload: null, materialIds: ['m1'], createdAt: at }))!
    expect(prepared).toMatchObject({ scheduleAt: null, payload: null, materialIds: ['m1'], content: [{ type: 'text', text: '你好' }] })
    expect(prepared.createdAt.toISOString()).toBe(at.toISOString())
    const [raw] = rowsOf<{ nulls: boolean; at: string }>(
      await store.db.execute(
        sql`SELECT (payload IS NULL AND schedule_at IS NULL) AS nulls, to_char(created_at AT TIME ZONE 'UTC', 'HH24:MI:SS.MS') AS at
            FROM sends WHERE id = ${prepared.id}`,
      ),
    )
    expect(raw).toEqual({ nulls: true, at: '09:30:00.123' })
    const later = new Date(at.getTime() + 5000)
    const moved = (await states.claim(prepared.id, 'pending', 'failed', { errorCode: 'X', errorMessage: null, scheduleAt: later }))!
    expect(moved).toMatchObject({ status: 'failed', errorCode: 'X', errorMessage: null })
    expect(moved.scheduleAt?.toISOString()).toBe(later.toISOString())
    // A change the statement cannot take as a value (SQL) goes the unprepared way, as before.
    const again = await states.claim(prepared.id, 'failed', 'pending', { attempts: sql`${sends.attempts} + 1` })
    expect(again?.attempts).toBe((prepared.attempts ?? 0) + 1)
  })
})

describe('retries after a lost race', () => {
  it('decide again until an answer, and give up with 409 SEND_BUSY after a fixed number of tries', async () => {
    let calls = 0
    expect(await retryLostRaces(async (attempt) => (++calls, attempt < 2 ? LOST_RACE : 'done'))).toBe('done')
    expect(calls).toBe(2)

    calls = 0
    const err = await retryLostRaces(async () => (calls++, LOST_RACE)).catch((e: unknown) => e)
    expect(calls).toBe(RACE_ATTEMPTS)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ status: 409, code: 'SEND_BUSY' })
  })
})

describe('one writer', () => {
  it('no server code but state.ts inserts, updates or deletes sends', () => {
    const root = new URL('../../', import.meta.url).pathname
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name)
        return statSync(path).isDirectory() ? files(path) : /(?<!\.test)\.ts$/.test(name) ? [path] : []
      })
    const writers = files(root)
      .filter((f) => /\.(insert|update|delete)\(sends\)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f))
    expect(writers).toEqual(['services/sends/state.ts'])
  })
})
