import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, lt } from 'drizzle-orm'
import type { Db } from '../store/db.js'
import { sessions } from '../store/schema.js'

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000

export interface SessionUser {
  userId: string
  corpId: string
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex')

export class SessionService {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async create(user: SessionUser): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url')
    const now = this.now()
    const expiresAt = new Date(now + SESSION_TTL_MS)
    await this.db.insert(sessions).values({ tokenHash: hash(token), userId: user.userId, corpId: user.corpId, createdAt: new Date(now), expiresAt })
    // Sign-ins are rare next to requests: a good moment to forget expired sessions.
    await this.db.delete(sessions).where(lt(sessions.expiresAt, new Date(now)))
    return { token, expiresAt }
  }

  async find(token: string): Promise<SessionUser | null> {
    const rows = await this.db
      .select({ userId: sessions.userId, corpId: sessions.corpId })
      .from(sessions)
      .where(and(eq(sessions.tokenHash, hash(token)), gt(sessions.expiresAt, new Date(this.now()))))
      .limit(1)
    return rows[0] ?? null
  }

  async destroy(token: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.tokenHash, hash(token)))
  }
}
