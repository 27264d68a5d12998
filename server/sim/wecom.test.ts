import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { demoContacts, demoGroupIds, demoGroups, demoStaff } from './demo-data.js'
import { multipartBody, simTestCredentials as creds, testSim, type TestSim } from './testing.js'

const w = creds.wecom

async function token(sim: TestSim): Promise<string> {
  const res = await sim.app.inject({ url: `/cgi-bin/gettoken?corpid=${w.corpId}&corpsecret=${w.secret}` })
  return res.json().access_token
}

async function getJson(sim: TestSim, url: string) {
  const res = await sim.app.inject({ url })
  expect(res.statusCode).toBe(200)
  return res.json()
}

const authorizeUrl = (extra = '', redirect = 'https://sidebar.test/api/auth/callback?next=%2Fsend') =>
  `/connect/oauth2/authorize?appid=${w.corpId}&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=snsapi_base&state=st-42&agentid=${w.agentId}${extra}`

async function loginCode(sim: TestSim, userId: string): Promise<string> {
  const res = await sim.app.inject({ url: authorizeUrl(`&login_as=${userId}`) })
  expect(res.statusCode).toBe(302)
  return new URL(res.headers.location as string).searchParams.get('code')!
}

describe('WeCom gettoken', () => {
  it('issues a new long random token on every call, each valid until it expires', async () => {
    const sim = testSim()
    const a = await getJson(sim, `/cgi-bin/gettoken?corpid=${w.corpId}&corpsecret=${w.secret}`)
    const b = await getJson(sim, `/cgi-bin/gettoken?corpid=${w.corpId}&corpsecret=${w.secret}`)
    expect(a).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 })
    expect(a.access_token.length).toBeGreaterThanOrEqual(40)
    expect(b.access_token).not.toBe(a.access_token)
    for (const t of [a.access_token, b.access_token]) {
      expect((await getJson(sim, `/cgi-bin/get_jsapi_ticket?access_token=${t}`)).errcode).toBe(0)
    }
  })

  it('refuses a wrong corpid or secret with WeCom codes', async () => {
    const sim = testSim()
    expect(await getJson(sim, `/cgi-bin/gettoken?corpid=wrong&corpsecret=${w.secret}`)).toEqual({
      errcode: 40013,
      errmsg: 'invalid corpid',
    })
    expect(await getJson(sim, `/cgi-bin/gettoken?corpid=${w.corpId}&corpsecret=wrong`)).toEqual({
      errcode: 40001,
      errmsg: 'invalid credential',
    })
    expect((await getJson(sim, `/cgi-bin/gettoken?corpid=${w.corpId}`)).errcode).toBe(41004)
  })

  it('lets tokens expire after tokenTtlSeconds on the injected clock', async () => {
    const sim = testSim({ tokenTtlSeconds: 60 })
    const t = await token(sim)
    sim.clock.t += 59_999
    expect((await getJson(sim, `/cgi-bin/get_jsapi_ticket?access_token=${t}`)).errcode).toBe(0)
    sim.clock.t += 1
    expect(await getJson(sim, `/cgi-bin/get_jsapi_ticket?access_token=${t}`)).toEqual({ errcode: 42001, errmsg: 'access_token expired' })
  })

  it('answers 40014 for an unknown token and 41001 for a missing one', async () => {
    const sim = testSim()
    expect(await getJson(sim, '/cgi-bin/externalcontact/get?access_token=nope&external_userid=x')).toEqual({
      errcode: 40014,
      errmsg: 'invalid access_token',
    })
    expect((await getJson(sim, '/cgi-bin/externalcontact/get?external_userid=x')).errcode).toBe(41001)
  })
})

