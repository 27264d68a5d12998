import { createServer, type Server } from 'node:http'
import type { Metrics } from './metrics.js'

/**
 * `METRICS_PORT`: Prometheus text at `/metrics` on a listener of its own, bound to 127.0.0.1 — for a scraper on the
 * same host (or a sidecar) that needs no token. Nothing else is served there.
 */
export async function serveMetrics(metrics: Metrics, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
      return
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  return server
}
