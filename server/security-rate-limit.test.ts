import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import type { App } from './routes/context.js'
import { registerRateLimits } from './security.js'
import type { RateLimitStore, RateLimitStoreClass } from './store/rate-limit-store.js'

type Done = Parameters<RateLimitStore['incr']>[1]

/**
 * A shared store (PostgreSQL) whose count answers only when the test says: the order of the count, the body's
 * parsing and the handler shows whether a send waits for the count before its body is read.
 */
function slowStore(events: string[]) {
  const hits = new Map<string, number>()
  const waiting: Array<() => void> = []
  const Store: RateLimitStoreClass = class implements RateLimitStore {
    incr(key: string, done: Done): void {
      events.push(`count ${key.split(':')[0]}`)
      const current = (hits.get(key) ?? 0) + 1
      hits.set(key, current)
      waiting.push(() => done(null, { current, ttl: 60_000 }))
    }
    child(): RateLimitStore {
      return this
    }
  }
  // Answers the counts waiting now (a timer too, so a count awaited before the body is read still ends).
  const answer = () => {
    if (!waiting.length) return
    events.push('counted')
    waiting.splice(0).forEach((f) => f())
  }
  return { Store, answer }
}

async function appWith(events: string[], limits: { userPerMin: number; sendsPerMin: number }) {
  const { Store, answer } = slowStore(events)
  const app = Fastify()
  app.decorateRequest('user', null)
  app.addHook('onRequest', (request, _reply, done) => {
    request.user = { userId: 'lina', corpId: 'c' }
    done()
  })
  await registerRateLimits(app as unknown as App, { ipPerMin: 100, signInPerMin: 100, ...limits }, Store)
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    events.push('body')
    // The count answers once the body is in; if nothing answers it by then, after 300 ms.
    setTimeout(answer, 10)
    done(null, JSON.parse(body as string))
  })
  const fallback = setInterval(answer, 300)
  app.addHook('onClose', async () => clearInterval(fallback))
  app.post('/api/sends', async () => {
    events.push('handler')
    return { ok: true }
  })
  app.get('/api/sends', async () => {
    events.push('handler')
    return { ok: true }
  })
  return app
}

describe('rate limits on a signed-in write', () => {
  it("reads the body while the send's limits are counted, and runs the handler only after the verdict", async () => {
    const events: string[] = []
    const app = await appWith(events, { userPerMin: 100, sendsPerMin: 100 })
    const res = await app.inject({ method: 'POST', url: '/api/sends', payload: { a: 1 } })
    expect(res.statusCode).toBe(200)
    // Counted, then the body read while the count was on its way, then the verdict, then the handler.
    expect(events).toEqual(['count user', 'count sends', 'body', 'counted', 'handler'])
    await app.close()
  })

  it('refuses 429 with Retry-After before the handler, the body read or not', async () => {
    const events: string[] = []
    const app = await appWith(events, { userPerMin: 100, sendsPerMin: 1 })
    expect((await app.inject({ method: 'POST', url: '/api/sends', payload: { a: 1 } })).statusCode).toBe(200)
    events.length = 0
    const refused = await app.inject({ method: 'POST', url: '/api/sends', payload: { a: 1 } })
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' })
    expect(refused.headers['retry-after']).toBe('60')
    expect(events).not.toContain('handler')
    await app.close()
  })

  it('judges a read before anything else runs, as before', async () => {
    const events: string[] = []
    const app = await appWith(events, { userPerMin: 100, sendsPerMin: 100 })
    expect((await app.inject({ method: 'GET', url: '/api/sends' })).statusCode).toBe(200)
    expect(events).toEqual(['count user', 'counted', 'handler'])
    await app.close()
  })
})
