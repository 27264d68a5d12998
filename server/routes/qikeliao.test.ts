import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Friend } from '../../contracts/friends.js'
import { Session } from '../../contracts/session.js'
import { cookieHeader, startTestApp, testQikeliao, type TestApp } from '../../test/helpers/app.js'
import { demo } from '../../test/helpers/demo.js'
import type { QikeliaoSettings } from '../config.js'
import { resolveKeys, type CipherKeys } from '../services/qikeliao/keys.js'
import { mintEntryQuery, type MintOptions } from '../services/qikeliao/mint.js'

const ENTER = '/api/qikeliao/enter'
const keysOf = (s: QikeliaoSettings): CipherKeys => {
  const r = resolveKeys(s)
  if (!r.ok) throw new Error(r.problems.join('; '))
  return r.keys
}

/** A payload as 企客聊 might send it (vendors.md's field names); the phone and dock password are secrets of the test. */
const TEL = '13857162231'
let signs = 0
/** Each payload differs (as two clicks a second apart do), so only reusing a link makes the same PKID. */
const payloadFor = (userId: string, now: number, extra: Record<string, string | number> = {}) => ({
  UserID: userId,
  Timestamp: Math.floor(now / 1000),
  WX: 'wxid_k2p9x7c4m1q8z3',
  TEL,
  Number: 'zvzv9223',
  sign: `5d41402abc4b2a76b9719d9110${String(++signs).padStart(6, '0')}`,
  merchantid: '640462692',
  wechat: 45292,
  uid: '2716475',
  originalId: 'wxid_k2p9x7c4m1q8z3',
  dockPwd: testQikeliao.dockPwd,
  nickname: '晓雯🌸',
  ...extra,
})

interface Entered {
  status: number
  location: string
  cookie: string
  body: string
  contentType: string
}

async function enter(t: TestApp, query: string, cookie?: string): Promise<Entered> {
  const res = await t.app.inject({ method: 'GET', url: `${ENTER}?${query}`, headers: cookie ? { cookie } : {} })
  return {
    status: res.statusCode,
    location: String(res.headers.location ?? ''),
    cookie: cookieHeader(res.headers['set-cookie']),
    body: res.body,
    contentType: String(res.headers['content-type'] ?? ''),
  }
}

/** The log lines of refusals (one per refused entry), parsed. */
const refusalLines = (t: TestApp) =>
  t.logs
    .map((l) => JSON.parse(l) as { msg: string; code?: string; status?: number; detail?: string })
    .filter((l) => l.msg === 'qikeliao entry refused')

