import { Validator } from '@seriousme/openapi-schema-validator'
import Fastify from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { registeredRoutes } from '../security.js'
import { startTestApp, type TestApp } from '../../test/helpers/app.js'
import { ERROR_CODES } from './errors.js'
import { registerOpenApi } from './index.js'
import { ROUTE_DOCS, type RouteDoc } from './routes.js'

type Operation = {
  summary?: string
  tags?: string[]
  security?: unknown[]
  requestBody?: { content: Record<string, Media> }
  parameters?: unknown[]
  responses: Record<string, { description: string; content?: Record<string, Media> }>
}
/** @fastify/swagger moves a schema's `examples` onto the media type as `example`. */
type Media = { schema: unknown; example?: unknown }
type Spec = { openapi: string; paths: Record<string, Record<string, Operation>> }

let t: TestApp
let spec: Spec

beforeAll(async () => {
  t = await startTestApp()
  const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' })
  // A route without an entry in ROUTE_DOCS, or an example that does not fit, fails here: the log says which.
  expect(res.statusCode, t.logs.filter((l) => l.includes('unhandled error')).join('\n')).toBe(200)
  spec = res.json()
})
afterAll(async () => {
  await t?.close()
})

/** Fastify's `/api/x/:id` and `/sim/*` as OpenAPI writes them. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{*}')

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(spec as never)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(spec.openapi).toBe('3.1.0')
  })

  it('describes every route the app registers (HEAD aside), with a summary, a tag and its errors', () => {
    const routes = registeredRoutes(t.app).filter((r) => r.method !== 'HEAD')
    expect(routes.length).toBeGreaterThan(30)
    for (const { method, url } of routes) {
      const op = spec.paths[openApiPath(url)]?.[method.toLowerCase()]
      expect(op, `${method} ${url} is missing from the document`).toBeDefined()
      expect(op!.summary, `${method} ${url}`).toBeTruthy()
      expect(op!.tags, `${method} ${url}`).toHaveLength(1)
      // Every route can at least be rate limited and fail inside: its error answers are listed with their codes.
      expect(op!.responses['429']?.description).toContain('RATE_LIMITED')
      expect(op!.responses['500']?.description).toContain('INTERNAL')
    }
    // Who may call it, as the document says, is where the route really is registered.
    for (const { method, url, access } of routes) expect(ROUTE_DOCS[`${method} ${url}`]?.access, `${method} ${url}`).toBe(access)
    // And whose sessions: admin routes are WeCom's; the rest as their host scope says (server/routes/scopes.ts).
    for (const { method, url, access, host } of routes) {
      const doc = ROUTE_DOCS[`${method} ${url}`]!
      expect(access === 'admin' ? 'wecom' : (doc.host ?? 'any'), `${method} ${url}`).toBe(host)
    }
    const documented = Object.keys(ROUTE_DOCS).sort()
    const registered = [...new Set(routes.map((r) => `${r.method} ${r.url}`))].sort()
    // No entry describes a route that no longer exists.
    expect(documented).toEqual(registered)
  })

  it('marks signed-in routes with the session cookie and lists NO_SESSION for them, public ones not', () => {
    const signedIn = spec.paths['/api/sends']!.post!
    expect(signedIn.security).toEqual([{ session: [] }])
    expect(signedIn.responses['401']?.description).toContain('NO_SESSION')
    expect(signedIn.responses['409']?.description).toContain('SEND_OUTCOME_UNKNOWN')
    const admin = spec.paths['/api/materials']!.post!
    expect(admin.responses['403']?.description).toContain('ADMIN_ONLY')
    const open = spec.paths['/api/health']!.get!
    expect(open.security).toEqual([])
    expect(open.responses['401']).toBeUndefined()
  })

  it('gives examples where a route takes a body or answers JSON', () => {
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const body = op.requestBody?.content['application/json']
        if (body) expect(body.example, `${method} ${path} body`).toBeDefined()
        const ok = Object.entries(op.responses).find(([s]) => s.startsWith('2'))
        const json = ok?.[1].content?.['application/json']
        if (json) expect(json.example, `${method} ${path} answer`).toBeDefined()
      }
    }
  })

  it('every error code a route lists is in the one table with its status', () => {
    for (const [key, doc] of Object.entries(ROUTE_DOCS))
      for (const code of doc.errors) expect(ERROR_CODES[code], `${key}: ${code}`).toBeDefined()
    expect(spec.paths['/api/sends']!.post!.responses['400']!.description).toContain('CONTENT_NOT_ON_CHANNEL')
  })
})

describe('building the document', () => {
  async function documentOf(docs: Parameters<typeof registerOpenApi>[2]) {
    const app = Fastify()
    app.setValidatorCompiler(validatorCompiler)
    app.setSerializerCompiler(serializerCompiler)
    await registerOpenApi(app, '0.0.0-test', docs)
    app.get('/api/openapi.json', async () => ({}))
    app.post(
      '/api/things',
      { schema: { body: z.object({ name: z.string() }), response: { 201: z.object({ id: z.int() }) } } },
      async () => ({ id: 1 }),
    )
    await app.ready()
    try {
      return app.swagger()
    } finally {
      await app.close()
    }
  }
  const doc: RouteDoc = { summary: 'Make a thing', tag: 'system', access: 'session', errors: [] }

  it('refuses a route that has no entry', async () => {
    await expect(documentOf({ 'GET /api/openapi.json': doc })).rejects.toThrow('POST /api/things is not described')
  })

  it("refuses an example that does not fit the route's schema", async () => {
    const docs = { 'GET /api/openapi.json': doc, 'POST /api/things': { ...doc, examples: { body: { name: 42 } } } }
    await expect(documentOf(docs)).rejects.toThrow('POST /api/things: the body example does not fit its schema')
  })

  it('takes a fitting example', async () => {
    const docs = { 'GET /api/openapi.json': doc, 'POST /api/things': { ...doc, examples: { body: { name: 'a' }, response: { id: 7 } } } }
    const spec = (await documentOf(docs)) as unknown as Spec
    expect(spec.paths['/api/things']!.post!.requestBody!.content['application/json']!.example).toEqual({ name: 'a' })
  })
})