describe('WeCom JS tickets', () => {
  it('issues corp and agent tickets and remembers each so a signature can be checked', async () => {
    const sim = testSim({ tokenTtlSeconds: 300 })
    const t = await token(sim)
    const corp = await getJson(sim, `/cgi-bin/get_jsapi_ticket?access_token=${t}`)
    const agent = await getJson(sim, `/cgi-bin/ticket/get?access_token=${t}&type=agent_config`)
    expect(corp).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 300 })
    expect(agent).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 300 })
    expect(sim.state.wecom.tickets).toEqual([
      { kind: 'corp', ticket: corp.ticket, expiresAt: sim.clock.t + 300_000, revoked: false },
      { kind: 'agent', ticket: agent.ticket, expiresAt: sim.clock.t + 300_000, revoked: false },
    ])
    // What a test of the proxy's signer does with a remembered ticket.
    const ticket = sim.state.wecom.tickets.find((x) => x.kind === 'agent')!.ticket
    const sig = createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=n&timestamp=1&url=https://a.test/`).digest('hex')
    expect(sig).toMatch(/^[0-9a-f]{40}$/)
  })

  it('needs type=agent_config for the agent ticket', async () => {
    const sim = testSim()
    expect((await getJson(sim, `/cgi-bin/ticket/get?access_token=${await token(sim)}`)).errcode).toBe(40097)
  })
})

