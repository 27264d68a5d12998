import { demoContacts, demoYoumiLinks } from '../../server/sim/demo-data.js'
import type { Simulator } from '../../server/sim/index.js'

const follows = (userId: string) => demoContacts.filter((c) => c.follows.some((f) => f.userId === userId))
const linkedIds = new Set(demoYoumiLinks.map((l) => l.externalUserId))

/** Demo customers picked by what a test needs, so tests do not hard-code ids that the demo data may change. */
export const demo = {
  /** zhangwei follows this customer and it has a Youmi identity. */
  linked: follows('zhangwei').find((c) => linkedIds.has(c.externalUserId))!,
  /** zhangwei follows this customer; it has no Youmi identity. */
  unlinked: follows('zhangwei').find((c) => !linkedIds.has(c.externalUserId))!,
  /** Followed by lina, not by zhangwei. */
  notZhangweis: demoContacts.find((c) => c.follows.some((f) => f.userId === 'lina') && !c.follows.some((f) => f.userId === 'zhangwei'))!,
  youmiOf: (externalUserId: string) => demoYoumiLinks.find((l) => l.externalUserId === externalUserId)!.youmi,
}

/** Drives the simulator's /__sim/ controls over HTTP, as a test outside the process would. */
export async function simControl(sim: Simulator, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sim.url}/__sim/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`sim ${method} ${path}: ${res.status} ${await res.text()}`)
  return res.json()
}
