/**
 * Who may call what. The table below names every route the app registers; the test reads the routes from the app
 * itself (server/security.ts records them at registration), so a new route that is missing here fails the test.
 * Each protected route is called with no session, a forged cookie, an expired session and a non-admin staff member;
 * then object-level checks: one staff member can neither see nor touch another's sends, customers or groups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../../contracts/errors.js'
import { PUBLIC_API_ROUTES, registeredRoutes } from '../../server/security.js'
import { demoContacts, demoGroupIds, demoCampaignIds } from '../../server/sim/demo-data.js'
import { demo } from '../helpers/demo.js'
import { fillParams, startSecureApp, type SecureApp } from './helpers.js'

type Access = 'public' | 'session' | 'admin'
interface Row {
  access: Access
  /** A body that would be valid, so a refusal is about identity, not input. */
  body?: unknown
  query?: string
}

const SEND_ID = '00000000-0000-4000-8000-000000000000'
const follows = (userId: string) =>
  new Set(demoContacts.filter((c) => c.follows.some((f) => f.userId === userId)).map((c) => c.externalUserId))
/** zhangwei's customer that lina does not follow. */
const zhangweisOnly = demoContacts.find((c) => follows('zhangwei').has(c.externalUserId) && !follows('lina').has(c.externalUserId))!
/** lina's customer. */
const linas = demoContacts.find((c) => follows('lina').has(c.externalUserId))!

// Method and URL exactly as registered. HEAD rows come from Fastify's automatic HEAD for each GET.
const TABLE: Record<string, Row> = {
  'GET /api/health': { access: 'public' },
  'GET /api/ready': { access: 'public' },
  'GET /api/admin/status': { access: 'admin' },
  'POST /api/admin/status/recheck': { access: 'admin' },
  'GET /api/app-info': { access: 'public' },
  'GET /api/openapi.json': { access: 'public' },
  'GET /api/auth/login': { access: 'public', query: 'returnTo=/' },
  'GET /api/auth/callback': { access: 'public' },
  'POST /api/auth/logout': { access: 'public' },
  'GET /api/session': { access: 'session' },
  'POST /api/wecom/signatures': { access: 'session', body: { url: 'http://sidebar.test/' } },
  'GET /api/contacts/:externalUserId': { access: 'session' },
  'PUT /api/admin/contact-links': { access: 'admin', body: [] },
  'GET /api/groups/:chatId': { access: 'session' },
  'POST /api/sends': {
    access: 'session',
    body: {
      idempotencyKey: 'authz-table-key',
      channel: 'chat',
      contact: { externalUserId: linas.externalUserId },
      content: [{ type: 'text', text: '您好' }],
    },
  },
  'GET /api/sends': { access: 'session' },
  'POST /api/sends/:id/result': { access: 'session', body: { ok: true } },
  'POST /api/sends/:id/media-refresh': { access: 'session' },
  // Settling an unknown send (issue 12 item 11): only its own staff member's (object checks below).
  'POST /api/sends/:id/settle': { access: 'session', body: { outcome: 'sent' } },
  'DELETE /api/sends/:id': { access: 'session' },
  'GET /api/campaigns': { access: 'session' },
  'POST /api/campaigns': { access: 'admin', body: { taskId: demoCampaignIds[0]!.taskId } },
  'DELETE /api/campaigns/:taskId': { access: 'admin' },
  'GET /api/campaigns/:taskId/reach': { access: 'session' },
  'GET /api/campaigns/:taskId/reach/history': { access: 'session' },
  'GET /api/admin/campaigns/:taskId/reach/history.csv': { access: 'admin' },
  'GET /api/demo/playground': { access: 'session' },
  // 企客聊's sidebar entry: an encrypted identity instead of a session (without one: a 400 page).
  'GET /api/qikeliao/enter': { access: 'public' },
  'GET /api/demo/qikeliao-entry': { access: 'session', query: `contact=${linas.externalUserId}` },
  'GET /api/friends/:id': { access: 'session' },
  'GET /api/materials': { access: 'session' },
  'GET /api/materials/:id': { access: 'session' },
  'POST /api/materials': { access: 'admin', body: { title: '问候', content: { type: 'text', text: '您好' } } },
  'PUT /api/materials/:id': { access: 'admin', body: { title: '问候', content: { type: 'text', text: '您好' } } },
  'DELETE /api/materials/:id': { access: 'admin' },
  'POST /api/material-files': { access: 'admin' },
  // Library files nothing uses any more (server/services/file-retention.ts).
  'GET /api/admin/orphan-files': { access: 'admin' },
  'DELETE /api/admin/orphan-files/:fileId': { access: 'admin' },
  // Library files by their random id, for Youmi's RPA accounts and thumbnails (server/routes/materials.ts).
  'GET /files/:fileId/:name': { access: 'public' },
  // Demo only: the simulator's OAuth page and avatars, for browsers (server/routes/demo.ts refuses anything else).
  'GET /sim/*': { access: 'public' },
}
const PARAMS = {
  externalUserId: linas.externalUserId,
  chatId: demoGroupIds.showroom,
  id: SEND_ID,
  taskId: String(demoCampaignIds[0]!.taskId),
  fileId: SEND_ID,
  name: 'x.png',
  '*': 'sim-assets/avatar/lina.svg',
}