describe('WeCom OAuth', () => {
  it('shows a self-contained zh-CN page listing the demo staff with login_as links', async () => {
    const sim = testSim()
    const res = await sim.app.inject({ url: authorizeUrl() })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    expect(res.body).toContain('<html lang="zh-CN">')
    expect(res.body).toContain('企业微信登录（模拟）')
    expect(res.body).toContain('name="viewport"')
    expect(res.body).not.toMatch(/<script|<link|src="http/)
    for (const id of ['zhangwei', 'lina', 'wangfang', 'liuyang']) expect(res.body).toContain(`login_as=${id}"`)
    expect(res.body).toContain('state=st-42&amp;agentid=')
  })

  it('redirects with code and state appended to the redirect_uri, keeping its query', async () => {
    const sim = testSim()
    const res = await sim.app.inject({ url: authorizeUrl('&login_as=lina') })
    expect(res.statusCode).toBe(302)
    const location = res.headers.location as string
    expect(location).toMatch(/^https:\/\/sidebar\.test\/api\/auth\/callback\?next=%2Fsend&code=[A-Za-z0-9]+&state=st-42$/)
  })

  it('refuses a wrong appid, agentid, unknown staff or missing redirect_uri with an HTML error page', async () => {
    const sim = testSim()
    const bad = [
      authorizeUrl().replace(`appid=${w.corpId}`, 'appid=wwother'),
      authorizeUrl().replace(`agentid=${w.agentId}`, 'agentid=999'),
      authorizeUrl('&login_as=nobody'),
      `/connect/oauth2/authorize?appid=${w.corpId}&response_type=code&scope=snsapi_base`,
    ]
    for (const url of bad) {
      const res = await sim.app.inject({ url })
      expect(res.statusCode, url).toBe(400)
      expect(res.body).toContain('参数错误')
    }
  })

  it('exchanges a code once for the userid; a used, unknown or expired code is 40029', async () => {
    const sim = testSim()
    const t = await token(sim)
    const code = await loginCode(sim, 'zhangwei')
    expect(await getJson(sim, `/cgi-bin/auth/getuserinfo?access_token=${t}&code=${code}`)).toEqual({
      errcode: 0,
      errmsg: 'ok',
      userid: 'zhangwei',
    })
    expect(await getJson(sim, `/cgi-bin/auth/getuserinfo?access_token=${t}&code=${code}`)).toEqual({
      errcode: 40029,
      errmsg: 'invalid code',
    })
    expect((await getJson(sim, `/cgi-bin/auth/getuserinfo?access_token=${t}&code=madeup`)).errcode).toBe(40029)

    const late = await loginCode(sim, 'lina')
    sim.clock.t += 5 * 60_000
    expect((await getJson(sim, `/cgi-bin/auth/getuserinfo?access_token=${t}&code=${late}`)).errcode).toBe(40029)
    const inTime = await loginCode(sim, 'lina')
    sim.clock.t += 5 * 60_000 - 1
    expect((await getJson(sim, `/cgi-bin/auth/getuserinfo?access_token=${t}&code=${inTime}`)).userid).toBe('lina')
  })
})

const qrLoginUrl = (params: Record<string, string> = {}, redirect = 'https://sidebar.test/api/auth/callback') =>
  `/wwlogin/sso/login?${new URLSearchParams({ login_type: 'CorpApp', appid: w.corpId, agentid: w.agentId, redirect_uri: redirect, state: 'qr-7', ...params })}`

describe('WeCom QR-code sign-in (企业微信扫码登录)', () => {
  it('shows a QR code and the demo staff with login_as links, self-contained', async () => {
    const sim = testSim()
    const res = await sim.app.inject({ url: qrLoginUrl() })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<h1>企业微信扫码登录（模拟）</h1>')
    expect(res.body).toMatch(/<svg viewBox="0 0 25 25" role="img" aria-label="登录二维码（模拟）"/)
    expect(res.body).not.toMatch(/<script|<link|src="http/)
    for (const id of ['zhangwei', 'lina']) expect(res.body).toMatch(new RegExp(`href="login\\?[^"]*login_as=${id}"`))
  })

  it('sends the browser back with a one-time code that auth/getuserinfo reads, and the state', async () => {
    const sim = testSim()
    const res = await sim.app.inject({ url: qrLoginUrl({ login_as: 'lina' }) })
    expect(res.statusCode).toBe(302)
    const back = new URL(res.headers.location as string)
    expect(`${back.origin}${back.pathname}`).toBe('https://sidebar.test/api/auth/callback')
    expect(back.searchParams.get('state')).toBe('qr-7')
    const t = await token(sim)
    const url = `/cgi-bin/auth/getuserinfo?access_token=${t}&code=${back.searchParams.get('code')}`
    expect(await getJson(sim, url)).toEqual({ errcode: 0, errmsg: 'ok', userid: 'lina' })
    expect((await getJson(sim, url)).errcode).toBe(40029)
  })

  it('refuses another login_type, appid or agentid, no agentid, and a redirect outside the registered domain', async () => {
    const sim = testSim({ trustedOrigin: 'https://sidebar.test' })
    const bad = [
      qrLoginUrl({ login_type: 'ServiceApp' }),
      qrLoginUrl({ appid: 'wwother' }),
      qrLoginUrl({ agentid: '999' }),
      qrLoginUrl().replace(/&agentid=\d+/, ''),
      qrLoginUrl({}, 'https://evil.test/collect'),
      qrLoginUrl({ login_as: 'nobody' }),
    ]
    for (const url of bad) {
      const res = await sim.app.inject({ url })
      expect(res.statusCode, url).toBe(400)
      expect(res.body).toContain('参数错误')
    }
    expect((await sim.app.inject({ url: qrLoginUrl() })).statusCode).toBe(200)
  })
})

describe('WeCom user/get and department/list', () => {
  it('names every demo staff member with their department, in WeCom field names; an unknown userid is 60111', async () => {
    const sim = testSim()
    const access = await token(sim)
    for (const s of demoStaff) {
      const body = await getJson(sim, `/cgi-bin/user/get?access_token=${access}&userid=${s.userId}`)
      expect(body).toMatchObject({ errcode: 0, errmsg: 'ok', userid: s.userId, name: s.name, department: [s.departmentId] })
      expect(body.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/)
    }
    expect(await getJson(sim, `/cgi-bin/user/get?access_token=${access}&userid=nobody`)).toEqual({
      errcode: 60111,
      errmsg: 'userid not found',
    })
    expect((await getJson(sim, '/cgi-bin/user/get?access_token=bad&userid=lina')).errcode).toBe(40014)
  })

  it('lists the departments with names, the whole tree or one department and its children; an unknown id is 60123', async () => {
    const sim = testSim()
    const access = await token(sim)
    const all = await getJson(sim, `/cgi-bin/department/list?access_token=${access}`)
    expect(all.department.map((d: { id: number; name: string }) => [d.id, d.name])).toEqual([
      [1, '星禾智能家居'],
      [2, '销售部'],
      [3, '客服中心'],
      [5, '华东大区'],
    ])
    expect((await getJson(sim, `/cgi-bin/department/list?access_token=${access}&id=2`)).department).toEqual([
      expect.objectContaining({ id: 2, name: '销售部', parentid: 1 }),
    ])
    expect((await getJson(sim, `/cgi-bin/department/list?access_token=${access}&id=9`)).errcode).toBe(60123)
  })
})

describe('WeCom externalcontact/get', () => {
  it('answers the customer and every follower in WeCom field names, with an absolute avatar URL', async () => {
    const sim = testSim()
    const c = demoContacts.find((x) => x.type === 2)!
    const body = await getJson(sim, `/cgi-bin/externalcontact/get?access_token=${await token(sim)}&external_userid=${c.externalUserId}`)
    expect(body.errcode).toBe(0)
    expect(body.errmsg).toBe('ok')
    expect(body.external_contact).toMatchObject({
      external_userid: c.externalUserId,
      name: c.name,
      type: 2,
      gender: c.gender,
      corp_name: c.corpName,
      corp_full_name: c.corpFullName,
    })
    expect(body.external_contact.avatar).toBe(`http://localhost:80/sim-assets/avatar/${c.externalUserId}.svg`)
    expect(body.follow_user).toHaveLength(c.follows.length)
    for (const f of body.follow_user) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining(['userid', 'remark', 'description', 'createtime', 'tags', 'remark_mobiles', 'add_way', 'oper_userid']),
      )
      expect(f.createtime).toBeLessThan(2_000_000_000)
      for (const tag of f.tags) expect(Object.keys(tag).sort()).toEqual(['group_name', 'tag_id', 'tag_name', 'type'])
    }
  })

  it('builds avatar URLs from publicUrl when the simulator is reached through another origin', async () => {
    const sim = testSim({ publicUrl: 'https://sidebar.test/sim/' })
    const c = demoContacts[0]!
    const body = await getJson(sim, `/cgi-bin/externalcontact/get?access_token=${await token(sim)}&external_userid=${c.externalUserId}`)
    expect(body.external_contact.avatar).toBe(`https://sidebar.test/sim/sim-assets/avatar/${c.externalUserId}.svg`)
  })

  it('answers 84061 for someone who is not an external contact', async () => {
    const sim = testSim()
    expect(await getJson(sim, `/cgi-bin/externalcontact/get?access_token=${await token(sim)}&external_userid=wmNotACustomer`)).toEqual({
      errcode: 84061,
      errmsg: 'not external contact',
    })
  })

  it('serves the avatar as a small SVG with the first character of the name', async () => {
    const sim = testSim()
    const c = demoContacts[0]!
    const res = await sim.app.inject({ url: c.avatarPath })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/)
    expect(res.body).toContain(`>${Array.from(c.name)[0]}</text>`)
    expect((await sim.app.inject({ url: '/sim-assets/avatar/nobody.svg' })).statusCode).toBe(404)
    expect(sim.state.requests).toHaveLength(0)
  })
})

