import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { findPostgresBin, startPostgres, type TempPostgres } from '../../test/helpers/postgres.js'
import type { AppConfig } from '../config.js'
import { openStore, type Store } from '../store/db.js'
import { vendorCredentials } from '../store/schema.js'
import { TokenCache } from '../upstream/token-cache.js'
import { VendorCredentialStore } from './vendor-credentials.js'

/** A vendor that counts its token fetches and answers slowly enough for every caller to arrive while it works. */
function vendor(lifetimeS = 7200) {
  let n = 0
  return {
    fetch: async () => {
      n++
      const value = `token-${n}`
      await new Promise((r) => setTimeout(r, 30))
      return { value, expiresInSeconds: lifetimeS }
    },
    count: () => n,
  }
}

/** An "instance": its own connection pool (or the one PGlite) and its own cache, as each proxy process has. */
function instance(
  store: Store,
  fetch: () => Promise<{ value: string; expiresInSeconds: number }>,
  errors: string[] = [],
  now?: () => number,
) {
  const credentials = new VendorCredentialStore(store, (err, name) => errors.push(`${name}: ${String(err)}`))
  return new TokenCache({ fetch, now, shared: { credentials, name: 'wshoto access_token app-1 http://vendor.test' } })
}

function suite(database: () => AppConfig['database'], pools: number) {
  let stores: Store[] = []
  beforeAll(async () => {
    stores = await Promise.all(Array.from({ length: pools }, () => openStore(database())))
  }, 120_000)
  afterAll(() => Promise.all(stores.map((s) => s.close())))
  beforeEach(async () => {
    await stores[0]!.db.delete(vendorCredentials)
  })

  it('many instances asking at once on a cold start fetch the token once, and all use it', async () => {
    const v = vendor()
    const caches = Array.from({ length: 4 }, (_, i) => instance(stores[i % stores.length]!, v.fetch))
    const got = await Promise.all(Array.from({ length: 80 }, (_, i) => caches[i % caches.length]!.get()))
    expect(new Set(got)).toEqual(new Set(['token-1']))
    expect(v.count()).toBe(1)
  })

  it('a token the vendor refused is dropped for everyone, once: the next instance reads its replacement', async () => {
    const v = vendor()
    const [a, b] = [instance(stores[0]!, v.fetch), instance(stores[stores.length - 1]!, v.fetch)]
    expect([await a.get(), await b.get()]).toEqual(['token-1', 'token-1'])
    const refused = (token: string) => (token === 'token-1' ? Promise.reject(new Error('invalid')) : Promise.resolve(token))
    // a meets the refusal, drops token-1 cluster-wide and fetches token-2; b still holds token-1 in memory, meets the
    // refusal too, and then finds token-2 stored: no second fetch.
    expect(await a.use(refused, () => true)).toBe('token-2')
    expect(await b.use(refused, () => true)).toBe('token-2')
    expect(v.count()).toBe(2)
    // b's late drop of token-1 did not throw token-2 away.
    const rows = await stores[0]!.db.select().from(vendorCredentials)
    expect(rows.map((r) => r.value)).toEqual(['token-2'])
  })

  it("a stored token near its expiry is fetched again, once; the admins' re-check fetches whatever is stored", async () => {
    let clock = Date.now()
    const v = vendor(60)
    const [a, b] = [instance(stores[0]!, v.fetch, [], () => clock), instance(stores[stores.length - 1]!, v.fetch, [], () => clock)]
    expect(await a.get()).toBe('token-1')
    clock += 55_000 // past the refresh time: a tenth of the 60 s lifetime before its end
    expect(await Promise.all([b.get(), a.get(), b.get()])).toEqual(['token-2', 'token-2', 'token-2'])
    expect(await b.refreshNow()).toBe('token-3')
    expect(await a.get()).toBe('token-2') // a's memory copy is still good: it keeps it
    expect(v.count()).toBe(3)
  })

  it('a failed vendor fetch is not stored: the next caller tries again', async () => {
    let fail = true
    const fetch = async () => {
      if (fail) throw new Error('vendor down')
      return { value: 'token-ok', expiresInSeconds: 7200 }
    }
    const errors: string[] = []
    const a = instance(stores[0]!, fetch, errors)
    await expect(a.get()).rejects.toThrow('vendor down')
    expect(await stores[0]!.db.select().from(vendorCredentials)).toEqual([])
    fail = false
    expect(await instance(stores[stores.length - 1]!, fetch).get()).toBe('token-ok')
    expect(errors).toEqual([]) // a vendor failure is not the database's
  })

  it('without its database an instance fetches alone, and says so without the token', async () => {
    const [store] = await Promise.all([openStore(database())])
    const v = vendor()
    const errors: string[] = []
    const a = instance(store!, v.fetch, errors)
    await store!.close()
    expect(await a.get()).toBe('token-1')
    expect(v.count()).toBe(1)
    expect(errors.length).toBeGreaterThan(0)
    expect(errors.join('')).not.toContain('token-1')
  }, 120_000)
}

describe('vendor credentials shared on PGlite (one process)', () => {
  suite(() => ({ kind: 'memory' }), 1)
})

const bin = findPostgresBin()
if (!bin) console.warn('vendor-credentials.test.ts: PostgreSQL part skipped: no PostgreSQL server binaries (apt-get install postgresql)')

describe.skipIf(!bin)('vendor credentials shared on a PostgreSQL server (instances with their own connections)', () => {
  let pgServer: TempPostgres
  beforeAll(async () => {
    pgServer = await startPostgres(bin!)
  }, 60_000)
  afterAll(() => pgServer?.stop())

  suite(() => ({ kind: 'postgres', url: pgServer.url }), 2)
})
