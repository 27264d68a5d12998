import { describe, expect, it } from 'vitest'
import { CircuitBreaker, isVendorDown } from './breaker.js'
import { badShape, fromTransport, vendorCode, VendorUnavailableError } from './errors.js'
import { TransportError } from './http.js'

const down = fromTransport('wshoto', 'get_mass_task_detail', new TransportError('timeout', 'x'))
const http = (status: number) => fromTransport('wshoto', 'x', new TransportError('http', 'x', status))

function breaker(options = { failureThreshold: 5, windowMs: 30_000, coolDownMs: 15_000 }) {
  let clock = 1_000_000
  const lines: Array<[string, object]> = []
  const log = { info: (o: object, m: string) => lines.push([m, o]), warn: (o: object, m: string) => lines.push([m, o]) }
  const b = new CircuitBreaker('wshoto', options, () => clock, log)
  /** One call through the breaker, ending with `err` (undefined: success). */
  const call = (err?: unknown) => {
    const probe = b.admit()
    b.record(err, probe)
    return probe
  }
  return { b, call, lines, advance: (ms: number) => (clock += ms) }
}

describe('what counts as the vendor being down', () => {
  it('timeouts, resets, refused connections, 5xx and unreadable answers', () => {
    for (const f of ['timeout', 'reset', 'unreachable', 'malformed'] as const)
      expect(isVendorDown(fromTransport('youmi', 'x', new TransportError(f, 'x')))).toBe(true)
    expect(isVendorDown(http(500))).toBe(true)
    expect(isVendorDown(http(503))).toBe(true)
    expect(isVendorDown(badShape('youmi', 'x', 'y'))).toBe(true)
  })

  it('not refusals, business errors, rate limits or busy answers: the vendor is up and talking', () => {
    expect(isVendorDown(http(400))).toBe(false)
    expect(isVendorDown(http(401))).toBe(false)
    expect(isVendorDown(http(429))).toBe(false)
    expect(isVendorDown(vendorCode('youmi', 'SaveBulkSendTask', 200012, 'friend gone'))).toBe(false)
    expect(isVendorDown(vendorCode('wecom', 'x', -1, 'busy', { retry: 'busy' }))).toBe(false)
    expect(isVendorDown(new Error('bug'))).toBe(false)
  })
})

describe('CircuitBreaker', () => {
  it('opens after 5 consecutive failures, refuses at once while open, and logs one line', () => {
    const { b, call, lines } = breaker()
    for (let i = 0; i < 4; i++) call(down)
    expect(b.status).toBe('closed')
    call(down)
    expect(b.status).toBe('open')
    expect(lines).toEqual([
      ['circuit breaker opened: the vendor failed repeatedly', expect.objectContaining({ vendor: 'wshoto', failures: 5 })],
    ])
    const refused = (() => {
      try {
        b.admit()
      } catch (err) {
        return err
      }
    })()
    expect(refused).toBeInstanceOf(VendorUnavailableError)
    expect(refused).toMatchObject({ status: 503, code: 'VENDOR_UNAVAILABLE', details: { vendor: 'wshoto', retryAfterSeconds: 15 } })
    expect((refused as Error).message).toContain('微盛')
    expect((refused as Error).message).toContain('再试')
  })

  it('a success, a refusal or a business error in between starts the count again', () => {
    const { b, call } = breaker()
    for (let i = 0; i < 4; i++) call(down)
    call()
    for (let i = 0; i < 4; i++) call(down)
    call(http(404))
    for (let i = 0; i < 4; i++) call(down)
    call(vendorCode('wshoto', 'x', 40004, 'no task'))
    for (let i = 0; i < 4; i++) call(down)
    expect(b.status).toBe('closed')
  })

  it('failures further apart than the window do not add up', () => {
    const { b, call, advance } = breaker()
    for (let i = 0; i < 4; i++) call(down)
    advance(31_000)
    call(down)
    expect(b.status).toBe('closed')
    for (let i = 0; i < 3; i++) call(down)
    expect(b.status).toBe('closed')
    call(down)
    expect(b.status).toBe('open')
  })

  it('after the cool-down lets one probe through: others still fail fast; an answer closes it', () => {
    const { b, call, advance, lines } = breaker()
    for (let i = 0; i < 5; i++) call(down)
    advance(14_999)
    expect(() => b.admit()).toThrow(VendorUnavailableError)
    advance(1)
    expect(b.admit()).toBe(true)
    expect(b.status).toBe('halfOpen')
    expect(() => b.admit()).toThrow(VendorUnavailableError)
    b.record(undefined, true)
    expect(b.status).toBe('closed')
    expect(lines.at(-1)).toEqual(['circuit breaker closed: the vendor answered the probe', { vendor: 'wshoto' }])
    expect(call()).toBe(false)
  })

  it('a failed probe opens it again for another cool-down', () => {
    const { b, call, advance, lines } = breaker()
    for (let i = 0; i < 5; i++) call(down)
    advance(15_000)
    expect(call(http(502))).toBe(true)
    expect(b.status).toBe('open')
    expect(lines.at(-1)![0]).toBe('circuit breaker opened again: the probe failed')
    advance(10_000)
    expect(() => b.admit()).toThrow(VendorUnavailableError)
    advance(5_000)
    expect(call(vendorCode('wshoto', 'x', 40004, 'no task'))).toBe(true)
    expect(b.status).toBe('closed')
  })

  it('a call that was let through before it opened and ends late changes nothing', () => {
    const { b, call } = breaker()
    const late = b.admit()
    for (let i = 0; i < 5; i++) call(down)
    b.record(undefined, late)
    expect(b.status).toBe('open')
  })
})
