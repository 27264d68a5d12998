import { and, eq, getTableColumns, inArray, is, lt, SQL, sql } from 'drizzle-orm'
import type { PgColumn, PgUpdateSetSource } from 'drizzle-orm/pg-core'
import type { SendChannel, SendStatus } from '../../../contracts/sends.js'
import { conflict } from '../../errors.js'
import type { Db } from '../../store/db.js'
import { sends } from '../../store/schema.js'

/**
 * A send's life as one state machine: every status a send takes is written here, and only along a transition of
 * `SEND_TRANSITIONS`. Each change is one conditional UPDATE … WHERE status IN (from) RETURNING, so of two requests
 * racing for the same send exactly one gets the row; the other gets nothing and decides again from what it reads.
 * docs/architecture.md ("The send's life") prints this table; a test keeps the two equal.
 */
export interface SendTransition {
  /** null: the send is being stored. */
  from: SendStatus | null
  to: SendStatus
  when: string
}

export const SEND_TRANSITIONS: readonly SendTransition[] = [
  { from: null, to: 'awaiting_client', when: 'a chat send is stored; its messages go to the sidebar' },
  { from: null, to: 'pending', when: 'an rpa send is stored, before Youmi is called' },
  { from: 'pending', to: 'scheduled', when: 'Youmi accepted a task that starts later' },
  { from: 'pending', to: 'submitted', when: 'Youmi accepted a task that starts now' },
  { from: 'pending', to: 'failed', when: 'Youmi (or our own check) refused the attempt: safe to try again' },
  { from: 'pending', to: 'unknown', when: 'Youmi may have acted (timeout, reset, 5xx), or a crash cut the attempt off' },
  {
    from: 'unknown',
    to: 'sent',
    when: "its staff member checked and confirms it went out (「已确认发出」), or the sidebar's late report says WeCom sent it",
  },
  {
    from: 'unknown',
    to: 'failed',
    when: "its staff member confirms it did not go out (「确认未发出，重新发送」: the content goes again under a new key), or the sidebar's late report says WeCom did not send it",
  },
  {
    from: 'unknown',
    to: 'cancelled',
    when: "the sidebar's late report says its staff member cancelled in WeCom's confirm (nobody settled it meanwhile)",
  },
  { from: 'unknown', to: 'scheduled', when: "Youmi's late answer to an attempt a restart had given up on: a task that starts later" },
  { from: 'unknown', to: 'submitted', when: "Youmi's late answer to an attempt a restart had given up on: a task that starts now" },
  { from: 'failed', to: 'pending', when: 'the same key tries a refused rpa send again' },
  { from: 'failed', to: 'awaiting_client', when: 'the same key tries a failed chat send again' },
  { from: 'awaiting_client', to: 'sent', when: 'the sidebar reports that WeCom sent the messages' },
  { from: 'awaiting_client', to: 'failed', when: 'the sidebar reports that WeCom did not send them' },
  {
    from: 'awaiting_client',
    to: 'cancelled',
    when: "the sidebar reports that its staff member tapped 取消 in WeCom's confirm: nothing went out",
  },
  {
    from: 'awaiting_client',
    to: 'unknown',
    when: 'the sidebar did not report within the report wait (closed or reloaded mid-send): nobody knows whether the chat has it',
  },
  { from: 'scheduled', to: 'cancelling', when: 'the staff member cancels a task that has not started' },
  { from: 'cancelling', to: 'cancelled', when: 'Youmi deleted the task, or has no such task (an earlier delete went through)' },
  { from: 'cancelling', to: 'submitted', when: 'Youmi says the task has started' },
  { from: 'cancelling', to: 'scheduled', when: 'the delete failed or a crash cut it off: cancelling again is safe' },
]

export function isAllowed(from: SendStatus | null, to: SendStatus): boolean {
  return SEND_TRANSITIONS.some((t) => t.from === from && t.to === to)
}

