/**
 * The proxy under test, in a process of its own: built as `server/main.ts` builds it in demo mode (PGlite in a
 * temporary DATA_DIR, the demo's customers, Youmi identities and campaigns seeded, LOG_LEVEL info), with every vendor
 * pointed at the benchmark's vendor process instead of an in-process simulator, so the vendors' work never shares
 * this event loop. With BENCH_DATABASE_URL, the build a company runs instead: the same, on that PostgreSQL server, logging JSON lines.
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'
import { buildApp } from '../../server/app.js'
import { boot } from '../../server/boot.js'
import { parseEnv } from '../../server/config.js'
import type { SimCredentials } from '../../server/sim/index.js'
import { serveParent } from './ipc.js'

const port = Number(process.env.BENCH_PORT)
const vendorUrl = process.env.BENCH_VENDOR_URL!
const creds = JSON.parse(process.env.BENCH_CREDENTIALS!) as SimCredentials
const env = parseEnv({
  PORT: String(port),
  HOST: '127.0.0.1',
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  DATA_DIR: process.env.BENCH_DATA_DIR,
  // The production configuration: its database, and its log format (JSON lines; the demo's default is pino-pretty).
  ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL, LOG_FORMAT: 'json' } : {}),
  ...(process.env.BENCH_LOG_FORMAT ? { LOG_FORMAT: process.env.BENCH_LOG_FORMAT } : {}),
  LOG_LEVEL: 'info',
  // The limits stay on, set high enough that one staff member's benchmark is never refused: their cost is measured.
  RATE_LIMIT_USER_PER_MIN: '1000000',
  RATE_LIMIT_SENDS_PER_MIN: '1000000',
  ...(process.env.REACH_FRESH_S ? { REACH_FRESH_S: process.env.REACH_FRESH_S } : {}),
})
const { config, sim, demo } = await boot(env, port)
// Demo mode started a simulator in this process: the vendor process replaces it, with the same credentials.
await sim?.close()
const v = config.vendors
Object.assign(v.wecom, creds.wecom, { apiBase: vendorUrl })
Object.assign(v.youmi, creds.youmi, { apiBase: vendorUrl, tokenUrl: `${vendorUrl}/connect/token` })
Object.assign(v.wshoto, creds.wshoto, { apiBase: vendorUrl })
// The sign-in page (`/sim/…`, demo mode's pass-through) now comes from the vendor process.
config.simUrl = vendorUrl

const app = await buildApp(config, { demo })
await app.listen({ port, host: '127.0.0.1' })
// `--profile DIR`: a CPU profile of each measured phase alone (start-up and warm-up left out).
let inspector: Session | undefined
serveParent(async (m) => {
  if (m.type === 'profile-start') {
    inspector ??= new Session()
    inspector.connect()
    await inspector.post('Profiler.enable')
    await inspector.post('Profiler.setSamplingInterval', { interval: 200 })
    await inspector.post('Profiler.start')
    return { type: 'profiling' }
  }
  if (m.type === 'profile-stop') {
    const { profile } = await inspector!.post('Profiler.stop')
    inspector!.disconnect()
    const file = join(String(m.dir), `${String(m.name)}.cpuprofile`)
    writeFileSync(file, JSON.stringify(profile))
    return { type: 'profiled', file }
  }
  if (m.type === 'cpu') return { type: 'cpu', ...process.cpuUsage() }
  if (m.type === 'close') {
    await app.close()
    process.exit(0)
  }
  return null
})
process.send!({ type: 'ready' })
