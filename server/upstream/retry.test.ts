import { describe, expect, it } from 'vitest'
import { VendorUnavailableError, badShape, fromTransport, vendorCode } from './errors.js'
import { TransportError } from './http.js'
import { backoffMs, retryClass, retryPolicy, withRetry, type RetryDeps } from './retry.js'

const transport = (failure: TransportError['failure'], httpStatus?: number) =>
  fromTransport('wecom', 'externalcontact/get', new TransportError(failure, 'x', httpStatus))

/** A clock that only the injected sleep (and `spend`) moves: every wait and deadline is exact. */
function fakeTime(random = 0) {
  let now = 0
  const slept: number[] = []
  const deps: RetryDeps = {
    clock: () => now,
    random: () => random,
    sleep: async (ms) => {
      slept.push(ms)
      now += ms
    },
  }
  return { deps, slept, spend: (ms: number) => (now += ms), now: () => now }
}

describe('what is retried', () => {
  it.each([
    ['a timeout', transport('timeout'), 'transient'],
    ['a reset connection', transport('reset'), 'transient'],
    ['a refused connection', transport('unreachable'), 'transient'],
    ['HTTP 500', transport('http', 500), 'transient'],
    ['HTTP 502', transport('http', 502), 'transient'],
    ['HTTP 503', transport('http', 503), 'transient'],
    ['HTTP 504', transport('http', 504), 'transient'],
    ['an answer that is not JSON', transport('malformed'), 'transient'],
    ['JSON of the wrong shape', badShape('wecom', 'x', 'y'), 'transient'],
    ['WeCom busy (-1)', vendorCode('wecom', 'x', -1, 'busy', { retry: 'busy' }), 'transient'],
    ['HTTP 429', transport('http', 429), 'rateLimited'],
    ['WeCom 45009', vendorCode('wecom', 'x', 45009, 'freq', { retry: 'rateLimited' }), 'rateLimited'],
  ] as const)('%s is %s', (_name, err, kind) => {
    expect(retryClass(err)).toBe(kind)
  })

  it.each([
    ['HTTP 400', transport('http', 400)],
    ['HTTP 401', transport('http', 401)],
    ['HTTP 404', transport('http', 404)],
    ['HTTP 501', transport('http', 501)],
    ['a business error', vendorCode('wecom', 'x', 84061, 'not external contact')],
    ['a token-invalid code (the token cache handles it)', vendorCode('wecom', 'x', 40014, 'invalid access_token')],
    ['an open circuit breaker', new VendorUnavailableError('wecom', 10_000)],
    ['a bug', new TypeError('x is undefined')],
  ])('%s is not retried', (_name, err) => {
    expect(retryClass(err)).toBeNull()
  })
})

describe('backoff', () => {
  const p = retryPolicy(5000)

  it('production defaults: 4 attempts within 2.5 × the per-call timeout', () => {
    expect(p).toEqual({
      maxAttempts: 4,
      baseDelayMs: 200,
      maxDelayMs: 2000,
      rateLimitBaseDelayMs: 1000,
      rateLimitMaxDelayMs: 8000,
      deadlineMs: 12_500,
      minAttemptMs: 2500,
    })
  })

  it('doubles, is capped, and half of each wait is jitter', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs('transient', n, p, () => 0))).toEqual([100, 200, 400, 800, 1000])
    expect([1, 2, 3, 4, 5].map((n) => backoffMs('transient', n, p, () => 0.999999))).toEqual([200, 400, 800, 1600, 2000])
    expect([1, 2, 3, 4].map((n) => backoffMs('rateLimited', n, p, () => 0.5))).toEqual([750, 1500, 3000, 6000])
  })
})

describe('withRetry', () => {
  it('repeats a transient failure and answers the first success', async () => {
    const t = fakeTime()
    let calls = 0
    const answer = await withRetry(
      async () => {
        calls++
        if (calls < 3) throw transport('http', 502)
        return 'ok'
      },
      { policy: retryPolicy(300), timeoutMs: 300, deps: t.deps },
    )
    expect(answer).toBe('ok')
    expect(calls).toBe(3)
    expect(t.slept).toEqual([100, 200])
  })

  it('never repeats a refusal or a business error', async () => {
    const t = fakeTime()
    let calls = 0
    const refused = vendorCode('wecom', 'x', 84061, 'not external contact')
    await expect(
      withRetry(
        async () => {
          calls++
          throw refused
        },
        { policy: retryPolicy(300), timeoutMs: 300, deps: t.deps },
      ),
    ).rejects.toBe(refused)
    expect(calls).toBe(1)
    expect(t.slept).toEqual([])
  })

  it('gives up after maxAttempts with the last failure', async () => {
    const t = fakeTime()
    let calls = 0
    const last = transport('http', 503)
    await expect(
      withRetry(
        async () => {
          calls++
          throw calls === 4 ? last : transport('http', 500)
        },
        { policy: retryPolicy(5000), timeoutMs: 5000, deps: t.deps },
      ),
    ).rejects.toBe(last)
    expect(calls).toBe(4)
  })

  it('stays within the deadline: timeouts get two attempts of 2.5 × the timeout, the second cut short if need be', async () => {
    const t = fakeTime()
    const timeouts: number[] = []
    await expect(
      withRetry(
        async (timeoutMs) => {
          timeouts.push(timeoutMs)
          t.spend(timeoutMs)
          throw transport('timeout')
        },
        { policy: retryPolicy(300), timeoutMs: 300, deps: t.deps },
      ),
    ).rejects.toMatchObject({ code: 'WECOM_TIMEOUT' })
    expect(timeouts).toEqual([300, 300])
    expect(t.now()).toBeLessThanOrEqual(750)
    // Slower: the second attempt only gets what is left of the deadline.
    const slow = fakeTime()
    const cut: number[] = []
    await expect(
      withRetry(
        async (timeoutMs) => {
          cut.push(timeoutMs)
          slow.spend(cut.length === 1 ? 400 : timeoutMs)
          throw transport('reset')
        },
        { policy: retryPolicy(300), timeoutMs: 300, deps: slow.deps },
      ),
    ).rejects.toBeDefined()
    expect(cut).toEqual([300, 250])
    expect(slow.now()).toBeLessThanOrEqual(750)
  })

  it('waits longer after a rate limit, and only as long as the deadline allows', async () => {
    const t = fakeTime()
    let calls = 0
    const limited = vendorCode('wecom', 'x', 45009, 'api freq out of limit', { retry: 'rateLimited' })
    await expect(
      withRetry(
        async () => {
          calls++
          throw limited
        },
        { policy: retryPolicy(5000), timeoutMs: 5000, deps: t.deps },
      ),
    ).rejects.toBe(limited)
    // 500 + 1000 + 2000 ms of waiting (random 0), all inside 12.5 s.
    expect(t.slept).toEqual([500, 1000, 2000])
    expect(calls).toBe(4)
    // With a 300 ms timeout the deadline (750 ms) leaves room for one rate-limit pause only.
    const short = fakeTime()
    let shortCalls = 0
    await expect(
      withRetry(
        async () => {
          shortCalls++
          throw limited
        },
        { policy: retryPolicy(300), timeoutMs: 300, deps: short.deps },
      ),
    ).rejects.toBe(limited)
    expect([shortCalls, short.slept]).toEqual([2, [500]])
  })
})