let t: SecureApp
let clock = Date.now()
const cookies: Record<string, string> = {}

beforeAll(async () => {
  t = await startSecureApp({ now: () => clock })
  // A session signed in 13 hours ago: past its 12-hour life (and long idle).
  clock = Date.now() - 13 * 3600_000
  cookies.expired = await t.login('zhangwei')
  clock = Date.now()
  cookies.zhangwei = await t.login('zhangwei')
  cookies.lina = await t.login('lina')
  // The right form, signed with a secret that is not ours.
  const other = await startSecureApp({ config: { sessionSecret: 'another-secret-that-is-long-enough-0123456789' } })
  cookies.forged = await other.login('zhangwei')
  await other.close()
})
afterAll(async () => {
  await t?.close()
})

const identities = ['no session', 'forged cookie', 'expired session', 'non-admin (lina)'] as const
const cookieOf = (who: (typeof identities)[number]) =>
  ({ 'no session': undefined, 'forged cookie': cookies.forged, 'expired session': cookies.expired, 'non-admin (lina)': cookies.lina })[who]

function request(method: string, url: string, row: Row, cookie: string | undefined) {
  const path = url === '/sim/*' ? `/sim/${PARAMS['*']}` : fillParams(url, PARAMS)
  return t.app.inject({
    method: method as 'GET',
    url: row.query ? `${path}?${row.query}` : path,
    headers: cookie ? { cookie } : {},
    ...(row.body === undefined ? {} : { payload: row.body as object }),
  })
}

