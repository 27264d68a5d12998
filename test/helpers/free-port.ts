import { createServer } from 'node:net'

/**
 * A loopback port nothing listens on now, for a server a test or benchmark starts: the kernel picks it, so parallel
 * runs never collide on a fixed number.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}
