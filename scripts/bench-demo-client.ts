// What every benchmark does as a client of the demo: find a free loopback port, sign a staff member in.

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
