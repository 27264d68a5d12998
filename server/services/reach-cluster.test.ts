import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Reach, ReachHistory } from '../../contracts/reach.js'
import { buildDemoApp, login, testConfig } from '../../test/helpers/app.js'
import { simControl } from '../../test/helpers/demo.js'
import { findPostgresBin, startPostgres, type TempPostgres } from '../../test/helpers/postgres.js'
import { startSimulator, type Simulator } from '../sim/index.js'
import { demoCampaignIds } from '../sim/demo-data.js'
import { testCredentials } from '../../test/helpers/app.js'

// Several proxy instances on one PostgreSQL server: the reach window, the pull-to-refresh floor and the stale answer
// hold for all of them, because the snapshots and the campaign's lock live in the database. WShoto calls are counted
// at the simulator, the only honest place to count them.
const bin = findPostgresBin()
if (!bin) console.warn('reach-cluster.test.ts skipped: no PostgreSQL server binaries (apt-get install postgresql)')

const DETAIL = '/openapi/mass_send/corp/get_mass_task_detail'
const FRESH_MS = 10_000

describe.skipIf(!bin)('reach figures shared by two instances on one PostgreSQL', () => {
  let pgServer: TempPostgres
  let sim: Simulator
  beforeAll(async () => {
    pgServer = await startPostgres(bin!)
    sim = await startSimulator({ credentials: testCredentials, trustedOrigin: 'http://sidebar.test' })
  }, 60_000)
  afterAll(async () => {
    await sim?.close()
    await pgServer?.stop()
  })

  /** An instance of the proxy as a deployment runs it, on the shared database and simulator. */
  async function instance(reachFreshMs = FRESH_MS) {
    const app = await buildDemoApp(
      testConfig(sim.url, { config: { database: { kind: 'postgres', url: pgServer.url }, reachFreshMs, logLevel: 'silent' } }),
    )
    await app.ready()
    const cookie = await login(app, sim, 'zhangwei')
    const get = (url: string) => app.inject({ url, headers: { cookie } })
    return { app, get }
  }
  const detailCalls = () => sim.state.requests.filter((r) => r.path === DETAIL).length

  it('50 concurrent reach requests over two instances make one WShoto call; a pull on both, one more', async () => {
    const [a, b] = [await instance(), await instance()]
    try {
      const taskId = demoCampaignIds[0]!.taskId
      const before = detailCalls()
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).get(`/api/campaigns/${taskId}/reach`)))
      expect(answers.filter((r) => r.statusCode !== 200).map((r) => r.body)).toEqual([])
      const fetchedAts = new Set(answers.map((r) => Reach.parse(r.json()).fetchedAt))
      console.info(`[figures] 50 concurrent reach requests over 2 instances → ${detailCalls() - before} WShoto call(s)`)
      expect(detailCalls() - before).toBe(1)
      expect(fetchedAts.size).toBe(1)

      // A pull-to-refresh within 2 s of the last fetch asks nothing, on either instance.
      const pulled = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).get(`/api/campaigns/${taskId}/reach?refresh=1`)),
      )
      expect(pulled.every((r) => r.statusCode === 200)).toBe(true)
      expect(detailCalls() - before).toBe(1)
      // Past the floor: 20 pulls over both instances at once, one call.
      await new Promise((r) => setTimeout(r, 2_100))
      const later = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).get(`/api/campaigns/${taskId}/reach?refresh=1`)))
      expect(later.every((r) => r.statusCode === 200)).toBe(true)
      expect(detailCalls() - before).toBe(2)

      // Both fetches are the campaign's history, on either instance.
      const history = ReachHistory.parse((await b.get(`/api/campaigns/${taskId}/reach/history`)).json())
      expect(history.measured).toBe(2)
      expect(history.points.map((p) => p.fetchedAt)).toEqual([...fetchedAts, Reach.parse(later[0]!.json()).fetchedAt])
    } finally {
      await a.app.close()
      await b.app.close()
    }
  }, 120_000)

  it('after a restart, while WShoto is down, the figures fetched before answer, marked stale', async () => {
    const taskId = demoCampaignIds[1]!.taskId
    const first = await instance()
    let fetched: Reach
    try {
      fetched = Reach.parse((await first.get(`/api/campaigns/${taskId}/reach`)).json())
      expect(fetched.stale).toBeNull()
    } finally {
      await first.app.close()
    }
    // A new process that remembers nothing, with a window that has passed: it must ask WShoto, which is down.
    await simControl(sim, 'POST', 'faults', { vendor: 'wshoto', path: DETAIL, kind: 'http', status: 503, count: 20 })
    const restarted = await instance(0)
    try {
      const res = await restarted.get(`/api/campaigns/${taskId}/reach`)
      expect(res.statusCode, res.body).toBe(200)
      const stale = Reach.parse(res.json())
      expect(stale.stale?.since).toBe(fetched.fetchedAt)
      expect({ ...stale, stale: null }).toEqual(fetched)
    } finally {
      await simControl(sim, 'DELETE', 'faults')
      await restarted.app.close()
    }
  }, 120_000)
})