describe('every registered route, every identity', () => {
  it('the table names exactly the routes the app registers', () => {
    const registered = registeredRoutes(t.app).filter((r) => r.method !== 'HEAD')
    const keys = registered.map((r) => `${r.method} ${r.url}`)
    expect(keys.length).toBeGreaterThan(15)
    const missing = keys.filter((k) => !(k in TABLE))
    expect(missing, 'routes the authorization table does not name: add them with their access').toEqual([])
    expect(
      Object.keys(TABLE).filter((k) => !keys.includes(k)),
      'table rows for routes that do not exist',
    ).toEqual([])
    // The public rows are the public list the app enforces, and no more.
    const publicApi = Object.entries(TABLE)
      .filter(([k, r]) => r.access === 'public' && k.includes('/api/'))
      .map(([k]) => k)
    expect(new Set(publicApi)).toEqual(PUBLIC_API_ROUTES)
    // Every GET has its automatic HEAD, which the walk below calls too.
    const heads = registeredRoutes(t.app)
      .filter((r) => r.method === 'HEAD')
      .map((r) => r.url)
    expect(heads.sort()).toEqual(
      registered
        .filter((r) => r.method === 'GET')
        .map((r) => r.url)
        .sort(),
    )
  })

  it('refuses each identity that may not call a route, and lets the others through', async () => {
    const routes = registeredRoutes(t.app)
    let protectedRoutes = 0
    let refused = 0
    let publicCalls = 0
    const problems: string[] = []
    for (const { method, url } of routes) {
      const row = TABLE[`${method === 'HEAD' ? 'GET' : method} ${url}`]!
      if (row.access !== 'public') protectedRoutes++
      for (const who of identities) {
        // Signing out is public and really ends the session: lina signs out a session of her own, not the one the
        // rest of this file uses.
        const cookie = method === 'POST' && url === '/api/auth/logout' && who === 'non-admin (lina)' ? await t.login('lina') : cookieOf(who)
        const res = await request(method, url, row, cookie)
        const code =
          method !== 'HEAD' && String(res.headers['content-type']).includes('json') ? (res.json() as { code?: string }).code : undefined
        const got = `${res.statusCode}${code ? ` ${code}` : ''}`
        if (row.access === 'public') {
          publicCalls++
          if (res.statusCode === 401 || res.statusCode === 403 || res.statusCode >= 500)
            problems.push(`${method} ${url} as ${who}: ${got}, but it is public`)
          continue
        }
        const expected = who === 'non-admin (lina)' ? (row.access === 'admin' ? '403 ADMIN_ONLY' : 'through') : '401 NO_SESSION'
        if (expected === 'through') {
          // lina may call it: the handler runs and answers on its merits (never a refusal of who she is).
          if (res.statusCode === 401 || code === 'ADMIN_ONLY' || res.statusCode >= 500)
            problems.push(`${method} ${url} as ${who}: ${got}, expected the handler to run`)
          continue
        }
        const want = method === 'HEAD' ? expected.split(' ')[0] : expected
        if (got !== want) problems.push(`${method} ${url} as ${who}: ${got}, expected ${want}`)
        else refused++
      }
    }
    expect(problems).toEqual([])
    const calls = protectedRoutes * identities.length
    console.info(
      `[figures] authorization: ${protectedRoutes} routes (HEAD included) × ${identities.length} identities = ${calls} requests, all refused as expected ` +
        `(${refused} refusals: 401 for no, forged and expired sessions, 403 ADMIN_ONLY for lina on admin routes; lina let through where no admin ` +
        `is needed) — and ${publicCalls / identities.length} public routes open to all`,
    )
    expect(refused).toBeGreaterThan(protectedRoutes * 3 - 1)
  })

  it('a route registered without requireSession stops the app from starting', async () => {
    const { buildApp } = await import('../../server/app.js')
    const { testConfig } = await import('../helpers/app.js')
    const app = await buildApp(testConfig('http://127.0.0.1:9'), { logger: false })
    try {
      expect(() => app.get('/api/forgotten', async () => ({ secret: true }))).toThrow(/requireSession/)
    } finally {
      await app.close()
    }
  })
})

// ---- Host column (issue 12, item 6): two hosts, two identities ------------------------------------------------------
// Routes only one host's sessions may call; every other route takes either (public ones need none). Admin routes are
// WeCom's. A 企客聊 session for `zhangwei` is not WeCom's zhangwei: whoever holds QIKELIAO_KEY can name any UserID.
type Host = 'wecom' | 'qikeliao'
const HOST_ONLY: Record<string, Host> = {
  'POST /api/wecom/signatures': 'wecom',
  'GET /api/contacts/:externalUserId': 'wecom',
  'PUT /api/admin/contact-links': 'wecom',
  'GET /api/groups/:chatId': 'wecom',
  'POST /api/campaigns': 'wecom',
  'DELETE /api/campaigns/:taskId': 'wecom',
  'GET /api/admin/campaigns/:taskId/reach/history.csv': 'wecom',
  'POST /api/materials': 'wecom',
  'PUT /api/materials/:id': 'wecom',
  'DELETE /api/materials/:id': 'wecom',
  'POST /api/material-files': 'wecom',
  'GET /api/admin/orphan-files': 'wecom',
  'DELETE /api/admin/orphan-files/:fileId': 'wecom',
  'GET /api/admin/status': 'wecom',
  'POST /api/admin/status/recheck': 'wecom',
  'GET /api/friends/:id': 'qikeliao',
}

