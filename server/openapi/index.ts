import swagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'
import { toJSONSchema } from 'zod/mini'
import { ApiError } from '../../contracts/errors.js'
import { ERROR_CODES, type ErrorCode } from './errors.js'
import { ROUTE_DOCS, TAGS, type RouteDoc } from './routes.js'

export const OPENAPI_PATH = '/api/openapi.json'

interface Parser {
  safeParse(value: unknown): { success: boolean; error?: { message: string } }
}

/** What every route of its kind may answer besides its own codes. */
function commonErrors(doc: RouteDoc, hasInput: boolean, writes: boolean, changesState: boolean): ErrorCode[] {
  const codes: ErrorCode[] = ['RATE_LIMITED', 'INTERNAL']
  if (changesState) codes.push('CROSS_SITE_REQUEST')
  if (doc.access !== 'public') codes.push('NO_SESSION')
  if (doc.access === 'admin') codes.push('ADMIN_ONLY')
  if (doc.access === 'admin' || (doc.host && doc.host !== 'any')) codes.push('WRONG_HOST')
  if (hasInput) codes.push('INVALID_REQUEST', 'INVALID_TEXT')
  if (writes) codes.push('INVALID_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'BODY_TOO_LARGE')
  return codes
}

/** The error answers of a route, grouped by status as OpenAPI wants them, each listing its codes. */
function errorResponses(codes: ErrorCode[]): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of new Set(codes)) byStatus.set(ERROR_CODES[code].status, [...(byStatus.get(ERROR_CODES[code].status) ?? []), code])
  const errorSchema = { $ref: '#/components/schemas/ApiError' }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: list.map((c) => `\`${c}\`: ${ERROR_CODES[c].when}`).join('\n\n'),
        content: {
          'application/json': {
            schema: errorSchema,
            examples: Object.fromEntries(list.map((c) => [c, { value: { code: c, message: '…' } }])),
          },
        },
      },
    ]),
  )
}

function checkExample(key: string, part: string, schema: unknown, example: unknown): void {
  if (example === undefined) return
  if (!schema) throw new Error(`${key}: an example for ${part}, which the route does not declare`)
  const parsed = (schema as Parser).safeParse(example)
  if (!parsed.success) throw new Error(`${key}: the ${part} example does not fit its schema: ${parsed.error?.message}`)
}

/**
 * Registers @fastify/swagger so that every route registered after it is described, from its zod schemas and its
 * entry in ROUTE_DOCS (server/routes/openapi.ts serves it at GET /api/openapi.json). A route without an entry stops
 * the document from being built (the test builds it), and so does an example that does not fit its schema.
 */
export async function registerOpenApi(app: FastifyInstance, version: string, docs: Record<string, RouteDoc> = ROUTE_DOCS): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '客户助手 proxy API',
        version,
        description:
          'The sidebar’s proxy: WeCom sign-in and JS-SDK signatures, customers, sends through WeCom or Youmi, materials and WShoto campaign reach. The narrative (idempotency, channels, vendor failures) is in docs/api.md.',
      },
      tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'sid',
            description: 'The session cookie set by the OAuth callback: `sid` on http, `__Host-sid` (Secure) when PUBLIC_URL is https.',
          },
        },
      },
    },
    transform: (args) => {
      const method = [args.route.method].flat()[0]!
      const key = `${method} ${args.url}`
      const doc = docs[key]
      if (!doc) throw new Error(`${key} is not described in server/openapi/routes.ts`)
      const zod = args.schema ?? {}
      checkExample(key, 'body', zod.body, doc.examples?.body)
      checkExample(key, 'querystring', zod.querystring, doc.examples?.querystring)
      const ok = Object.keys((zod.response ?? {}) as object).find((s) => s.startsWith('2'))
      checkExample(key, 'response', ok && (zod.response as Record<string, unknown>)[ok], doc.examples?.response)
      const { schema, url } = jsonSchemaTransform(args)
      const out = (schema ?? {}) as Record<string, unknown> & { response?: Record<string, unknown> }
      const writes = !['GET', 'HEAD', 'DELETE'].includes(method)
      const hasInput = !!(zod.body || zod.querystring || zod.params)
      if (doc.examples?.body !== undefined && out.body) (out.body as Record<string, unknown>).examples = [doc.examples.body]
      if (doc.examples?.querystring !== undefined && out.querystring)
        (out.querystring as Record<string, unknown>).examples = [doc.examples.querystring]
      if (ok && doc.examples?.response !== undefined && out.response?.[ok])
        (out.response[ok] as Record<string, unknown>).examples = [doc.examples.response]
      return {
        url,
        schema: {
          ...out,
          summary: doc.summary,
          ...(doc.description ? { description: doc.description } : {}),
          tags: [doc.tag],
          operationId: operationId(method, args.url),
          security: doc.access === 'public' ? [] : [{ session: [] }],
          response: {
            ...(out.response ?? {}),
            ...errorResponses([...commonErrors(doc, hasInput, writes, !['GET', 'HEAD'].includes(method)), ...doc.errors]),
          },
        },
      }
    },
    transformObject: (documentObject) => {
      const spec = jsonSchemaTransformObject(documentObject) as { components?: { schemas?: Record<string, unknown> } }
      spec.components = { ...spec.components, schemas: { ...spec.components?.schemas, ApiError: apiErrorSchema() } }
      return spec as never
    },
  })
}

/** `GET /api/campaigns/:taskId/reach` → `getCampaignsTaskIdReach`: stable, readable names for generated clients. */
function operationId(method: string, url: string): string {
  const words = url
    .replace(/^\/(api\/)?/, '')
    .split(/[/\-.*]+/)
    .filter(Boolean)
    .map((w) => w.replace(/^:/, ''))
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')
}

/** The one error body, from its contract (without `$schema`: a component is not a document). */
function apiErrorSchema(): Record<string, unknown> {
  const { $schema: _, ...schema } = toJSONSchema(ApiError, { target: 'draft-2020-12' }) as Record<string, unknown>
  return schema
}