describe('GET /api/qikeliao/enter: every supported cipher', () => {
  // Each cipher with keys written the way an operator might paste them: plain characters, hex, base64.
  const CASES: Array<{ name: string; settings: Partial<QikeliaoSettings>; encoding: MintOptions['encoding'] }> = [
    { name: 'aes-128-cbc, 16-character keys, base64', settings: {}, encoding: 'base64' },
    {
      name: 'aes-256-cbc, hex key, URL-safe base64',
      settings: {
        cipher: 'aes-256-cbc',
        key: `hex:${'a1'.repeat(32)}`,
        systemKey: 'S'.repeat(32),
        iv: 'base64:' + Buffer.from('0123456789abcdef').toString('base64'),
      },
      encoding: 'base64url',
    },
    {
      name: 'aes-128-ecb (no IV), base64 key, hex ciphertext',
      settings: { cipher: 'aes-128-ecb', key: Buffer.from('ecb-key-16-bytes').toString('base64'), iv: '', systemKey: '' },
      encoding: 'hex',
    },
    {
      name: 'sm4-cbc, the key as its own IV',
      settings: { cipher: 'sm4-cbc', key: 'sm4-key-16-chars', iv: '', systemKey: 'sm4-sys-16-chars' },
      encoding: 'base64',
    },
    {
      name: 'des-ede3-cbc (8-byte blocks)',
      settings: { cipher: 'des-ede3-cbc', key: '24-character-3des-key-01', iv: '8charIV!', systemKey: '' },
      encoding: 'base64',
    },
  ]

  for (const c of CASES) {
    it(`${c.name}: decrypts, stores the friend, signs the staff member in and redirects to the sidebar`, async () => {
      const settings: QikeliaoSettings = { ...testQikeliao, ...c.settings, simulated: false }
      const t = await startTestApp({ config: { qikeliao: settings } })
      t.secrets.push(TEL)
      try {
        const now = Date.now()
        const query = mintEntryQuery(keysOf(settings), 'lina', payloadFor('lina', now), { now, encoding: c.encoding })
        t.secrets.push(new URLSearchParams(query).get('PKID')!, new URLSearchParams(query).get('UserID')!)
        const res = await enter(t, query)
        expect(res.status, res.body).toBe(302)
        const friendId = /^\/\?host=qikeliao&friend=([0-9a-f-]{36})$/.exec(res.location)?.[1]
        expect(friendId, res.location).toBeDefined()

        const session = Session.parse((await t.app.inject({ url: '/api/session', headers: { cookie: res.cookie } })).json())
        expect(session).toMatchObject({ userId: 'lina', corpId: '640462692', agentId: '', host: 'qikeliao', isAdmin: false })
        const friend = Friend.parse((await t.app.inject({ url: `/api/friends/${friendId}`, headers: { cookie: res.cookie } })).json())
        expect(friend).toEqual({
          id: friendId,
          wechatId: 'wxid_k2p9x7c4m1q8z3',
          nickname: '晓雯🌸',
          phoneMasked: '138****2231',
          tenantId: '640462692',
          youmi: {
            adWechatId: 45292,
            machineKey: 'zvzv9223',
            machineName: 'zvzv9223',
            qvCompanyId: '',
            objectId: '2716475',
            objectNickname: '晓雯🌸',
            belongStaffCode: 'lina',
          },
        })
        expect(JSON.stringify(friend)).not.toContain(TEL)
      } finally {
        await t.close()
      }
    })
  }
})

