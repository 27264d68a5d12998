/**
 * The parent's side of ./measured-app.ts: a test app in a process of its own whose memory a test measures while it
 * talks to it over HTTP, so that the test's own buffers (the file it sends or reads) are not counted.
 */
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { AppConfig } from '../../server/config.js'
import { spawnUntil } from './child-process.js'

const ROOT = resolve(import.meta.dirname, '../..')

/** Peak growth over what the process held when the measurement started. */
export interface Growth {
  type: 'growth'
  /** JS heap plus memory outside it (Buffers…), read after a full collection. */
  liveMB: number
  /** Resident memory, as the operating system sees it (garbage included): printed, not bounded. */
  rssMB: number
  samples: number
}
export type MeasuredAppMessage = { type: 'start'; everyMs: number } | { type: 'stop' } | { type: 'close' }

export interface MeasuredApp {
  origin: string
  /** The session cookie of the signed-in staff member. */
  cookie: string
  /** Runs `transfer` while the app samples its memory every `everyMs`; answers its result and the app's peak growth. */
  measure<T>(transfer: () => Promise<T>, everyMs?: number): Promise<{ result: T; growth: Growth }>
  stop(): Promise<void>
}

export async function startMeasuredApp(config: Partial<AppConfig>, login = 'zhangwei'): Promise<MeasuredApp> {
  const { proc, match } = await spawnUntil({
    name: 'measured-app',
    args: [
      '--expose-gc',
      '--import',
      pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
      join(ROOT, 'test/helpers/measured-app.ts'),
    ],
    cwd: ROOT,
    env: { MEASURED_APP_CONFIG: JSON.stringify(config), MEASURED_APP_LOGIN: login, NODE_ENV: 'test' },
    ready: /^measured app ready (\{.*\})$/m,
    timeoutMs: 120_000,
    ipc: true,
  })
  const { origin, cookie } = JSON.parse(match[1]!) as { origin: string; cookie: string }
  const ask = (message: MeasuredAppMessage) => proc.child.send(message)
  return {
    origin,
    cookie,
    async measure(transfer, everyMs = 20) {
      const growth = new Promise<Growth>((r, reject) => {
        proc.child.once('message', (m: Growth) => r(m))
        proc.child.once('exit', () => reject(new Error(`the measured app ended:\n${proc.output().slice(-4000)}`)))
      })
      ask({ type: 'start', everyMs })
      // The child takes its baseline before it reads anything more from its sockets: a round trip over IPC first.
      await new Promise((r) => setTimeout(r, 200))
      let result
      try {
        result = await transfer()
      } finally {
        ask({ type: 'stop' })
      }
      return { result, growth: await growth }
    },
    stop: async () => {
      // Closed by itself first (its database connections, the secret scan of its log), then stopped in any case.
      if (proc.alive()) {
        const exited = new Promise((r) => proc.child.once('exit', r))
        ask({ type: 'close' })
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
      }
      await proc.stop()
    },
  }
}
