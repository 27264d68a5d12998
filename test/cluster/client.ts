/**
 * The test's side of the load balancer: plain HTTP to a chosen instance, a cookie jar per staff member's browser,
 * the WeCom OAuth sign-in through the simulator, and a tally of every answer by instance.
 */
import type { Instance } from './cluster.js'

export interface Answer {
  instance: number
  status: number
  headers: Headers
  body: Buffer
  /** Set when no answer came (the instance was killed, refused the connection…). */
  error?: string
  json<T = any>(): T
}

/** Every request the run made, by instance: what it was and how it ended. */
export class Tally {
  readonly rows: Array<{ instance: number; what: string; status: number; at: number }> = []
  add(instance: number, what: string, status: number): void {
    this.rows.push({ instance, what, status, at: Date.now() })
  }
  count(filter: (row: Tally['rows'][number]) => boolean): number {
    return this.rows.filter(filter).length
  }
}

export class Jar {
  private readonly cookies = new Map<string, string>()
  take(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq).trim()
      const value = pair!.slice(eq + 1).trim()
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
  has(name: string): boolean {
    return this.cookies.has(name)
  }
}

export interface CallOptions {
  jar?: Jar
  body?: unknown
  form?: FormData
  headers?: Record<string, string>
  /** A label for the tally (default: the method and path without ids). */
  what?: string
  /** How long to wait for the answer before counting it as none (30 s). */
  timeoutMs?: number
}

/** One request to one instance; a connection that fails is an answer with status 0, never a throw. */
export async function call(
  tally: Tally,
  publicUrl: string,
  inst: Instance,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.jar) headers.cookie = options.jar.header()
  // Writes must come from PUBLIC_URL's origin, as the sidebar's do.
  if (method !== 'GET' && method !== 'HEAD') headers.origin = publicUrl
  let body: FormData | string | undefined
  if (options.form) body = options.form
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  const what = options.what ?? `${method} ${path.split('?')[0]}`
  try {
    const res = await fetch(`${inst.base}${path}`, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    })
    const bytes = Buffer.from(await res.arrayBuffer())
    options.jar?.take(res.headers)
    tally.add(inst.index, what, res.status)
    return { instance: inst.index, status: res.status, headers: res.headers, body: bytes, json: () => JSON.parse(bytes.toString('utf8')) }
  } catch (err) {
    tally.add(inst.index, what, 0)
    const error =
      err instanceof Error ? `${err.message}${err.cause ? ` (${String((err.cause as Error).message ?? err.cause)})` : ''}` : String(err)
    return {
      instance: inst.index,
      status: 0,
      headers: new Headers(),
      body: Buffer.alloc(0),
      error,
      json: () => {
        throw new Error(`no answer from instance ${inst.index}: ${error}`)
      },
    }
  }
}

/**
 * WeCom's OAuth sign-in as a browser makes it, over three instances: the login at one, the simulator's page (as
 * `login_as`, the staff member's pick), the callback at another, the session read at a third.
 */
export async function signIn(tally: Tally, publicUrl: string, userId: string, [loginAt, callbackAt]: [Instance, Instance]): Promise<Jar> {
  const jar = new Jar()
  const login = await call(tally, publicUrl, loginAt, 'GET', '/api/auth/login?returnTo=/', { jar, what: 'sign-in' })
  const authorize = login.headers.get('location')
  if (login.status !== 302 || !authorize) throw new Error(`login at ${loginAt.index}: ${login.status} ${login.error ?? login.body}`)
  const page = new URL(authorize)
  page.searchParams.set('login_as', userId)
  const picked = await fetch(page, { redirect: 'manual' })
  const back = picked.headers.get('location')
  if (picked.status !== 302 || !back) throw new Error(`OAuth page: ${picked.status} ${await picked.text()}`)
  const callback = new URL(back)
  if (callback.origin !== new URL(publicUrl).origin) throw new Error(`OAuth page sent the browser to ${callback.origin}`)
  const done = await call(tally, publicUrl, callbackAt, 'GET', `${callback.pathname}${callback.search}`, { jar, what: 'sign-in' })
  if (done.status !== 302 || !jar.has('sid')) throw new Error(`callback at ${callbackAt.index}: ${done.status} ${done.error ?? done.body}`)
  return jar
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
