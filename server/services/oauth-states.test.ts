import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cookieHeader, startTestApp } from '../../test/helpers/app.js'
import { findPostgresBin, startPostgres, type TempPostgres } from '../../test/helpers/postgres.js'
import { authorize } from '../../test/security/helpers.js'
import { buildApp } from '../app.js'
import type { AppConfig } from '../config.js'
import { openStore } from '../store/db.js'
import { OAUTH_STATE_TTL_MS, OAuthStateStore } from './oauth-states.js'

/** The same guarantees on PGlite (the default) and on a PostgreSQL server shared by several proxy instances. */
function suite(database: () => AppConfig['database']) {
  it('a state works once: issued, consumed, then never again; an unknown or expired one never', async () => {
    let clock = Date.now()
    const store = await openStore(database())
    try {
      const states = new OAuthStateStore(store.db, () => clock)
      const a = await states.issue()
      const b = await states.issue()
      expect(a).not.toBe(b)
      expect(await states.consume(a)).toBe(true)
      expect(await states.consume(a)).toBe(false)
      expect(await states.consume('never-issued')).toBe(false)
      clock += OAUTH_STATE_TTL_MS + 1
      expect(await states.consume(b)).toBe(false)
    } finally {
      await store.close()
    }
  })

  it('of 20 callbacks racing with one state, exactly one consumes it', async () => {
    const store = await openStore(database())
    try {
      const states = new OAuthStateStore(store.db, Date.now)
      const state = await states.issue()
      const results = await Promise.all(Array.from({ length: 20 }, () => states.consume(state)))
      expect(results.filter(Boolean)).toHaveLength(1)
    } finally {
      await store.close()
    }
  })
}

describe('OAuth states on PGlite', () => {
  suite(() => ({ kind: 'memory' }))
})

const bin = findPostgresBin()
if (!bin) console.warn('oauth-states.test.ts: PostgreSQL part skipped: no PostgreSQL server binaries (apt-get install postgresql)')

describe.skipIf(!bin)('OAuth states on a PostgreSQL server', () => {
  let pgServer: TempPostgres
  beforeAll(async () => {
    pgServer = await startPostgres(bin!)
  }, 60_000)
  afterAll(() => pgServer?.stop())

  suite(() => ({ kind: 'postgres', url: pgServer.url }))

  it('two proxy instances on one database: a state issued by one works once, at either, and WeCom is asked once', async () => {
    const t = await startTestApp({ config: { database: { kind: 'postgres', url: pgServer.url } } })
    const other = await buildApp(t.config, { logger: false })
    try {
      const start = await t.app.inject('/api/auth/login')
      const cookie = cookieHeader(start.headers['set-cookie'])
      const { callback } = await authorize(t.sim, String(start.headers.location), 'zhangwei')
      const calls = () => t.sim.state.requests.filter((r) => r.path.endsWith('/auth/getuserinfo')).length
      const before = calls()
      const answers = await Promise.all([t.app, other, t.app, other].map((app) => app.inject({ url: callback, headers: { cookie } })))
      expect(answers.map((a) => a.statusCode).sort()).toEqual([302, 400, 400, 400])
      expect(calls() - before).toBe(1)
    } finally {
      await other.close()
      await t.close()
    }
  })
})
