import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Fault, RecordedRequest, SimCounts, SimState, Vendor } from './state.js'

export interface VendorScope {
  vendor: Vendor
  state: SimState
  now: () => number
  /** Paths whose calls are token or ticket fetches, counted for `/__sim/counts` (attempts, faulted ones included). */
  counters: Record<string, keyof SimCounts>
  /** How this vendor reports one of its own error codes (the `code` fault). */
  codeReply: (path: string, code: number | string) => { status: number; body: unknown }
}

const records = new WeakMap<FastifyRequest, RecordedRequest>()

/** The record of a vendor call, so a handler can replace what it holds (e.g. a summary of an upload). */
export function recordOf(request: FastifyRequest): RecordedRequest | undefined {
  return records.get(request)
}

export function pathOf(request: FastifyRequest): string {
  const q = request.url.indexOf('?')
  return q === -1 ? request.url : request.url.slice(0, q)
}

/**
 * Records every call to a vendor and lets queued faults answer instead of it.
 * Must be called inside the vendor's own (encapsulated) plugin so the hooks touch only its routes.
 */
export function installVendorHooks(app: FastifyInstance, scope: VendorScope): void {
  const { vendor, state, now } = scope

  // Recorded as soon as the call arrives, so calls whose body cannot be read still show up.
  app.addHook('onRequest', async (request) => {
    const path = pathOf(request)
    const record: RecordedRequest = {
      vendor,
      method: request.method,
      path,
      query: { ...(request.query as Record<string, unknown>) },
      headers: { ...request.headers },
      body: undefined,
      at: now(),
    }
    records.set(request, record)
    state.requests.push(record)
    const counter = scope.counters[path]
    if (counter) state.counts[counter]++
  })

  app.addHook('preHandler', async (request, reply) => {
    const record = records.get(request)
    if (record) record.body = request.body
    const fault = takeFault(state, vendor, pathOf(request))
    if (!fault) return
    if (record) record.fault = fault.kind
    return applyFault(fault, request, reply, scope)
  })

  app.addHook('onResponse', async (request, reply) => {
    const record = records.get(request)
    if (record) record.status = reply.statusCode
  })
}

function takeFault(state: SimState, vendor: Vendor, path: string): Fault | undefined {
  const index = state.faults.findIndex((f) => f.vendor === vendor && f.count > 0 && (f.path === undefined || path.startsWith(f.path)))
  if (index === -1) return undefined
  const fault = state.faults[index]!
  fault.count--
  if (fault.count <= 0) state.faults.splice(index, 1)
  return fault
}

const DEFAULT_LATENCY_MS = 1000

async function applyFault(fault: Fault, request: FastifyRequest, reply: FastifyReply, scope: VendorScope) {
  switch (fault.kind) {
    case 'latency':
      // Delays, then lets the simulated vendor answer as usual.
      await sleep(fault.latencyMs ?? DEFAULT_LATENCY_MS)
      return
    case 'http': {
      const status = fault.status ?? 500
      // Gateways in front of the vendors answer errors with an nginx-style HTML page, not JSON.
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(
          `<html>\r\n<head><title>${status} Error</title></head>\r\n<body>\r\n<center><h1>${status} Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
        )
    }
    case 'code': {
      const answer = scope.codeReply(pathOf(request), fault.code ?? -1)
      return reply.code(answer.status).send(answer.body)
    }
    case 'malformed':
      // A JSON content type with a cut-off body is what a broken upstream connection looks like.
      return reply.code(200).type('application/json; charset=utf-8').send('{"errcode":0,"errmsg":"ok","data":{"tru')
    case 'wrongShape':
      return reply.code(200).send({ hello: 'world' })
    case 'drop':
      // Destroying the response destroys its socket on a real server, and fails the call under app.inject.
      reply.hijack()
      reply.raw.destroy()
      return reply
  }
}