function mustBeAllowed(from: readonly SendStatus[] | null, to: SendStatus): void {
  for (const f of from ?? [null]) {
    // A bug in the caller, not a user error: the table is the whole of what a send may do.
    if (!isAllowed(f, to)) throw new Error(`a send may not go from ${f ?? '(new)'} to ${to}`)
  }
}

export type SendRow = typeof sends.$inferSelect
/** Everything of a new send but its status, which the machine sets from the channel. */
export type NewSend = Omit<typeof sends.$inferInsert, 'status'>
/** What a transition may change besides the status (the machine sets `status` and `updatedAt`). */
export type SendChanges = Omit<PgUpdateSetSource<typeof sends>, 'id' | 'status' | 'updatedAt'>

/** `attempts` for a send tried again with the same key: one more than stored, counted by the claiming UPDATE itself. */
export const oneMoreAttempt = () => sql`${sends.attempts} + 1`

export const initialStatus = (channel: SendChannel): SendStatus => (channel === 'chat' ? 'awaiting_client' : 'pending')

export class SendStates {
  /** Prepared statements by kind and columns (`prepared`): a handful, one per code path. */
  private readonly statements = new Map<string, unknown>()

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    /** Told of every status a send reaches (the sends metric); must not throw. */
    private readonly onStatus?: (row: SendRow) => void,
  ) {}

  /**
   * Stores a new send in its first status. Undefined when a send with this (user, key) exists already: another
   * request won the insert, and its send is the answer.
   */
  async store(send: NewSend): Promise<SendRow | undefined> {
    const status = initialStatus(send.channel)
    mustBeAllowed(null, status)
    const values = { ...send, status }
    const prepared = this.prepared('store', values, (p, name) =>
      this.db
        .insert(sends)
        .values(p as unknown as typeof values)
        .onConflictDoNothing({ target: [sends.userId, sends.idempotencyKey] })
        .returning()
        .prepare(name),
    )
    const [row] = prepared
      ? await prepared.execute(driverValues(values))
      : await this.db
          .insert(sends)
          .values(values)
          .onConflictDoNothing({ target: [sends.userId, sends.idempotencyKey] })
          .returning()
    if (row) this.onStatus?.(row)
    return row
  }

  /**
   * Moves send `id` from one of `from` to `to`, with `changes`, if it is still in one of `from`: the row as it now is,
   * or undefined when it was not (another request moved it first — a lost race, not an error).
   */
  async claim(
    id: string,
    from: SendStatus | readonly SendStatus[],
    to: SendStatus,
    changes: SendChanges = {},
  ): Promise<SendRow | undefined> {
    const froms = typeof from === 'string' ? [from] : from
    mustBeAllowed(froms, to)
    const set = { ...changes, status: to, updatedAt: new Date(this.now()) }
    const prepared = this.prepared(`claim ${froms.length}`, set, (p, name) =>
      this.db
        .update(sends)
        .set(p as unknown as typeof set)
        .where(
          and(
            eq(sends.id, sql.placeholder('claimId')),
            inArray(
              sends.status,
              froms.map((_, i) => sql.placeholder(`claimFrom${i}`)),
            ),
          ),
        )
        .returning()
        .prepare(name),
    )
    const [row] = prepared
      ? await prepared.execute({ ...driverValues(set), claimId: id, ...Object.fromEntries(froms.map((f, i) => [`claimFrom${i}`, f])) })
      : await this.db
          .update(sends)
          .set(set)
          .where(and(eq(sends.id, id), inArray(sends.status, [...froms])))
          .returning()
    if (row) this.onStatus?.(row)
    return row
  }

  /**
   * The prepared statement of `kind` for a row of these columns, made on first use (`make` gets a placeholder per
   * column, and the statement's name); undefined when a value is SQL (`oneMoreAttempt`) or undefined (a default):
   * those go the unprepared way. Preparing skips building the SQL on every call, and on PostgreSQL the server's
   * parsing and planning too: the two statements of every send, about a millisecond of the proxy's CPU and of the
   * send's time less each (npm run bench:proxy).
   */
  private prepared<T extends { execute(values: Record<string, unknown>): Promise<SendRow[]> }>(
    kind: string,
    values: Record<string, unknown>,
    make: (placeholders: Record<string, SQL>, name: string) => T,
  ): T | undefined {
    const keys = Object.keys(values)
    if (JS_DEFAULTS || keys.some((k) => values[k] === undefined || is(values[k], SQL) || !(k in SEND_COLUMNS))) return undefined
    const key = `${kind} ${keys.sort().join(',')}`
    let statement = this.statements.get(key) as T | undefined
    if (!statement) {
      statement = make(Object.fromEntries(keys.map((k) => [k, sql`${sql.placeholder(k)}`])), statementName(key))
      this.statements.set(key, statement)
    }
    return statement
  }

  /**
   * Changes send `id` without moving it, if it is still in `status` (and, with `match`, has not been changed so
   * already): fresh media for a chat send still awaiting the client. Undefined when it is no longer so.
   */
  async amend(
    id: string,
    status: SendStatus,
    match: Partial<Pick<SendRow, 'mediaRefreshed'>>,
    changes: SendChanges,
  ): Promise<SendRow | undefined> {
    const conds = [eq(sends.id, id), eq(sends.status, status)]
    if (match.mediaRefreshed !== undefined) conds.push(eq(sends.mediaRefreshed, match.mediaRefreshed))
    const [row] = await this.db
      .update(sends)
      .set({ ...changes, updatedAt: new Date(this.now()) })
      .where(and(...conds))
      .returning()
    return row
  }

  /**
   * Moves every send left in `from` since before `before` to `to`: what a crash interrupted. `updatedAt` is kept, so
   * the row still tells when the interrupted attempt last did something. The ids moved.
   */
  async settleStale(from: SendStatus, to: SendStatus, before: Date, changes: SendChanges = {}): Promise<string[]> {
    mustBeAllowed([from], to)
    const rows = await this.db
      .update(sends)
      .set({ ...changes, status: to })
      .where(and(eq(sends.status, from), lt(sends.updatedAt, before)))
      .returning({ id: sends.id })
    return rows.map((r) => r.id)
  }
}

