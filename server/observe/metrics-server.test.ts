import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { createMetrics } from './metrics.js'
import { serveMetrics } from './metrics-server.js'

describe('METRICS_PORT', () => {
  const metrics = createMetrics({ defaultMetrics: false })
  let close = () => {}
  afterAll(() => close())

  it('serves the series on loopback, and nothing else', async () => {
    const server = await serveMetrics(metrics, 0)
    close = () => server.close()
    const { address, port } = server.address() as AddressInfo
    expect(address).toBe('127.0.0.1')
    metrics.sends.inc({ channel: 'rpa', status: 'scheduled' })
    const res = await fetch(`http://127.0.0.1:${port}/metrics`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('sidebar_sends_total{channel="rpa",status="scheduled"} 1')
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(404)
  })
})
