/** Helpers for the simulator's own tests (kept out of *.test.ts so several test files share them). */
import type { FastifyInstance } from 'fastify'
import { buildSimApp, simStateOf, type SimOptions } from './index.js'
import type { SimState } from './state.js'

export const simTestCredentials: SimOptions['credentials'] = {
  wecom: { corpId: 'wwsimtest0001', agentId: '1000002', secret: 'sim-wecom-secret-3b1f9e7c5a' },
  youmi: { clientId: 'sim-youmi-client', clientSecret: 'sim-youmi-secret-8d6b4f2a0c', tenantId: '640462692', scope: 'Ls.Qkl.PublicApi' },
  wshoto: { appId: 'sim-wshoto-app', appSecret: 'sim-wshoto-secret-1e3c5a7b9d' },
}

/** A hand-moved clock: tests move `t` to cross expiry or to watch campaigns progress. */
export interface TestClock {
  t: number
  now: () => number
}

export function testClock(start = Date.UTC(2024, 11, 19, 9, 21, 51)): TestClock {
  const clock: TestClock = { t: start, now: () => clock.t }
  return clock
}

export interface TestSim {
  app: FastifyInstance
  state: SimState
  clock: TestClock
}

export function testSim(opts: Partial<SimOptions> = {}): TestSim {
  const clock = testClock()
  const app = buildSimApp({ credentials: simTestCredentials, now: clock.now, ...opts })
  return { app, state: simStateOf(app), clock }
}

export function multipartBody(field: string, filename: string, content: Buffer, mimetype = 'application/octet-stream') {
  const boundary = `----simtest${Math.random().toString(16).slice(2)}`
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"; filelength=${content.length}\r\nContent-Type: ${mimetype}\r\n\r\n`,
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** Maps keyed by staff id in WShoto's range_info: their keys are data, not field names. */
const DYNAMIC_KEYS = new Set(['user_customer_info', 'user_chat_info'])

/**
 * Differences between `actual` and the shape of a seed `example`: same keys at every object level,
 * same JSON types, every array element shaped like the example's first element.
 */
export function shapeDifferences(actual: unknown, example: unknown, path = '$'): string[] {
  if (Array.isArray(example)) {
    if (!Array.isArray(actual)) return [`${path}: expected array`]
    if (example.length === 0) return []
    return actual.flatMap((item, i) => shapeDifferences(item, example[0], `${path}[${i}]`))
  }
  if (example !== null && typeof example === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: expected object`]
    const key = path.split('.').pop() ?? ''
    if (DYNAMIC_KEYS.has(key)) {
      return Object.entries(actual).flatMap(([k, v]) =>
        Array.isArray(v) && v.every((x) => typeof x === 'string') ? [] : [`${path}.${k}: expected array of strings`],
      )
    }
    const a = Object.keys(actual).sort()
    const e = Object.keys(example).sort()
    const diffs: string[] = []
    for (const k of e) if (!a.includes(k)) diffs.push(`${path}.${k}: missing`)
    for (const k of a) if (!e.includes(k)) diffs.push(`${path}.${k}: not in the seed`)
    for (const k of e) {
      if (a.includes(k))
        diffs.push(...shapeDifferences((actual as Record<string, unknown>)[k], (example as Record<string, unknown>)[k], `${path}.${k}`))
    }
    return diffs
  }
  return typeof actual === typeof example ? [] : [`${path}: expected ${typeof example}, got ${typeof actual}`]
}