describe('GET /api/qikeliao/enter: refusals', () => {
  let t: TestApp
  let clock = Date.now()
  const keys = keysOf(testQikeliao)
  const mint = (
    o: {
      userId?: string
      payload?: Record<string, string | number>
      at?: number
      neber?: string
      timeFormat?: MintOptions['timeFormat']
    } = {},
  ) => {
    const at = o.at ?? clock
    const query = mintEntryQuery(keys, o.userId ?? 'zhangwei', o.payload ?? payloadFor('zhangwei', at), {
      now: at,
      neber: o.neber,
      timeFormat: o.timeFormat,
    })
    const p = new URLSearchParams(query)
    t.secrets.push(p.get('PKID')!, p.get('UserID')!)
    return query
  }
  const without = (query: string, name: string) => {
    const p = new URLSearchParams(query)
    p.delete(name)
    return p.toString()
  }
  const withParam = (query: string, name: string, value: string) => {
    const p = new URLSearchParams(query)
    p.set(name, value)
    return p.toString()
  }

  beforeAll(async () => {
    t = await startTestApp({ now: () => clock })
    t.secrets.push(TEL)
  })
  afterAll(async () => {
    // The log scan runs here: no key, IV, dock password, phone or ciphertext in any line.
    await t.close()
  })

  /** The answer is a page that names the code and status, and the log has exactly one line about it. */
  async function expectRefused(query: string, status: number, codes: string[]): Promise<string> {
    const before = refusalLines(t).length
    const res = await enter(t, query)
    expect(res.status, res.body).toBe(status)
    expect(res.contentType).toContain('text/html')
    expect(res.cookie).toBe('')
    const lines = refusalLines(t).slice(before)
    expect(lines).toHaveLength(1)
    expect(codes).toContain(lines[0]!.code)
    expect(lines[0]!.status).toBe(status)
    expect(res.body).toContain(`HTTP ${status} · ${lines[0]!.code}`)
    expect(res.body).toMatch(/<h1>[^<]+<\/h1>/)
    return lines[0]!.code!
  }

  it('each missing parameter: 400 naming it', async () => {
    const good = mint()
    for (const name of ['Type', 'PKID', 'time', 'neber', 'UserID']) {
      await expectRefused(without(good, name), 400, ['QIKELIAO_MISSING_PARAMS'])
      expect((await enter(t, without(good, name))).body).toContain(`这次缺少：${name}`)
    }
    await expectRefused('', 400, ['QIKELIAO_MISSING_PARAMS'])
  })

  it('a Type other than WL, a neber that is not 6 digits, a time nobody can read: 400', async () => {
    await expectRefused(withParam(mint(), 'Type', 'XX'), 400, ['QIKELIAO_BAD_TYPE'])
    await expectRefused(withParam(mint(), 'neber', '12345'), 400, ['QIKELIAO_BAD_NEBER'])
    await expectRefused(withParam(mint(), 'time', 'yesterday'), 400, ['QIKELIAO_BAD_TIME'])
    await expectRefused(withParam(mint(), 'time', '2024-02-30 10:00:00'), 400, ['QIKELIAO_BAD_TIME'])
  })

  it('a tampered PKID: 401', async () => {
    const good = new URLSearchParams(mint())
    const pkid = Buffer.from(good.get('PKID')!, 'base64')
    // One byte of the last block changed: the padding (or the text) no longer holds.
    pkid[pkid.length - 3]! ^= 0x5a
    good.set('PKID', pkid.toString('base64'))
    await expectRefused(good.toString(), 401, ['QIKELIAO_LINK_INVALID'])
    // Not ciphertext at all.
    await expectRefused(withParam(mint(), 'PKID', 'not-base64-%%%'), 401, ['QIKELIAO_LINK_INVALID'])
  })

  it('a tampered UserID, and a payload for someone else: 401', async () => {
    await expectRefused(withParam(mint(), 'UserID', Buffer.from('0123456789abcdef').toString('base64')), 401, ['QIKELIAO_LINK_INVALID'])
    await expectRefused(mint({ userId: 'lina', payload: payloadFor('zhangwei', clock) }), 401, ['QIKELIAO_LINK_INVALID'])
  })

  it('every decryption or consistency failure answers the same page (no padding oracle); only the log says which', async () => {
    const bad = new URLSearchParams(mint())
    const pkid = Buffer.from(bad.get('PKID')!, 'base64')
    pkid[pkid.length - 3]! ^= 0x5a
    bad.set('PKID', pkid.toString('base64'))
    const pages: string[] = []
    for (const query of [bad.toString(), mint({ userId: 'lina', payload: payloadFor('zhangwei', clock) })]) {
      const res = await enter(t, query)
      pages.push(res.body)
    }
    expect(pages[0]).toBe(pages[1])
    const details = refusalLines(t)
      .slice(-2)
      .map((l) => l.detail)
    expect(details[0]).not.toBe(details[1])
    expect(details[1]).toBe('payload UserID differs')
  })

  it('a payload without a readable Timestamp: 401, since time and neber are outside the encryption', async () => {
    const { Timestamp: _drop, ...undated } = payloadFor('zhangwei', clock)
    await expectRefused(mint({ payload: undated }), 401, ['QIKELIAO_PAYLOAD_UNDATED'])
    await expectRefused(mint({ payload: payloadFor('zhangwei', clock, { Timestamp: 'yesterday-ish' }) }), 401, ['QIKELIAO_PAYLOAD_UNDATED'])
  })

  it('a 企客聊 session is never an admin, even when its UserID reads like a WeCom admin userid', async () => {
    const entered = await enter(t, mint()) // zhangwei, an admin in ADMIN_USER_IDS
    expect(entered.status).toBe(302)
    const session = await t.app.inject({ url: '/api/session', headers: { cookie: entered.cookie } })
    expect(session.json()).toMatchObject({ userId: 'zhangwei', host: 'qikeliao', isAdmin: false })
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/materials',
      headers: { cookie: entered.cookie },
      payload: { title: '不该建成', content: { type: 'text', text: 'x' } },
    })
    // Refused before admin rights are even asked: admin routes are WeCom's (two hosts, two identities).
    expect(create.statusCode).toBe(403)
    expect(create.json().code).toBe('WRONG_HOST')
  })

  it('a wrong key: 401', async () => {
    const other = keysOf({ ...testQikeliao, key: 'another-key-0001', systemKey: 'another-key-0002' })
    const query = mintEntryQuery(other, 'zhangwei', payloadFor('zhangwei', clock), { now: clock })
    t.secrets.push(new URLSearchParams(query).get('PKID')!)
    await expectRefused(query, 401, ['QIKELIAO_LINK_INVALID'])
    // Only the merchant key wrong: UserID decrypts, PKID does not.
    const halfWrong = keysOf({ ...testQikeliao, key: 'another-key-0001' })
    const p = new URLSearchParams(mintEntryQuery(halfWrong, 'zhangwei', payloadFor('zhangwei', clock), { now: clock }))
    p.set('UserID', new URLSearchParams(mint()).get('UserID')!)
    await expectRefused(p.toString(), 401, ['QIKELIAO_LINK_INVALID'])
  })

  it('a time older than QIKELIAO_MAX_AGE_S, or more than a minute ahead: 401', async () => {
    await expectRefused(mint({ at: clock - 601_000 }), 401, ['QIKELIAO_EXPIRED'])
    await expectRefused(mint({ at: clock + 120_000 }), 401, ['QIKELIAO_FROM_FUTURE'])
    // A fresh `time` around an old payload (its Timestamp says when it was made).
    const old = payloadFor('zhangwei', clock - 3600_000)
    await expectRefused(mint({ payload: old }), 401, ['QIKELIAO_PAYLOAD_EXPIRED'])
    // Within the window and a little ahead are fine.
    expect((await enter(t, mint({ at: clock - 590_000, payload: payloadFor('zhangwei', clock) }))).status).toBe(302)
    expect((await enter(t, mint({ at: clock + 30_000 }))).status).toBe(302)
  })

  it('a replay: the same link twice, or its PKID with another neber after a few seconds: 401', async () => {
    const query = mint({ neber: '424242' })
    // A HEAD (a prefetcher) neither uses the link up nor signs in.
    const head = await t.app.inject({ method: 'HEAD', url: `${ENTER}?${query}` })
    expect(head.statusCode).toBe(204)
    expect(head.headers['set-cookie']).toBeUndefined()
    expect((await enter(t, query)).status).toBe(302)
    await expectRefused(query, 401, ['QIKELIAO_REPLAYED'])
    // 企客聊 builds the payload to the second: a double click sends the same PKID with a new neber at once.
    expect((await enter(t, withParam(query, 'neber', '424243'))).status).toBe(302)
    await expectRefused(withParam(query, 'neber', '424243'), 401, ['QIKELIAO_REPLAYED'])
    // Later, the same PKID is a copied link, whatever its neber says.
    clock += 11_000
    await expectRefused(withParam(query, 'neber', '424244'), 401, ['QIKELIAO_REPLAYED'])
    // The same neber at another time is a new link.
    expect((await enter(t, mint({ neber: '424242', at: clock - 5000 }))).status).toBe(302)
  })

  it('a wrong dock password, and a payload without what Youmi needs: 401 and 422', async () => {
    await expectRefused(mint({ payload: payloadFor('zhangwei', clock, { dockPwd: 'guessed-password' }) }), 401, ['QIKELIAO_BAD_DOCK_PWD'])
    await expectRefused(mint({ payload: payloadFor('zhangwei', clock, { wechat: 'wxid_operator' }) }), 422, ['QIKELIAO_PAYLOAD_UNMAPPED'])
    const { merchantid: _m, uid: _u, ...partial } = payloadFor('zhangwei', clock)
    const code = await expectRefused(mint({ payload: partial }), 422, ['QIKELIAO_PAYLOAD_UNMAPPED'])
    expect(code).toBe('QIKELIAO_PAYLOAD_UNMAPPED')
    expect((await enter(t, mint({ payload: partial }))).body).toContain('merchantid')
  })

  it('unix-second times and key=value payloads are read too; a new entry replaces the session and updates the friend', async () => {
    const first = await enter(t, mint({ timeFormat: 'unix' }))
    expect(first.status).toBe(302)
    const kv = new URLSearchParams(
      Object.entries(payloadFor('zhangwei', clock, { nickname: '' })).map(([k, v]): [string, string] => [k, String(v)]),
    ).toString()
    const { encrypt } = await import('../services/qikeliao/codec.js')
    const p = new URLSearchParams(mint())
    p.set('PKID', encrypt(keys, 'merchant', kv))
    p.set('neber', '777777')
    const second = await enter(t, p.toString(), first.cookie)
    expect(second.status, second.body).toBe(302)
    // The same friend (same staff, merchant and WeChat id): one row, the nickname an earlier entry gave kept.
    expect(second.location).toBe(first.location)
    const friendId = second.location.split('friend=')[1]!
    expect((await t.app.inject({ url: `/api/friends/${friendId}`, headers: { cookie: second.cookie } })).json()).toMatchObject({
      nickname: '晓雯🌸',
    })
    // The first session ended when the second began.
    expect((await t.app.inject({ url: '/api/session', headers: { cookie: first.cookie } })).statusCode).toBe(401)
  })

  it('never logs the link: the request line has no query, the refusal line no value from it', async () => {
    const query = mint()
    await enter(t, withParam(query, 'Type', 'XX'))
    const text = t.logs.join('')
    const p = new URLSearchParams(query)
    for (const secret of [
      p.get('PKID')!,
      p.get('UserID')!,
      encodeURIComponent(p.get('PKID')!),
      TEL,
      testQikeliao.dockPwd,
      testQikeliao.key,
      testQikeliao.iv,
    ]) {
      expect(text).not.toContain(secret)
    }
    const urls = t.logs.map((l) => JSON.parse(l) as { req?: { url?: string } }).flatMap((l) => (l.req?.url ? [l.req.url] : []))
    expect(urls.filter((u) => u.startsWith(ENTER)).length).toBeGreaterThan(10)
    expect(urls.filter((u) => u.startsWith(ENTER) && u !== ENTER)).toEqual([])
  })
})

