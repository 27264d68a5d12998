import { buildApp } from './app.js'
import { boot } from './boot.js'
import { ConfigError, parseEnv } from './config.js'
import { createMetrics } from './observe/metrics.js'
import { serveMetrics } from './observe/metrics-server.js'

/** Starts the proxy: config, simulator for missing vendors, listen, and a graceful close on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let env
  try {
    env = parseEnv(process.env)
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(78) // EX_CONFIG
    }
    throw err
  }
  const { config, sim, demo, banner } = await boot(env, env.PORT)
  const metrics = createMetrics()
  const app = await buildApp(config, { demo, metrics })
  // Loopback only, whatever HOST is: the series are for a scraper on this host, not for the world.
  const metricsServer = env.METRICS_PORT ? await serveMetrics(metrics, env.METRICS_PORT) : undefined
  if (metricsServer) banner.push(`Metrics  http://127.0.0.1:${env.METRICS_PORT}/metrics`)
  else if (config.metricsToken) banner.push(`Metrics  ${config.publicUrl}/metrics (bearer METRICS_TOKEN)`)
  for (const line of banner) app.log.info(line)

  let closing = false
  // Fastify closes the keep-alive connections that are idle when closing starts; one busy then would stay open after
  // its answer (keep-alive timeout 72 s) and hold the close until the deadline below. So answers given while closing
  // end their connection, and connections that fall idle anyway (an answer whose headers went out before) are closed.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close')
  })
  const close = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'closing: finishing requests in flight')
    // Fastify stops accepting, lets in-flight requests finish, then runs onClose hooks (database).
    const timer = setTimeout(() => process.exit(1), 15_000).unref()
    const reaper = setInterval(() => app.server.closeIdleConnections(), 250).unref()
    await app.close()
    metricsServer?.close()
    clearInterval(reaper)
    await sim?.close()
    clearTimeout(timer)
    process.exit(0)
  }
  process.on('SIGTERM', () => void close('SIGTERM'))
  process.on('SIGINT', () => void close('SIGINT'))

  await app.listen({ port: env.PORT, host: env.HOST })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : env.PORT
  // One plain block after the log lines, with one address: PUBLIC_URL, the one WeCom's sign-in (simulated or real)
  // returns to, so the session cookie is set where the sidebar runs. The bound interface is only a port here.
  const open = config.demo ? `Open ${config.publicUrl} in any browser (demo mode)` : `Sidebar: ${config.publicUrl}`
  console.log(['', ...banner, '', open, `Listening on port ${port}`, ''].map((l) => (l ? `  ${l}` : '')).join('\n'))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