describe('two hosts, two identities: each session reaches its own host’s routes only', () => {
  let qikeliao: string
  let friendId: string

  beforeAll(async () => {
    // A 企客聊 entry for zhangwei, as the demo mints it: the session it starts is 企客聊's, not WeCom's.
    const minted = await t.app.inject({
      url: `/api/demo/qikeliao-entry?contact=${demo.linked.externalUserId}`,
      headers: { cookie: cookies.zhangwei! },
    })
    expect(minted.statusCode, minted.body).toBe(200)
    const entered = await t.app.inject({ url: minted.json().url })
    expect(entered.statusCode).toBe(302)
    qikeliao = String(entered.headers['set-cookie']).split(';')[0]!
    friendId = new URL(String(entered.headers.location), 'http://x').searchParams.get('friend')!
    expect((await t.app.inject({ url: '/api/session', headers: { cookie: qikeliao } })).json()).toMatchObject({
      host: 'qikeliao',
      userId: 'zhangwei',
    })
  })

  it('every route is registered for the host the column says', () => {
    const problems = registeredRoutes(t.app)
      .filter((r) => r.url.startsWith('/api/') && r.access !== 'public')
      .filter((r) => r.host !== (HOST_ONLY[`${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`] ?? 'any'))
      .map((r) => `${r.method} ${r.url}: ${r.host}`)
    expect(problems).toEqual([])
    expect(Object.keys(HOST_ONLY).every((k) => k in TABLE)).toBe(true)
  })

  it('a 企客聊 session is refused on every WeCom route, a WeCom session on every 企客聊 route (403 WRONG_HOST)', async () => {
    const problems: string[] = []
    let refused = 0
    let through = 0
    for (const { method, url, access, host } of registeredRoutes(t.app)) {
      if (access === 'public' || !url.startsWith('/api/')) continue
      const row = TABLE[`${method === 'HEAD' ? 'GET' : method} ${url}`]!
      for (const [who, cookie, from] of [
        ['企客聊 zhangwei', qikeliao, 'qikeliao'],
        ['WeCom lina', cookies.lina!, 'wecom'],
      ] as const) {
        // A 企客聊 session sends to its 企客聊 friends (a WeCom customer as target is refused below, object by object).
        const body =
          method === 'POST' && url === '/api/sends' && from === 'qikeliao'
            ? { ...(row.body as object), contact: undefined, channel: 'rpa', friend: { id: friendId } }
            : row.body
        const res = await request(method, url, { ...row, body }, cookie)
        const code =
          method !== 'HEAD' && String(res.headers['content-type']).includes('json') ? (res.json() as { code?: string }).code : undefined
        if (host !== 'any' && host !== from) {
          if (res.statusCode !== 403 || (method !== 'HEAD' && code !== 'WRONG_HOST'))
            problems.push(`${method} ${url} as ${who}: ${res.statusCode} ${code ?? ''}, expected 403 WRONG_HOST`)
          else refused++
        } else {
          if (res.statusCode === 401 || code === 'WRONG_HOST' || res.statusCode >= 500)
            problems.push(`${method} ${url} as ${who}: ${res.statusCode} ${code ?? ''}, expected the handler to run`)
          else through++
        }
      }
    }
    expect(problems).toEqual([])
    console.info(
      `[figures] host column: ${refused} requests refused 403 WRONG_HOST (企客聊 session on WeCom routes, WeCom session on 企客聊 routes), ${through} let through on either host's routes`,
    )
    expect(refused).toBeGreaterThanOrEqual(Object.keys(HOST_ONLY).length)
  })

  it("sends: a 企客聊 session sees and touches only its friends' sends, a WeCom session never those", async () => {
    const wecomSend = await t.app.inject({
      method: 'POST',
      url: '/api/sends',
      headers: { cookie: cookies.zhangwei! },
      payload: {
        idempotencyKey: `host-wecom-${Date.now()}`,
        channel: 'chat',
        contact: { externalUserId: demo.linked.externalUserId },
        content: [{ type: 'text', text: '企业微信的消息' }],
      },
    })
    expect(wecomSend.statusCode).toBe(201)
    const friendSend = await t.app.inject({
      method: 'POST',
      url: '/api/sends',
      headers: { cookie: qikeliao },
      payload: {
        idempotencyKey: `host-qkl-${Date.now()}`,
        channel: 'rpa',
        friend: { id: friendId },
        content: [{ type: 'text', text: '企客聊的消息' }],
      },
    })
    expect(friendSend.statusCode, friendSend.body).toBe(201)
    const listOf = async (cookie: string) =>
      (await t.app.inject({ url: '/api/sends?limit=100', headers: { cookie } })).json().items as Array<{ id: string; friend: unknown }>
    const ids = async (cookie: string) => (await listOf(cookie)).map((x) => x.id)
    const qikeliaoSends = await listOf(qikeliao)
    expect(qikeliaoSends.map((x) => x.id)).toContain(friendSend.json().id)
    expect(qikeliaoSends.every((x) => x.friend !== null)).toBe(true)
    expect(await ids(qikeliao)).not.toContain(wecomSend.json().id)
    expect(await ids(cookies.zhangwei!)).toContain(wecomSend.json().id)
    expect(await ids(cookies.zhangwei!)).not.toContain(friendSend.json().id)
    // Another host's send is "not found" for its result, cancelling and settling.
    for (const [cookie, id] of [
      [qikeliao, wecomSend.json().id],
      [cookies.zhangwei!, friendSend.json().id],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url: `/api/sends/${id}/result`, headers: { cookie }, payload: { ok: false } })
      expect(res.json().code).toBe('SEND_NOT_FOUND')
    }
    // Sending across: a 企客聊 session to a WeCom customer, a WeCom session to a 企客聊 friend.
    const across = [
      [qikeliao, { channel: 'rpa', contact: { externalUserId: demo.linked.externalUserId } }],
      [cookies.zhangwei!, { channel: 'rpa', friend: { id: friendId } }],
    ] as const
    for (const [cookie, target] of across) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/sends',
        headers: { cookie },
        payload: { idempotencyKey: `host-across-${Date.now()}-${Math.random()}`, ...target, content: [{ type: 'text', text: '越界' }] },
      })
      expect({ status: res.statusCode, code: res.json().code }).toEqual({ status: 403, code: 'WRONG_HOST' })
    }
    expect((await listOf(qikeliao)).length).toBe(qikeliaoSends.length)
  })
})

