import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../app.js'
import { testConfig } from '../../test/helpers/app.js'
import { findPostgresBin, startPostgres, type TempPostgres } from '../../test/helpers/postgres.js'

// GET /api/ready on a PostgreSQL server that goes away and comes back: what a load balancer relies on.
const bin = findPostgresBin()
if (!bin) console.warn('readiness.test.ts skipped: no PostgreSQL server binaries (apt-get install postgresql)')

describe.skipIf(!bin)('GET /api/ready on PostgreSQL', () => {
  let pgServer: TempPostgres
  let app: Awaited<ReturnType<typeof buildApp>>
  beforeAll(async () => {
    pgServer = await startPostgres(bin!)
    app = await buildApp({ ...testConfig('http://127.0.0.1:9'), database: { kind: 'postgres', url: pgServer.url } }, { logger: false })
  }, 60_000)
  afterAll(async () => {
    await app?.close()
    await pgServer?.stop()
  })

  it('is 503 with the reason while the database is down, 200 when it is back; health stays 200', async () => {
    const ready = await app.inject('/api/ready')
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toMatchObject({ status: 'ready' })

    await pgServer.down()
    const down = await app.inject('/api/ready')
    expect(down.statusCode).toBe(503)
    expect(down.json()).toMatchObject({ status: 'unready', reason: expect.stringContaining('database does not answer') })
    // Liveness does not touch the database: the process is alive, only not ready.
    expect((await app.inject('/api/health')).statusCode).toBe(200)

    await pgServer.up()
    const back = await app.inject('/api/ready')
    expect(back.statusCode).toBe(200)
    expect(back.json()).toMatchObject({ status: 'ready', migrationsApplied: back.json().migrationsExpected })
  }, 60_000)
})
