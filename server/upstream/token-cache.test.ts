import { describe, expect, it } from 'vitest'
import { TokenCache } from './token-cache.js'

function counter(lifetimeS = 7200) {
  let n = 0
  let release: (() => void) | undefined
  const gate = { hold: false }
  const fetch = async () => {
    n++
    const value = `t${n}`
    if (gate.hold) await new Promise<void>((r) => (release = r))
    return { value, expiresInSeconds: lifetimeS }
  }
  return { fetch, count: () => n, gate, release: () => release?.() }
}

describe('TokenCache', () => {
  it('shares one fetch among concurrent callers', async () => {
    const c = counter()
    c.gate.hold = true
    const cache = new TokenCache({ fetch: c.fetch })
    const all = Promise.all(Array.from({ length: 200 }, () => cache.get()))
    await new Promise((r) => setTimeout(r, 5))
    c.release()
    expect(new Set(await all)).toEqual(new Set(['t1']))
    expect(c.count()).toBe(1)
  })

  it('refreshes shortly before expiry, not after', async () => {
    let now = 0
    const c = counter(7200)
    const cache = new TokenCache({ fetch: c.fetch, now: () => now, marginMs: 300_000 })
    expect(await cache.get()).toBe('t1')
    now = 7200_000 - 300_001
    expect(await cache.get()).toBe('t1')
    now = 7200_000 - 300_000
    expect(await cache.get()).toBe('t2')
    expect(c.count()).toBe(2)
  })

  it('caps the margin for short lifetimes so a 1 s token is still used', async () => {
    let now = 0
    const c = counter(1)
    const cache = new TokenCache({ fetch: c.fetch, now: () => now })
    await cache.get()
    now = 850
    expect(await cache.get()).toBe('t1')
    now = 901
    expect(await cache.get()).toBe('t2')
  })

  it('drops an invalid token and retries once', async () => {
    const c = counter()
    const cache = new TokenCache({ fetch: c.fetch })
    const seen: string[] = []
    const result = await cache.use(
      async (t) => {
        seen.push(t)
        if (t === 't1') throw new Error('invalid')
        return 'ok'
      },
      (e) => (e as Error).message === 'invalid',
    )
    expect(result).toBe('ok')
    expect(seen).toEqual(['t1', 't2'])
  })

  it('does not retry twice, nor on other errors', async () => {
    const c = counter()
    const cache = new TokenCache({ fetch: c.fetch })
    let calls = 0
    await expect(
      cache.use(
        async () => (calls++, Promise.reject(new Error('invalid'))),
        () => true,
      ),
    ).rejects.toThrow('invalid')
    expect(calls).toBe(2)
    calls = 0
    await expect(
      cache.use(
        async () => (calls++, Promise.reject(new Error('boom'))),
        () => false,
      ),
    ).rejects.toThrow('boom')
    expect(calls).toBe(1)
  })

  it('a late failure of an old token does not drop a newer one', async () => {
    const c = counter()
    const cache = new TokenCache({ fetch: c.fetch })
    await cache.get()
    await cache.invalidate('t1')
    expect(await cache.get()).toBe('t2')
    await cache.invalidate('t1')
    expect(await cache.get()).toBe('t2')
    expect(c.count()).toBe(2)
  })

  it('a failed fetch is not cached', async () => {
    let fail = true
    const cache = new TokenCache({
      fetch: async () => {
        if (fail) throw new Error('down')
        return { value: 'ok', expiresInSeconds: 60 }
      },
    })
    await expect(cache.get()).rejects.toThrow('down')
    fail = false
    expect(await cache.get()).toBe('ok')
  })
})
