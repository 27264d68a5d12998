import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, lt } from 'drizzle-orm'
import { DEFAULT_SESSION_LIFETIMES, type SessionLifetimes } from '../config.js'
import type { Db } from '../store/db.js'
import { sessions } from '../store/schema.js'

/** Where a session was started: a WeCom OAuth sign-in, or a 企客聊 sidebar entry (server/routes/qikeliao.ts). */
export type SessionHost = 'wecom' | 'qikeliao'

export interface SessionUser {
  userId: string
  /** The WeCom corp id, or for 企客聊 the merchantid (tenant). */
  corpId: string
  /** Absent: `wecom`. */
  host?: SessionHost
}

// Only a hash is stored: a copy of the database does not hold a usable session.
const hash = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * How long this process trusts a session it has just read from the database without reading it again: every request
 * of a busy sidebar would otherwise cost a query. A sign-out here forgets it at once; one on another instance sharing
 * the database takes effect here within this time.
 */
export const SESSION_CACHE_MS = 5_000
const SESSION_CACHE_MAX = 10_000

/**
 * Server-side sessions. A session ends at the first of: `ttlMs` after sign-in (absolute), `idleMs` after its last
 * request (idle), or sign-out. The idle deadline is kept in `expires_at`, moved forward by requests at most once a
 * minute, so a busy sidebar does not write on every request.
 */
export class SessionService {
  private readonly slideEveryMs: number
  /**
   * By token (this process's memory only; the database keeps hashes): the user, and until when this process answers
   * them without the database. Keyed by the token itself so that a request answered from here hashes nothing.
   */
  private readonly recent = new Map<string, { user: SessionUser; until: number }>()

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    readonly lifetimes: SessionLifetimes = DEFAULT_SESSION_LIFETIMES,
  ) {
    this.slideEveryMs = Math.min(60_000, Math.floor(lifetimes.idleMs / 10))
  }

  async create(user: SessionUser): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url')
    const now = this.now()
    const expiresAt = new Date(now + Math.min(this.lifetimes.ttlMs, this.lifetimes.idleMs))
    await this.db.insert(sessions).values({
      tokenHash: hash(token),
      userId: user.userId,
      corpId: user.corpId,
      host: user.host ?? 'wecom',
      createdAt: new Date(now),
      expiresAt,
    })
    // Sign-ins are rare next to requests: a good moment to forget expired sessions.
    await this.db.delete(sessions).where(lt(sessions.expiresAt, new Date(now)))
    return { token, expiresAt }
  }

  /**
   * The user of `token` as this process read it within SESSION_CACHE_MS, without waiting for anything; undefined when
   * only `find` can tell (the database). The request hook answers most requests from here, with no promise made.
   */
  cached(token: string): SessionUser | undefined {
    const hit = this.recent.get(token)
    if (!hit) return undefined
    if (this.now() < hit.until) return hit.user
    this.recent.delete(token)
    return undefined
  }

  async find(token: string): Promise<SessionUser | null> {
    const known = this.cached(token)
    if (known) return known
    const now = this.now()
    const tokenHash = hash(token)
    const rows = await this.db
      .select({
        userId: sessions.userId,
        corpId: sessions.corpId,
        host: sessions.host,
        createdAt: sessions.createdAt,
        expiresAt: sessions.expiresAt,
      })
      .from(sessions)
      // The absolute end is judged here too, so shortening SESSION_TTL_HOURS also ends older sessions.
      .where(
        and(
          eq(sessions.tokenHash, tokenHash),
          gt(sessions.expiresAt, new Date(now)),
          gt(sessions.createdAt, new Date(now - this.lifetimes.ttlMs)),
        ),
      )
      .limit(1)
    const row = rows[0]
    if (!row) return null
    const deadline = Math.min(row.createdAt.getTime() + this.lifetimes.ttlMs, now + this.lifetimes.idleMs)
    let expiresAt = row.expiresAt.getTime()
    if (deadline - expiresAt >= this.slideEveryMs) {
      await this.db
        .update(sessions)
        .set({ expiresAt: new Date(deadline) })
        .where(eq(sessions.tokenHash, tokenHash))
      expiresAt = deadline
    }
    const user: SessionUser = { userId: row.userId, corpId: row.corpId, host: row.host === 'qikeliao' ? 'qikeliao' : 'wecom' }
    // Never trusted past the session's own end; the idle deadline only moves forward, so this holds.
    const until = Math.min(now + SESSION_CACHE_MS, expiresAt, row.createdAt.getTime() + this.lifetimes.ttlMs)
    if (this.recent.size >= SESSION_CACHE_MAX) this.recent.clear()
    this.recent.set(token, { user, until })
    return user
  }

  async destroy(token: string): Promise<void> {
    this.recent.delete(token)
    await this.db.delete(sessions).where(eq(sessions.tokenHash, hash(token)))
  }
}