describe('WeCom externalcontact/groupchat/get', () => {
  const post = async (sim: TestSim, body: unknown, accessToken?: string) => {
    const res = await sim.app.inject({
      method: 'POST',
      url: `/cgi-bin/externalcontact/groupchat/get?access_token=${accessToken ?? (await token(sim))}`,
      headers: { 'content-type': 'application/json' },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    })
    expect(res.statusCode).toBe(200)
    return res.json()
  }

  it('answers the group in WeCom field names: members with type, join data, invitor object and names when asked', async () => {
    const sim = testSim()
    const g = demoGroups.find((x) => x.chatId === demoGroupIds.lockVip)!
    const a = await post(sim, { chat_id: g.chatId, need_name: 1 })
    expect(a).toMatchObject({ errcode: 0, errmsg: 'ok' })
    expect(Object.keys(a.group_chat).sort()).toEqual([
      'admin_list',
      'chat_id',
      'create_time',
      'member_list',
      'member_version',
      'name',
      'notice',
      'owner',
    ])
    expect(a.group_chat).toMatchObject({ chat_id: g.chatId, name: g.name, owner: 'zhangwei', create_time: g.createTime, notice: g.notice })
    expect(a.group_chat.admin_list).toEqual(g.admins.map((userid) => ({ userid })))
    expect(a.group_chat.member_version).toMatch(/^[0-9a-f]{32}$/)
    const members = a.group_chat.member_list as Array<Record<string, unknown>>
    expect(members).toHaveLength(g.members.length)
    expect(members[0]).toEqual({ userid: 'zhangwei', type: 1, join_time: g.createTime, join_scene: 1, group_nickname: '', name: '张伟' })
    for (const m of members) {
      const demo = m.type === 1 ? demoStaff.find((x) => x.userId === m.userid) : demoContacts.find((x) => x.externalUserId === m.userid)
      expect(demo, String(m.userid)).toBeDefined()
      expect(m.name).toBe(demo!.name)
      if (m.invitor !== undefined) expect(m.invitor).toEqual({ userid: expect.any(String) })
      if (m.join_scene === 3) expect(m.invitor).toBeUndefined()
      if ('unionid' in m) expect(m.type).toBe(2)
    }
    expect(members.some((m) => m.type === 2 && typeof m.unionid === 'string')).toBe(true)
  })

  it('leaves member names out without need_name=1', async () => {
    const sim = testSim()
    const a = await post(sim, { chat_id: demoGroupIds.showroom })
    expect(a.group_chat.member_list.every((m: Record<string, unknown>) => !('name' in m))).toBe(true)
  })

  it('answers 40050 for an unknown chat, 40058 without chat_id, 47001 for a broken body and token errors first', async () => {
    const sim = testSim()
    expect(await post(sim, { chat_id: 'wrNoSuchChat', need_name: 1 })).toEqual({ errcode: 40050, errmsg: 'invalid chatid' })
    expect((await post(sim, { need_name: 1 })).errcode).toBe(40058)
    expect((await post(sim, '{"chat_id":')).errcode).toBe(47001)
    expect((await post(sim, { chat_id: demoGroupIds.lockVip }, 'nope')).errcode).toBe(40014)
  })
})

