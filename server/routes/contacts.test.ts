import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Contact, ContactLinksResult } from '../../contracts/contacts.js'
import { demo } from '../../test/helpers/demo.js'
import { startTestApp, type TestApp } from '../../test/helpers/app.js'

let t: TestApp
let admin: string
let staff: string
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.login('zhangwei')
  staff = await t.login('lina')
})
afterAll(() => t.close())

const get = (id: string, cookie = admin) => t.app.inject({ url: `/api/contacts/${id}`, headers: { cookie } })

describe('GET /api/contacts/:externalUserId', () => {
  it("answers the customer in product words, with the session user's remark and tags", async () => {
    const c = demo.linked
    const res = await get(c.externalUserId)
    expect(res.statusCode).toBe(200)
    const contact = Contact.parse(res.json())
    const follow = c.follows.find((f) => f.userId === 'zhangwei')!
    expect(contact).toMatchObject({
      externalUserId: c.externalUserId,
      name: c.name,
      kind: c.type === 2 ? 'wecom' : 'wechat',
      remark: follow.remark,
      description: follow.description,
      addedAt: new Date(follow.createtime * 1000).toISOString(),
      youmi: demo.youmiOf(c.externalUserId),
    })
    expect(contact.tags).toEqual(follow.tags.map((x) => ({ id: x.tag_id, group: x.group_name, name: x.tag_name })))
    expect(contact.avatar).toMatch(/^https?:\/\//)
    const unlinked = Contact.parse((await get(demo.unlinked.externalUserId)).json())
    expect(unlinked.youmi).toBeNull()
  })

  it("403 for another staff member's customer, 404 for no such customer, 400 for a malformed id", async () => {
    const other = await get(demo.notZhangweis.externalUserId)
    expect(other.statusCode).toBe(403)
    expect(other.json().code).toBe('NOT_YOUR_CONTACT')
    expect((await get(demo.notZhangweis.externalUserId, staff)).statusCode).toBe(200)
    const none = await get('wmDoesNotExist000000000000000000')
    expect(none.statusCode).toBe(404)
    expect(none.json().code).toBe('CONTACT_NOT_FOUND')
    const bad = await get('bad%20id')
    expect(bad.statusCode).toBe(400)
  })
})

describe('PUT /api/admin/contact-links', () => {
  const identity = {
    adWechatId: 50001,
    machineKey: 'abcd1234',
    machineName: 'P09',
    qvCompanyId: '',
    objectId: '3001',
    objectNickname: '新朋友',
    belongStaffCode: 'zhangwei',
  }

  it('imports JSON rows: adds, updates and refuses with a reason per row', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/contact-links',
      headers: { cookie: admin },
      payload: [
        { externalUserId: demo.unlinked.externalUserId, youmi: identity },
        { externalUserId: demo.linked.externalUserId, youmi: { ...identity, objectId: '3002' } },
        { externalUserId: 'wmX', youmi: { ...identity, adWechatId: 'not a number' } },
        { youmi: identity },
      ],
    })
    expect(res.statusCode).toBe(200)
    const r = ContactLinksResult.parse(res.json())
    expect(r.added).toBe(1)
    expect(r.updated).toBe(1)
    expect(r.refused.map((x) => [x.row, x.externalUserId])).toEqual([
      [3, 'wmX'],
      [4, null],
    ])
    expect(r.refused[0]!.reason).toContain('adWechatId')
    expect(Contact.parse((await get(demo.unlinked.externalUserId)).json()).youmi).toEqual(identity)
  })

  it('imports CSV with the documented header, quoted fields included', async () => {
    const csv = [
      'externalUserId,adWechatId,machineKey,machineName,qvCompanyId,objectId,objectNickname,belongStaffCode',
      `${demo.unlinked.externalUserId},50002,key2,P10,,4001,"张, 小明",zhangwei`,
      'wmBad,abc,key,P,,1,x,y',
    ].join('\r\n')
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/contact-links',
      headers: { cookie: admin, 'content-type': 'text/csv' },
      payload: csv,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ added: 0, updated: 1, refused: [{ row: 2, externalUserId: 'wmBad' }] })
    expect(Contact.parse((await get(demo.unlinked.externalUserId)).json()).youmi).toMatchObject({
      adWechatId: 50002,
      objectNickname: '张, 小明',
    })
    const wrongHeader = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/contact-links',
      headers: { cookie: admin, 'content-type': 'text/csv' },
      payload: 'a,b\n1,2',
    })
    expect(wrongHeader.statusCode).toBe(400)
    expect(wrongHeader.json().code).toBe('CSV_HEADER_INVALID')
  })

  it('is for admins only', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/admin/contact-links', headers: { cookie: staff }, payload: [] })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('ADMIN_ONLY')
  })
})
