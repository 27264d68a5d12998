/** Test and demo controls under /__sim/: recorded calls, queued faults, revocation, clock-free expiry. */
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { SimContext } from './context.js'
import { resetState, revokeVendor, vendors, type Fault } from './state.js'

const vendorSchema = z.enum(vendors as ['wecom', 'youmi', 'wshoto'])

const faultSchema = z
  .object({
    vendor: vendorSchema,
    kind: z.enum(['latency', 'http', 'code', 'malformed', 'wrongShape', 'drop']),
    count: z.int().positive().default(1),
    path: z.string().startsWith('/').optional(),
    latencyMs: z.int().min(0).max(120_000).optional(),
    status: z.int().min(100).max(599).optional(),
    code: z.union([z.number(), z.string().min(1)]).optional(),
  })
  .refine((f) => f.kind !== 'code' || f.code !== undefined, { message: 'a "code" fault needs code', path: ['code'] })

function badRequest(reply: FastifyReply, error: z.ZodError) {
  return reply.code(400).send({ error: 'bad_request', issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) })
}

export function controlRoutes(ctx: SimContext, initialTtl: number) {
  const { state, now } = ctx

  return async function controls(app: FastifyInstance) {
    app.get('/__sim/requests', async (request, reply) => {
      const vendor = (request.query as { vendor?: string }).vendor
      if (vendor === undefined) return state.requests
      const parsed = vendorSchema.safeParse(vendor)
      if (!parsed.success) return badRequest(reply, parsed.error)
      return state.requests.filter((r) => r.vendor === parsed.data)
    })

    app.delete('/__sim/requests', async () => {
      state.requests.length = 0
      return { ok: true }
    })

    app.get('/__sim/faults', async () => state.faults)

    app.post('/__sim/faults', async (request, reply) => {
      const parsed = faultSchema.safeParse(request.body)
      if (!parsed.success) return badRequest(reply, parsed.error)
      const fault: Fault = { ...parsed.data }
      state.faults.push(fault)
      return { ok: true, fault }
    })

    app.delete('/__sim/faults', async () => {
      state.faults.length = 0
      return { ok: true }
    })

    app.post('/__sim/revoke', async (request, reply) => {
      const parsed = z.object({ vendor: vendorSchema }).safeParse(request.body)
      if (!parsed.success) return badRequest(reply, parsed.error)
      revokeVendor(state, parsed.data.vendor)
      return { ok: true }
    })

    // Temporary media: one id revoked, or every id uploaded so far past its 3 days (40007 from then on, as at WeCom).
    app.post('/__sim/media/revoke', async (request, reply) => {
      const parsed = z.object({ mediaId: z.string().min(1) }).safeParse(request.body)
      if (!parsed.success) return badRequest(reply, parsed.error)
      const media = state.wecom.media.find((m) => m.mediaId === parsed.data.mediaId)
      if (!media) return reply.code(404).send({ error: 'not_found', message: `no media ${parsed.data.mediaId}` })
      media.revoked = true
      return { ok: true }
    })

    app.post('/__sim/media/expire', async () => {
      const at = now()
      for (const m of state.wecom.media) m.expiresAt = Math.min(m.expiresAt, at)
      return { ok: true, expired: state.wecom.media.length }
    })

    app.post('/__sim/config', async (request, reply) => {
      const parsed = z.object({ tokenTtlSeconds: z.int().positive() }).safeParse(request.body)
      if (!parsed.success) return badRequest(reply, parsed.error)
      state.tokenTtlSeconds = parsed.data.tokenTtlSeconds
      return { ok: true, tokenTtlSeconds: state.tokenTtlSeconds }
    })

    app.post('/__sim/reset', async () => {
      resetState(state, now(), initialTtl)
      return { ok: true }
    })

    app.get('/__sim/counts', async () => ({ ...state.counts }))
  }
}
