/**
 * A test app in a process of its own, so that a test measures the server's memory apart from its own (a client that
 * reads or writes 20 MB in the same process would count its own buffers too). Started by `startMeasuredApp`
 * (./measured-app-process.ts) as `node --expose-gc --import tsx test/helpers/measured-app.ts` with the app's config
 * as JSON in MEASURED_APP_CONFIG. It listens on a loopback port, signs in `MEASURED_APP_LOGIN`, and hands both to the
 * parent over IPC; then, on `start`, it samples its memory until `stop` and answers the peak growth.
 */
import type { AddressInfo } from 'node:net'
import { startTestApp } from './app.js'
import type { Growth, MeasuredAppMessage } from './measured-app-process.js'

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('measured-app.ts must run with --expose-gc')
const send = (message: Growth) => process.send!(message)

/**
 * Live memory: the JS heap plus what lives outside it (Buffers and other ArrayBuffers, native allocations V8 is told
 * of). Read after a full collection, so garbage waiting for the collector does not count and anything still
 * referenced — a chunk in a stream's buffer, a whole file in an array — does. Twice: V8 frees dead ArrayBuffers'
 * memory in a sweep that goes on after a collection, and `external` keeps counting it until then (megabytes of socket
 * reads, seconds later on a busy machine); the next collection finishes that sweep first.
 */
function live(): number {
  gc!()
  gc!()
  const m = process.memoryUsage()
  return m.heapUsed + m.external
}

const t = await startTestApp({ config: JSON.parse(process.env.MEASURED_APP_CONFIG ?? '{}') })
const cookie = await t.login(process.env.MEASURED_APP_LOGIN ?? 'zhangwei')
await t.app.listen({ host: '127.0.0.1', port: 0 })
// A line of output, which the parent waits for (test/helpers/child-process.ts); a throwaway test session's cookie.
const origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
console.log(`measured app ready ${JSON.stringify({ origin, cookie })}`)

let sampling: { base: number; baseRss: number; peak: number; peakRss: number; samples: number; timer: NodeJS.Timeout } | undefined
function sample() {
  if (!sampling) return
  sampling.samples += 1
  sampling.peak = Math.max(sampling.peak, live())
  sampling.peakRss = Math.max(sampling.peakRss, process.memoryUsage().rss)
}

// A parent killed outright (no exit handler ran) must not leave this process behind.
process.on('disconnect', () => process.exit(1))
process.on('message', (message: MeasuredAppMessage) => {
  if (message.type === 'start') {
    if (sampling) clearInterval(sampling.timer)
    const base = live()
    const baseRss = process.memoryUsage().rss
    // Every few milliseconds: a transfer over loopback takes a second or so, and a full collection of this small
    // heap a few milliseconds, so the samples cover it closely (and slow it a little, which is harmless).
    sampling = { base, baseRss, peak: base, peakRss: baseRss, samples: 0, timer: setInterval(sample, message.everyMs) }
  } else if (message.type === 'stop' && sampling) {
    sample()
    clearInterval(sampling.timer)
    const MB = 1024 * 1024
    send({
      type: 'growth',
      liveMB: (sampling.peak - sampling.base) / MB,
      rssMB: (sampling.peakRss - sampling.baseRss) / MB,
      samples: sampling.samples,
    })
    sampling = undefined
  } else if (message.type === 'close') {
    void t.close().then(() => process.exit(0))
  }
})
