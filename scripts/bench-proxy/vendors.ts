/**
 * The benchmark's vendors, in a process of their own: the simulator (server/sim/) with a fixed latency added to
 * Youmi's `SaveBulkSendTask` and WShoto's `get_mass_task_detail`. It records how long each Youmi create took on its
 * side, so the benchmark can subtract "Youmi's own time" from every send, and counts WShoto's task-detail calls.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyRequest } from 'fastify'
import { buildSimApp, simStateOf, type SimCredentials } from '../../server/sim/index.js'
import { serveParent } from './ipc.js'

const YOUMI_SAVE = '/v2/BulkSend/SaveBulkSendTask'
const WSHOTO_DETAIL = '/openapi/mass_send/corp/get_mass_task_detail'

const credentials = JSON.parse(process.env.BENCH_CREDENTIALS!) as SimCredentials
const youmiLatencyMs = Number(process.env.BENCH_YOUMI_MS)
const wshotoLatencyMs = Number(process.env.BENCH_WSHOTO_MS)

const app = buildSimApp({ credentials })
const state = simStateOf(app)
const started = new WeakMap<FastifyRequest, number>()
let youmiSaves: number[] = []
let wshotoDetails = 0

const pathOf = (url: string) => url.split('?')[0]
// Added at the root before the simulator's plugins load, so every vendor route runs it first.
app.addHook('onRequest', async (request) => {
  started.set(request, performance.now())
  const path = pathOf(request.url)
  if (path === YOUMI_SAVE) await sleep(youmiLatencyMs)
  else if (path === WSHOTO_DETAIL) {
    wshotoDetails++
    await sleep(wshotoLatencyMs)
  }
})
app.addHook('onResponse', async (request) => {
  if (pathOf(request.url) === YOUMI_SAVE) youmiSaves.push(performance.now() - started.get(request)!)
})

const url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '')
// The simulator keeps every request and task for tests; a benchmark would only grow it.
setInterval(() => {
  state.requests.length = 0
  state.youmi.tasks.length = 0
}, 1000).unref()

serveParent(async (m) => {
  if (m.type === 'take') {
    const answer = { type: 'taken', youmiSaves, wshotoDetails }
    youmiSaves = []
    wshotoDetails = 0
    return answer
  }
  return null
})
process.send!({ type: 'ready', url })