describe("one staff member cannot see or touch what is another's", () => {
  const as = (who: 'zhangwei' | 'lina', o: { method?: string; url: string; payload?: unknown }) =>
    t.app.inject({
      method: (o.method ?? 'GET') as 'GET',
      url: o.url,
      headers: { cookie: cookies[who]! },
      ...(o.payload === undefined ? {} : { payload: o.payload as object }),
    })
  const expectError = async (res: { statusCode: number; json(): unknown }, status: number, code: string) => {
    expect({ status: res.statusCode, code: ApiError.parse(res.json()).code }).toEqual({ status, code })
  }
  let chatSend: { id: string; status: string }
  let scheduled: { id: string; status: string; taskId: number }
  const key = `authz-${Date.now()}-chat`

  beforeAll(async () => {
    const chat = await as('zhangwei', {
      method: 'POST',
      url: '/api/sends',
      payload: {
        idempotencyKey: key,
        channel: 'chat',
        contact: { externalUserId: zhangweisOnly.externalUserId },
        content: [{ type: 'text', text: '张伟的消息' }],
      },
    })
    expect(chat.statusCode).toBe(201)
    chatSend = chat.json()
    const rpa = await as('zhangwei', {
      method: 'POST',
      url: '/api/sends',
      payload: {
        idempotencyKey: `authz-${Date.now()}-rpa`,
        channel: 'rpa',
        contact: { externalUserId: demo.linked.externalUserId },
        content: [{ type: 'text', text: '明早九点' }],
        scheduleAt: new Date(clock + 24 * 3600_000).toISOString(),
      },
    })
    expect(rpa.statusCode).toBe(201)
    scheduled = rpa.json()
    expect(scheduled.status).toBe('scheduled')
  })

  it("GET /api/sends lists only one's own sends, whatever the filter", async () => {
    const mine = (await as('zhangwei', { url: '/api/sends?limit=100' })).json().items.map((s: { id: string }) => s.id)
    expect(mine).toEqual(expect.arrayContaining([chatSend.id, scheduled.id]))
    for (const url of [
      '/api/sends?limit=100',
      `/api/sends?contact=${zhangweisOnly.externalUserId}`,
      `/api/sends?contact=${demo.linked.externalUserId}`,
    ]) {
      const ids = (await as('lina', { url })).json().items.map((s: { id: string }) => s.id)
      expect(ids, url).not.toContain(chatSend.id)
      expect(ids, url).not.toContain(scheduled.id)
    }
  })

  it("another's send id is 404 for its result and for cancelling, and the send is untouched", async () => {
    await expectError(
      await as('lina', { method: 'POST', url: `/api/sends/${chatSend.id}/result`, payload: { ok: false, errMsg: 'x' } }),
      404,
      'SEND_NOT_FOUND',
    )
    await expectError(await as('lina', { method: 'DELETE', url: `/api/sends/${scheduled.id}` }), 404, 'SEND_NOT_FOUND')
    await expectError(await as('lina', { method: 'DELETE', url: `/api/sends/${chatSend.id}` }), 404, 'SEND_NOT_FOUND')
    const items = (await as('zhangwei', { url: '/api/sends?limit=100' })).json().items as Array<{ id: string; status: string }>
    expect(items.find((s) => s.id === chatSend.id)?.status).toBe('awaiting_client')
    expect(items.find((s) => s.id === scheduled.id)?.status).toBe('scheduled')
    expect(t.sim.state.youmi.tasks.find((x) => x.id === scheduled.taskId)).toBeDefined()
  })

  it('the same idempotency key from another staff member is their own send, never a replay of the first', async () => {
    const res = await as('lina', {
      method: 'POST',
      url: '/api/sends',
      payload: {
        idempotencyKey: key,
        channel: 'chat',
        contact: { externalUserId: linas.externalUserId },
        content: [{ type: 'text', text: '李娜的消息' }],
      },
    })
    expect(res.statusCode).toBe(201)
    expect(res.headers['idempotent-replayed']).toBeUndefined()
    expect(res.json().id).not.toBe(chatSend.id)
    expect(res.json().contact).toEqual({ externalUserId: linas.externalUserId })
  })

  it('no sending to, or reading, a customer one does not follow (403 NOT_YOUR_CONTACT), and nothing is recorded', async () => {
    const before = (await as('lina', { url: '/api/sends?limit=100' })).json().items.length
    for (const channel of ['chat', 'rpa']) {
      await expectError(
        await as('lina', {
          method: 'POST',
          url: '/api/sends',
          payload: {
            idempotencyKey: `authz-lina-${channel}-${Date.now()}`,
            channel,
            contact: { externalUserId: zhangweisOnly.externalUserId },
            content: [{ type: 'text', text: '越权' }],
          },
        }),
        403,
        'NOT_YOUR_CONTACT',
      )
    }
    await expectError(await as('lina', { url: `/api/contacts/${zhangweisOnly.externalUserId}` }), 403, 'NOT_YOUR_CONTACT')
    expect((await as('lina', { url: '/api/sends?limit=100' })).json().items.length).toBe(before)
  })

  it('no sending to, or reading, a group one is not in (403 NOT_YOUR_GROUP)', async () => {
    await expectError(
      await as('lina', {
        method: 'POST',
        url: '/api/sends',
        payload: {
          idempotencyKey: `authz-lina-group-${Date.now()}`,
          channel: 'chat',
          group: { chatId: demoGroupIds.lockVip },
          content: [{ type: 'text', text: '越权' }],
        },
      }),
      403,
      'NOT_YOUR_GROUP',
    )
    await expectError(await as('lina', { url: `/api/groups/${demoGroupIds.lockVip}` }), 403, 'NOT_YOUR_GROUP')
    await expectError(await as('zhangwei', { url: `/api/groups/${demoGroupIds.owners}` }), 403, 'NOT_YOUR_GROUP')
  })

  it('admin routes refuse a non-admin (403 ADMIN_ONLY) and change nothing', async () => {
    const before = (await as('lina', { url: '/api/campaigns' })).json()
    const taskId = demoCampaignIds[0]!.taskId
    await expectError(await as('lina', { method: 'DELETE', url: `/api/campaigns/${taskId}` }), 403, 'ADMIN_ONLY')
    await expectError(await as('lina', { method: 'POST', url: '/api/campaigns', payload: { taskId: 999_999 } }), 403, 'ADMIN_ONLY')
    await expectError(
      await as('lina', {
        method: 'PUT',
        url: '/api/admin/contact-links',
        payload: [{ externalUserId: linas.externalUserId, youmi: demo.youmiOf(demo.linked.externalUserId) }],
      }),
      403,
      'ADMIN_ONLY',
    )
    expect((await as('lina', { url: '/api/campaigns' })).json()).toEqual(before)
    expect((await as('zhangwei', { url: '/api/session' })).json().isAdmin).toBe(true)
  })
})
