/**
 * The references, in a process of their own, as small as Node makes them:
 * - `POST /send`: a minimal proxy. It reads the JSON body, builds the Youmi body from it, calls the vendor process's
 *   `SaveBulkSendTask` with a token fetched once (undici, one keep-alive pool, as the proxy does) and answers the
 *   task id. No session, no database, no validation, no logging: the least a proxy can do.
 * - `GET /reach`: a bare route answering a fixed JSON body (the proxy's own reach answer, handed over by the parent).
 * - On a second port, `GET /reach` as a bare Fastify route (no plugin, no hook, no logger): the framework's own share
 *   of the proxy's cost per reach answer, between the bare Node route and the proxy.
 */
import { createServer, type IncomingMessage } from 'node:http'
import Fastify from 'fastify'
import { Agent, request } from 'undici'
import type { SimCredentials } from '../../server/sim/index.js'
import { serveParent } from './ipc.js'

const vendorUrl = process.env.BENCH_VENDOR_URL!
const creds = JSON.parse(process.env.BENCH_CREDENTIALS!) as SimCredentials
const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 64 })

const tokenAnswer = await request(`${vendorUrl}/connect/token`, {
  method: 'POST',
  dispatcher,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    client_id: creds.youmi.clientId,
    client_secret: creds.youmi.clientSecret,
    scope: creds.youmi.scope,
    grant_type: 'client_credentials',
  }).toString(),
})
const token = ((await tokenAnswer.body.json()) as { access_token: string }).access_token

let reachBody = Buffer.from('{}')

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString('utf8'))
}

interface SendBody {
  content: { type: string; text?: string }[]
  youmi: {
    ad_wechat_id: number
    machine_key: string
    machine_name: string
    qv_company_id: string
    object_id: string
    object_nickname: string
    belong_staff_code: string
  }
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/reach') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': reachBody.length })
    res.end(reachBody)
    return
  }
  if (req.method === 'POST' && req.url === '/send') {
    void (async () => {
      const body = (await readJson(req)) as SendBody
      const save = {
        bulksend: {
          task_theme: 'bench',
          task_type: 1,
          choose_type: 0,
          start_time: String(Math.floor(Date.now() / 1000)),
          task_source: 0,
          task_content: JSON.stringify(body.content.map((c) => ({ type: '0', data: { content: c.text ?? '' } }))),
        },
        listMass: [body.youmi],
        chooseLabel: '',
      }
      const answer = await request(`${vendorUrl}/v2/BulkSend/SaveBulkSendTask`, {
        method: 'POST',
        dispatcher,
        headers: { authorization: `Bearer ${token}`, tenantid: creds.youmi.tenantId, 'content-type': 'application/json' },
        body: JSON.stringify(save),
      })
      const saved = (await answer.body.json()) as { values: number }
      const out = JSON.stringify({ status: 'submitted', taskId: saved.values })
      res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' })
      res.end(out)
    })().catch((err: Error) => {
      res.writeHead(500)
      res.end(err.message)
    })
    return
  }
  res.writeHead(404)
  res.end()
})
const bareFastify = Fastify({ logger: false })
bareFastify.get('/reach', (_request, reply) => reply.type('application/json; charset=utf-8').send(reachBody))
const fastifyPort = (await bareFastify.listen({ port: 0, host: '127.0.0.1' })) && (bareFastify.server.address() as { port: number }).port
server.listen(0, '127.0.0.1', () => {
  serveParent(async (m) => {
    if (m.type === 'cpu') return { type: 'cpu', ...process.cpuUsage() }
    if (m.type === 'reach-body') {
      reachBody = Buffer.from(m.body as string)
      return { type: 'reach-body-set' }
    }
    return null
  })
  process.send!({ type: 'ready', port: (server.address() as { port: number }).port, fastifyPort })
})