describe('GET /api/friends/:id and the demo entry link', () => {
  let t: TestApp
  let zhangwei: string
  let lina: string
  beforeAll(async () => {
    t = await startTestApp()
    zhangwei = await t.login('zhangwei')
    lina = await t.login('lina')
  })
  afterAll(() => t.close())

  const link = (cookie: string, contact: string) =>
    t.app.inject({ url: `/api/demo/qikeliao-entry?contact=${contact}`, headers: { cookie } })

  it("mints a link that enters as the signed-in staff member, with the demo customer's Youmi identity", async () => {
    const res = await link(zhangwei, demo.linked.externalUserId)
    expect(res.statusCode).toBe(200)
    const { url } = res.json() as { url: string }
    expect(url).toMatch(/^\/api\/qikeliao\/enter\?Type=WL&PKID=[^&]+&time=\d{4}-\d{2}-\d{2}\+\d{2}%3A\d{2}%3A\d{2}&neber=\d{6}&UserID=/)
    const entered = await t.app.inject({ url })
    expect(entered.statusCode, entered.body).toBe(302)
    const cookie = cookieHeader(entered.headers['set-cookie'])
    const friendId = String(entered.headers.location).split('friend=')[1]!
    const friend = Friend.parse((await t.app.inject({ url: `/api/friends/${friendId}`, headers: { cookie } })).json())
    const y = demo.youmiOf(demo.linked.externalUserId)
    expect(friend.youmi).toMatchObject({
      adWechatId: y.adWechatId,
      machineKey: y.machineKey,
      objectId: y.objectId,
      objectNickname: y.objectNickname,
      belongStaffCode: 'zhangwei',
    })
    expect(friend.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/)
    // Not lina's: her (WeCom) session cannot read a 企客聊 friend at all.
    expect((await t.app.inject({ url: `/api/friends/${friendId}`, headers: { cookie: lina } })).json()).toMatchObject({
      code: 'WRONG_HOST',
    })
  })

  it('a send to the friend goes to Youmi with the identity the entry carried', async () => {
    const { url } = (await link(zhangwei, demo.linked.externalUserId)).json() as { url: string }
    const entered = await t.app.inject({ url })
    const cookie = cookieHeader(entered.headers['set-cookie'])
    const friendId = String(entered.headers.location).split('friend=')[1]!
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sends',
      headers: { cookie },
      payload: {
        idempotencyKey: `qkl-${Date.now()}`,
        channel: 'rpa',
        friend: { id: friendId },
        content: [{ type: 'text', text: '企客聊里发的' }],
      },
    })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ channel: 'rpa', friend: { id: friendId }, contact: null, group: null })
    const save = t.sim.state.requests.filter((r) => r.vendor === 'youmi' && r.path.endsWith('SaveBulkSendTask')).at(-1)!
    const y = demo.youmiOf(demo.linked.externalUserId)
    expect((save.body as { listMass: unknown[] }).listMass[0]).toMatchObject({
      ad_wechat_id: y.adWechatId,
      machine_key: y.machineKey,
      object_id: y.objectId,
      belong_staff_code: 'zhangwei',
    })
    const list = (await t.app.inject({ url: `/api/sends?friend=${friendId}`, headers: { cookie } })).json() as {
      items: Array<{ friend: { id: string } }>
    }
    expect(list.items.map((s) => s.friend.id)).toEqual([friendId])
    // The chat channel does not exist in 企客聊.
    const chat = await t.app.inject({
      method: 'POST',
      url: '/api/sends',
      headers: { cookie },
      payload: {
        idempotencyKey: `qkl-chat-${Date.now()}`,
        channel: 'chat',
        friend: { id: friendId },
        content: [{ type: 'text', text: 'x' }],
      },
    })
    expect(chat.statusCode).toBe(400)
  })

  it('refuses customers without a Youmi identity and customers of another staff member', async () => {
    expect((await link(zhangwei, demo.unlinked.externalUserId)).json()).toMatchObject({ code: 'NO_YOUMI_IDENTITY' })
    expect((await link(zhangwei, demo.notZhangweis.externalUserId)).json()).toMatchObject({ code: 'NOT_YOUR_CONTACT' })
  })

  it('without 企客聊 settings the entry says so, and there is no demo link route', async () => {
    const bare = await startTestApp({ config: { qikeliao: undefined } })
    try {
      const res = await bare.app.inject({ url: `${ENTER}?Type=WL` })
      expect(res.statusCode).toBe(404)
      expect(res.body).toContain('QIKELIAO_NOT_CONFIGURED')
      const cookie = await bare.login('zhangwei')
      expect(
        (await bare.app.inject({ url: `/api/demo/qikeliao-entry?contact=${demo.linked.externalUserId}`, headers: { cookie } })).json(),
      ).toMatchObject({ code: 'NOT_FOUND' })
    } finally {
      await bare.close()
    }
  })
})
