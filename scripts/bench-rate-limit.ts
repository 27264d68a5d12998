/**
 * `npx tsx scripts/bench-rate-limit.ts`: what a rate-limit count costs a request when the counters are shared in
 * PostgreSQL (server/store/rate-limit-store.ts), beside the plugin's own memory store and beside the cheapest query
 * there is (`SELECT 1` through the same pool), all in one run on a throwaway PostgreSQL server on loopback.
 *
 * One after another (a request's added latency) and 16 at a time (throughput), 200 staff members' buckets.
 * Bounded: a few seconds. `--hits N` per round (2000).
 */
import { createRequire } from 'node:module'
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import { openStore } from '../server/store/db.js'
import { postgresRateLimitStore, type RateLimitStore } from '../server/store/rate-limit-store.js'
import { findPostgresBin, startPostgres } from '../test/helpers/postgres.js'

const { values } = parseArgs({ options: { hits: { type: 'string', default: '2000' } } })
const hits = Math.min(20_000, Math.max(100, Number(values.hits)))

// The plugin's own store, as it counts without a `store` option.
const LocalStore = createRequire(import.meta.url)('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
) => RateLimitStore

const bin = findPostgresBin()
if (!bin) throw new Error('No PostgreSQL server binaries (apt-get install postgresql)')
const pg = await startPostgres(bin)
const store = await openStore({ kind: 'postgres', url: pg.url })
try {
  const shared = new (postgresRateLimitStore(store.db))()
  const local = new LocalStore(false, false)
  const count = (s: RateLimitStore, i: number) =>
    new Promise<void>((resolve, reject) => s.incr(`user:staff-${i % 200}`, (err) => (err ? reject(err) : resolve()), 60_000, 600))
  const select1 = async () => void (await store.db.execute(sql`SELECT 1`))
  const ways: Array<[string, (i: number) => Promise<void>]> = [
    ['memory store (per instance)', (i) => count(local, i)],
    ['PostgreSQL store (cluster)', (i) => count(shared, i)],
    ['reference: SELECT 1, same pool', select1],
  ]
  const serial = async (f: (i: number) => Promise<void>) => {
    const start = process.hrtime.bigint()
    for (let i = 0; i < hits; i++) await f(i)
    return Number(process.hrtime.bigint() - start) / 1000 / hits
  }
  const parallel = async (f: (i: number) => Promise<void>) => {
    const start = process.hrtime.bigint()
    let next = 0
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < hits) await f(next++)
      }),
    )
    return hits / (Number(process.hrtime.bigint() - start) / 1e9)
  }
  for (const [, f] of ways) await serial(f) // warm-up: connections, plans, JIT
  const best = new Map<string, { us: number; perS: number }>()
  // Rounds alternate between the ways, so a busy moment of the machine hits each; the best round of each is kept.
  for (let round = 0; round < 3; round++) {
    for (const [name, f] of ways) {
      const us = await serial(f)
      const perS = await parallel(f)
      const b = best.get(name)
      best.set(name, { us: Math.min(b?.us ?? Infinity, us), perS: Math.max(b?.perS ?? 0, perS) })
    }
  }
  console.log(`rate-limit counts, ${hits} per round, best of 3 rounds (machine: shared; figures side by side)`)
  for (const [name, { us, perS }] of best)
    console.log(
      `  ${name.padEnd(32)} ${us.toFixed(1).padStart(8)} µs per count one at a time   ${Math.round(perS).toString().padStart(7)} counts/s at 16 in flight`,
    )
} finally {
  await store.close()
  await pg.stop()
}
