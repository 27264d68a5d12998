import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import { desc, gte, lt } from 'drizzle-orm'
import type { Db } from '../../store/db.js'
import { instances } from '../../store/schema.js'

const BEAT_MS = 30_000
/** Instances not seen for this long are not listed (they stopped, or lost the database). */
const RECENT_MS = 10 * 60_000

/** This process's row in `instances`, written at start and every 30 s, and the list of instances seen recently. */
export class Heartbeat {
  readonly id = randomUUID()
  readonly host = hostname()
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly db: Db,
    private readonly version: string,
    private readonly startedAt: Date,
    private readonly now: () => number,
    private readonly onError: (err: Error) => void,
  ) {}

  async start(): Promise<void> {
    await this.beat()
    // A beat that fails (database away) is only logged: readiness reports the database, not the heartbeat.
    this.timer = setInterval(() => void this.beat().catch((err: Error) => this.onError(err)), BEAT_MS).unref()
  }

  stop(): void {
    clearInterval(this.timer)
  }

  async beat(): Promise<void> {
    const seenAt = new Date(this.now())
    await this.db
      .insert(instances)
      .values({ id: this.id, host: this.host, version: this.version, startedAt: this.startedAt, seenAt })
      .onConflictDoUpdate({ target: instances.id, set: { seenAt } })
    // Rows of instances gone for a day are history nobody reads.
    await this.db.delete(instances).where(lt(instances.seenAt, new Date(this.now() - 24 * 3600_000)))
  }

  async recent() {
    const rows = await this.db
      .select()
      .from(instances)
      .where(gte(instances.seenAt, new Date(this.now() - RECENT_MS)))
      .orderBy(desc(instances.seenAt))
      .limit(50)
    return rows.map((r) => ({
      id: r.id,
      host: r.host,
      version: r.version,
      startedAt: r.startedAt.toISOString(),
      seenAt: r.seenAt.toISOString(),
    }))
  }
}