const SEND_COLUMNS: Record<string, PgColumn> = getTableColumns(sends)
/** A default or update value computed in JS (`$defaultFn`, `$onUpdate`) would be computed once, into the statement. */
const JS_DEFAULTS = Object.values(SEND_COLUMNS).some((c) => c.defaultFn !== undefined || c.onUpdateFn !== undefined)

/** One name per statement text in the whole process: connections of a pool shared by two services name it alike. */
const statementNames = new Map<string, string>()
function statementName(key: string): string {
  let name = statementNames.get(key)
  if (!name) statementNames.set(key, (name = `sends_${statementNames.size + 1}`))
  return name
}

/**
 * Values as the driver takes them, mapped by their column as an unprepared statement maps them (a placeholder's value
 * is mapped even when null, which a timestamp or JSON column gets wrong: the placeholders are raw, mapped here).
 */
function driverValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const k in values) out[k] = values[k] === null ? null : SEND_COLUMNS[k]!.mapToDriverValue(values[k])
  return out
}

/** How often a request decides again after losing a race for a send before it gives up. */
export const RACE_ATTEMPTS = 3

/** What a step answers when another request changed the send under it: read it again and decide again. */
export const LOST_RACE = Symbol('lost race')

/**
 * Runs `step` until it answers something other than `LOST_RACE`, at most `attempts` times. Each lost race means
 * another request moved the send, and a send has few moves left, so a handful of tries suffices; past that, the
 * staff member is told to look again rather than the request spinning.
 */
export async function retryLostRaces<T>(step: (attempt: number) => Promise<T | typeof LOST_RACE>, attempts = RACE_ATTEMPTS): Promise<T> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const answer = await step(attempt)
    if (answer !== LOST_RACE) return answer
  }
  throw conflict('SEND_BUSY', '这条发送正被同时修改，请稍后刷新查看结果。', { attempts })
}
