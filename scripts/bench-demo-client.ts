// What every benchmark does as a client of the demo: find a free loopback port, sign a staff member in.
import { createServer } from 'node:net'

/** The demo sign-in as a browser walks it: our login → the simulated WeCom page (through /sim) → our callback. */
export async function login(base: string, userId: string): Promise<string> {
  const cookies = (res: Response) =>
    res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .filter((c) => !c.endsWith('='))
      .join('; ')
  const start = await fetch(`${base}/api/auth/login?returnTo=/`, { redirect: 'manual' })
  const authorize = new URL(start.headers.get('location')!.replace(/#.*$/, ''), base)
  authorize.searchParams.set('login_as', userId)
  const page = await fetch(authorize, { redirect: 'manual' })
  const back = new URL(page.headers.get('location')!, base)
  const done = await fetch(back, { redirect: 'manual', headers: { cookie: cookies(start) } })
  const sid = cookies(done)
  if (!sid.includes('sid=')) throw new Error(`sign-in of ${userId} failed: ${done.status}`)
  return sid
}

/** A loopback port nothing listens on now. */
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
