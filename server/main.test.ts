import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Session } from '../contracts/session.js'
import { freePort } from '../test/helpers/free-port.js'

// The product as a new user starts it: a real process with no configuration at all, every vendor simulated,
// and the demo sign-in walked like a browser walks it (redirects, cookies, the simulator's staff page).

let child: ChildProcess
let base: string
let output = ''

beforeAll(async () => {
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    PUBLIC_URL: base,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'sidebar-data-')),
  }
  child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (d) => (output += String(d)))
  child.stderr!.on('data', (d) => (output += String(d)))
  const deadline = Date.now() + 30_000
  while (!output.includes('Listening on')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${output}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}, 40_000)

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL')
})

/** A tiny browser: follows redirects by hand and keeps cookies per path, as a real one does. */
class Browser {
  jar = new Map<string, string>()
  async get(url: string): Promise<Response> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ')
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const [k, v] = pair!.split('=') as [string, string]
      if (v === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) this.jar.delete(k)
      else this.jar.set(k, v)
    }
    return res
  }
  /** Follows redirects; answers the last response, its URL and every URL visited. */
  async follow(url: string, hops = 10): Promise<{ res: Response; url: string; visited: string[] }> {
    const visited = [url]
    let res = await this.get(url)
    while (res.status >= 300 && res.status < 400 && hops-- > 0) {
      url = new URL(res.headers.get('location')!.replace(/#.*$/, ''), url).toString()
      visited.push(url)
      res = await this.get(url)
    }
    return { res, url, visited }
  }
}

describe('npm start in demo mode', () => {
  it('prints one banner line per vendor', () => {
    expect(output).toMatch(/WeCom\s+simulated \(http:\/\/127\.0\.0\.1:\d+\)/)
    expect(output).toMatch(/Youmi\s+simulated/)
    expect(output).toMatch(/WShoto\s+simulated/)
  })

  it('serves health and a demo sign-in through the simulated WeCom OAuth page', async () => {
    expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ status: 'ok' })
    const browser = new Browser()
    expect((await browser.get(`${base}/api/session`)).status).toBe(401)
    const page = await browser.follow(`${base}/api/auth/login?returnTo=/campaigns`)
    expect(page.res.status).toBe(200)
    // The staff page is reached through our own origin, so the demo works from any machine that reaches the sidebar.
    expect(page.url.startsWith(`${base}/sim/connect/oauth2/authorize?`)).toBe(true)
    const html = await page.res.text()
    expect(html).toContain('张伟')
    const href = /href="([^"]*login_as=zhangwei[^"]*)"/.exec(html)![1]!.replace(/&amp;/g, '&')
    const landed = await browser.follow(new URL(href, page.url).toString())
    expect(landed.visited.map((u) => new URL(u).pathname)).toEqual(['/sim/connect/oauth2/authorize', '/api/auth/callback', '/campaigns'])
    expect(browser.jar.has('sid')).toBe(true)
    const session = Session.parse(await (await browser.get(`${base}/api/session`)).json())
    expect(session).toMatchObject({ userId: 'zhangwei', isAdmin: true, demo: true })
  })

  it('drains and exits cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })
})