describe('WeCom media/upload', () => {
  const MB = 1024 * 1024
  async function upload(sim: TestSim, type: string, field: string, filename: string, size: number) {
    const t = await token(sim)
    const { payload, headers } = multipartBody(field, filename, Buffer.alloc(size, 7))
    const res = await sim.app.inject({ method: 'POST', url: `/cgi-bin/media/upload?access_token=${t}&type=${type}`, payload, headers })
    expect(res.statusCode).toBe(200)
    return res.json()
  }

  it('accepts an image, a video and a file and records the media ids', async () => {
    const sim = testSim()
    const image = await upload(sim, 'image', 'media', 'poster.png', 2048)
    expect(image).toEqual({
      errcode: 0,
      errmsg: '',
      type: 'image',
      media_id: expect.stringMatching(/^[A-Za-z0-9]{64}$/),
      created_at: String(Math.floor(sim.clock.t / 1000)),
    })
    expect((await upload(sim, 'video', 'media', 'intro.mp4', 4096)).type).toBe('video')
    expect((await upload(sim, 'file', 'media', '报价单.pdf', 19 * MB)).type).toBe('file')
    expect(sim.state.wecom.media.map((m) => m.type)).toEqual(['image', 'video', 'file'])
    expect(sim.state.wecom.media[0]).toMatchObject({ mediaId: image.media_id, filename: 'poster.png', size: 2048 })
    const recorded = sim.state.requests.filter((r) => r.path === '/cgi-bin/media/upload')[0]!
    expect(recorded.body).toEqual({ media: { filename: 'poster.png', mimetype: 'application/octet-stream', size: 2048, truncated: false } })
  })

  it('enforces sizes (40006), formats and types (40004) and the media field (44001)', async () => {
    const sim = testSim()
    expect((await upload(sim, 'image', 'media', 'big.jpg', 10 * MB + 1)).errcode).toBe(40006)
    expect((await upload(sim, 'video', 'media', 'big.mp4', 10 * MB + 1)).errcode).toBe(40006)
    expect((await upload(sim, 'file', 'media', 'huge.zip', 20 * MB + 10)).errcode).toBe(40006)
    expect((await upload(sim, 'image', 'media', 'tiny.png', 5)).errcode).toBe(40006)
    expect(await upload(sim, 'image', 'media', 'photo.gif', 100)).toEqual({ errcode: 40004, errmsg: 'invalid media type' })
    expect((await upload(sim, 'video', 'media', 'clip.mov', 100)).errcode).toBe(40004)
    expect((await upload(sim, 'voice', 'media', 'a.amr', 100)).errcode).toBe(40004)
    expect((await upload(sim, 'image', 'file', 'a.png', 100)).errcode).toBe(44001)
    expect(sim.state.wecom.media).toHaveLength(0)
  })
})
