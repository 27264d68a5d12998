import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, lt } from 'drizzle-orm'
import type { Db } from '../store/db.js'
import { oauthStates } from '../store/schema.js'

/** How long a sign-in may take between our login and WeCom sending the browser back. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000

const hash = (state: string) => createHash('sha256').update(state).digest('hex')

/**
 * OAuth `state` values, each good for one callback. Kept in the database rather than in memory, so a state handed out
 * by one instance of the proxy is consumed at whichever instance the browser comes back to, and works there once.
 */
export class OAuthStateStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** A new random state, remembered until it is used or `OAUTH_STATE_TTL_MS` has passed. */
  async issue(): Promise<string> {
    const state = randomBytes(16).toString('base64url')
    const now = this.now()
    await this.db.insert(oauthStates).values({ stateHash: hash(state), expiresAt: new Date(now + OAUTH_STATE_TTL_MS) })
    // Sign-ins are rare: a good moment to forget states nobody came back with.
    await this.db.delete(oauthStates).where(lt(oauthStates.expiresAt, new Date(now)))
    return state
  }

  /**
   * Forgets `state` and answers whether it was still good. One statement: of two callbacks racing with the same
   * state, at one instance or two, exactly one gets the row.
   */
  async consume(state: string): Promise<boolean> {
    const gone = await this.db
      .delete(oauthStates)
      .where(and(eq(oauthStates.stateHash, hash(state)), gt(oauthStates.expiresAt, new Date(this.now()))))
      .returning({ stateHash: oauthStates.stateHash })
    return gone.length === 1
  }
}
