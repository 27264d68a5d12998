import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Playground } from '../../contracts/demo.js'
import { buildDemoApp, startTestApp, testConfig, type TestApp } from '../../test/helpers/app.js'
import { avatarSvg } from '../sim/avatars.js'
import { demoContactChats, demoGroupChats } from '../sim/demo-chats.js'
import { demoContacts, demoGroupIds, demoGroups } from '../sim/demo-data.js'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const playground = async (userId: string) => {
  const res = await t.app.inject({ url: '/api/demo/playground', headers: { cookie: await t.login(userId) } })
  expect(res.statusCode).toBe(200)
  return Playground.parse(res.json())
}
const followedBy = (userId: string) => demoContacts.filter((c) => c.follows.some((f) => f.userId === userId))

describe('GET /api/demo/playground (WeCom simulated)', () => {
  it('gives zhangwei his customers in the demo order, named by his remark, with chats and their avatars inline', async () => {
    const p = await playground('zhangwei')
    expect(p.contacts.map((c) => c.externalUserId)).toEqual(followedBy('zhangwei').map((c) => c.externalUserId))
    const first = demoContacts[0]!
    expect(p.contacts[0]).toEqual({
      externalUserId: first.externalUserId,
      name: first.follows.find((f) => f.userId === 'zhangwei')!.remark,
      avatar: `data:image/svg+xml,${encodeURIComponent(avatarSvg(first.externalUserId, first.name, 40))}`,
      preview: demoContactChats[first.externalUserId]!.at(-1)!.text,
      messages: demoContactChats[first.externalUserId]!.map((l) => ({ from: l.from, text: l.text })),
    })
    for (const c of p.contacts) {
      expect(c.messages.length).toBeGreaterThanOrEqual(3)
      expect(c.preview).toBe(c.messages.at(-1)!.text)
    }
    // The simulator's picture of that customer (the one the sidebar's card fetches), only sized for the list.
    const second = p.contacts[1]!
    const served = await t.app.inject({ url: `/sim/sim-assets/avatar/${second.externalUserId}.svg` })
    expect(served.statusCode).toBe(200)
    const inline = decodeURIComponent(second.avatar.replace(/^data:image\/svg\+xml,/, ''))
    expect(inline).toBe(served.body.replace('width="96" height="96"', 'width="40" height="40"'))
  })

  it('gives zhangwei the groups he owns or is in, with member counts and named lines', async () => {
    const p = await playground('zhangwei')
    expect(p.groups.map((g) => g.chatId)).toEqual([demoGroupIds.lockVip, demoGroupIds.showroom])
    const lock = demoGroups.find((g) => g.chatId === demoGroupIds.lockVip)!
    const last = demoGroupChats[lock.chatId]!.at(-1)!
    expect(p.groups[0]).toMatchObject({ name: lock.name, memberCount: lock.members.length, preview: `${last.name}：${last.text}` })
    // Lines by others carry their name; zhangwei's own lines carry none, so the playground draws them as his.
    const raw = demoGroupChats[demoGroupIds.showroom]!
    const shown = p.groups[1]!.messages
    expect(raw.some((l) => l.name === '张伟')).toBe(true)
    raw.forEach((l, i) => expect(shown[i]!.name).toBe(l.name === '张伟' ? undefined : l.name))
  })

  it('gives lina her own customers and groups, and a stable answer', async () => {
    const p = await playground('lina')
    expect(p.contacts.map((c) => c.externalUserId)).toEqual(followedBy('lina').map((c) => c.externalUserId))
    expect(p.contacts.some((c) => c.name === '何雨桐-扫地机')).toBe(true)
    expect(p.groups.map((g) => g.chatId)).toEqual([demoGroupIds.showroom, demoGroupIds.owners])
    expect(await playground('lina')).toEqual(p)
  })

  it('needs a session', async () => {
    const res = await t.app.inject({ url: '/api/demo/playground' })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('NO_SESSION')
  })
})

describe('GET /api/demo/playground (WeCom real)', () => {
  it('does not exist', async () => {
    const base = testConfig('http://127.0.0.1:9')
    const app = await buildDemoApp(
      { ...base, vendors: { ...base.vendors, wecom: { ...base.vendors.wecom, simulated: false } } },
      { logger: false },
    )
    try {
      const res = await app.inject({ url: '/api/demo/playground' })
      expect(res.statusCode).toBe(404)
      expect(res.json().code).toBe('NOT_FOUND')
    } finally {
      await app.close()
    }
  })
})
