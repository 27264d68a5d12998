/**
 * Every write comes from the sidebar's own pages. JSON-only writes keep other pages' forms out, but a body-less POST
 * (sign-out, media-refresh) and a multipart upload need no CORS preflight: a same-site page could sign a staff member
 * out. So every POST, PUT, PATCH and DELETE a browser sends from another page is 403 CROSS_SITE_REQUEST
 * (server/security.ts `requireSameOrigin`), before its body is read and before any handler runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registeredRoutes } from '../../server/security.js'
import { demoCampaignIds, demoContacts, demoGroupIds } from '../../server/sim/demo-data.js'
import { TEST_PUBLIC_URL } from '../helpers/app.js'
import { fillParams, startSecureApp, type SecureApp } from './helpers.js'

const PARAMS = {
  externalUserId: demoContacts[0]!.externalUserId,
  chatId: demoGroupIds.showroom,
  id: '00000000-0000-4000-8000-000000000000',
  taskId: String(demoCampaignIds[0]!.taskId),
  fileId: '00000000-0000-4000-8000-000000000000',
  name: 'x.png',
}

/** What browsers send for a request another page made (no page can set either header itself). */
const CROSS_SITE: Array<Record<string, string>> = [
  { 'sec-fetch-site': 'cross-site' },
  // A sibling subdomain: SameSite=Lax lets the cookie go with it, so only this check stops it.
  { 'sec-fetch-site': 'same-site' },
  { 'sec-fetch-site': 'same-site', origin: 'http://shop.sidebar.test' },
  { origin: 'https://evil.example' },
  { origin: 'http://shop.sidebar.test' },
  // Same host, another scheme or port: another origin.
  { origin: 'https://sidebar.test' },
  { origin: 'http://sidebar.test:8080' },
  // A sandboxed frame, or a redirect from elsewhere.
  { origin: 'null' },
  // The right origin named, but the browser says the page was elsewhere.
  { 'sec-fetch-site': 'cross-site', origin: TEST_PUBLIC_URL },
]

let t: SecureApp
let cookie = ''
beforeAll(async () => {
  t = await startSecureApp()
  cookie = await t.login('zhangwei')
})
afterAll(async () => {
  await t?.close()
})

const writes = () => registeredRoutes(t.app).filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method))

describe('a write from another page', () => {
  it('is 403 CROSS_SITE_REQUEST on every writing route, body-less ones included, and nothing runs', async () => {
    const routes = writes()
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['POST /api/auth/logout', 'POST /api/sends/:id/media-refresh']),
    )
    const sendsBefore = (await t.app.inject({ url: '/api/sends?limit=100', headers: { cookie } })).json().items.length
    const problems: string[] = []
    for (const r of routes) {
      for (const headers of CROSS_SITE) {
        for (const body of [undefined, {}]) {
          const res = await t.app.inject({
            method: r.method as 'POST',
            url: fillParams(r.url, PARAMS),
            headers: { cookie, ...headers },
            ...(body === undefined ? {} : { payload: body }),
          })
          const got = `${res.statusCode} ${res.json().code}`
          if (got !== '403 CROSS_SITE_REQUEST') problems.push(`${r.method} ${r.url} ${JSON.stringify(headers)}: ${got}`)
        }
      }
    }
    expect(problems).toEqual([])
    // Nothing ran: the session is still there (sign-out did not), no send was recorded, no campaign removed.
    expect((await t.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(200)
    expect((await t.app.inject({ url: '/api/sends?limit=100', headers: { cookie } })).json().items.length).toBe(sendsBefore)
    console.info(
      `[figures] same origin: ${routes.length} writing routes × ${CROSS_SITE.length} cross-site header sets × with and without a body = ` +
        `${routes.length * CROSS_SITE.length * 2} requests, all 403 CROSS_SITE_REQUEST`,
    )
  })

  it('refuses a sibling page signing a staff member out, and lets the sidebar do it', async () => {
    const own = await t.login('lina')
    const evil = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: own, 'sec-fetch-site': 'same-site' } })
    expect(evil.statusCode).toBe(403)
    expect((await t.app.inject({ url: '/api/session', headers: { cookie: own } })).statusCode).toBe(200)
    const mine = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: own, 'sec-fetch-site': 'same-origin', origin: TEST_PUBLIC_URL },
    })
    expect(mine.statusCode).toBe(204)
    expect((await t.app.inject({ url: '/api/session', headers: { cookie: own } })).statusCode).toBe(401)
  })
})

describe('a write from the sidebar itself, or from no browser', () => {
  it.each([
    ['Sec-Fetch-Site same-origin and Origin PUBLIC_URL', { 'sec-fetch-site': 'same-origin', origin: TEST_PUBLIC_URL }],
    ['Origin PUBLIC_URL (a browser without Sec-Fetch-Site)', { origin: TEST_PUBLIC_URL }],
    ["Origin PUBLIC_URL with the scheme's default port", { origin: 'http://sidebar.test:80' }],
    ['Sec-Fetch-Site same-origin alone', { 'sec-fetch-site': 'same-origin' }],
    ['neither header (curl, a server, a test)', {}],
  ])('goes through with %s', async (_name, headers: Record<string, string>) => {
    // A campaign an admin adds: the handler runs and answers on its merits.
    const taskId = demoCampaignIds[1]!.taskId
    const added = await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie, ...headers }, payload: { taskId } })
    expect([201, 409]).toContain(added.statusCode)
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/campaigns/${taskId}`, headers: { cookie, ...headers } })
    expect(removed.statusCode).toBe(204)
  })

  it('reads are never refused for where they come from (a link from anywhere may open the sidebar)', async () => {
    const res = await t.app.inject({
      url: '/api/session',
      headers: { cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    })
    expect(res.statusCode).toBe(200)
  })
})
