import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import type { Content } from '../../contracts/content.js'
import { Material } from '../../contracts/materials.js'
import { AppError } from '../errors.js'
import { openStore, type Store } from '../store/db.js'
import { materials } from '../store/schema.js'
import { MaterialFileStore } from './material-files.js'
import { MaterialService, type MaterialFields } from './materials.js'

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(56, 1)])
const pdf = Buffer.from('%PDF-1.4\n%%EOF\n')

let store: Store
let files: MaterialFileStore
let service: MaterialService
let clock = Date.parse('2025-03-01T00:00:00Z')
beforeAll(async () => {
  store = await openStore({ kind: 'memory' })
  files = new MaterialFileStore({ db: store.db })
  service = new MaterialService(store.db, files, () => clock)
})
afterAll(async () => {
  await store?.close()
})
beforeEach(async () => {
  await store.db.delete(materials)
})

const fields = (title: string, content: Content, more: Partial<MaterialFields> = {}): MaterialFields => ({
  title,
  folder: '',
  tags: [],
  content,
  ...more,
})
const text = (t: string): Content => ({ type: 'text', text: t })
async function refusal(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return { status: (err as AppError).status, code: (err as AppError).code }
}
/** Creates in order, one minute apart (later is newer). */
async function seed(list: MaterialFields[]) {
  const out = []
  for (const f of list) {
    clock += 60_000
    out.push(await service.create('zhangwei', f))
  }
  return out
}

describe('writing materials', () => {
  it('creates, reads, replaces and deletes; what an admin does not edit stays', async () => {
    const created = await service.create(
      'zhangwei',
      fields('开场白', text('您好'), { folder: '常用话术', tags: ['问候', '问候', '新客户'] }),
    )
    expect(Material.parse(created)).toEqual({
      id: created.id,
      title: '开场白',
      folder: '常用话术',
      tags: ['问候', '新客户'],
      content: { type: 'text', text: '您好' },
      createdBy: 'zhangwei',
      createdAt: new Date(clock).toISOString(),
      updatedAt: new Date(clock).toISOString(),
      useCount: 0,
    })
    expect(await service.get(created.id)).toEqual(created)
    await service.countUse([created.id], [created.content])
    clock += 1000
    const replaced = await service.replace(
      created.id,
      fields('开场白（新）', { type: 'link', url: 'https://m.xinghe-home.example/a', title: '新品' }),
    )
    expect(replaced).toMatchObject({
      id: created.id,
      title: '开场白（新）',
      folder: '',
      tags: [],
      createdBy: 'zhangwei',
      createdAt: created.createdAt,
      useCount: 1,
    })
    expect(replaced.updatedAt).toBe(new Date(clock).toISOString())
    expect((await store.db.select().from(materials))[0]!.kind).toBe('link')
    await service.remove(created.id)
    expect(await refusal(service.get(created.id))).toEqual({ status: 404, code: 'MATERIAL_NOT_FOUND' })
    expect(await refusal(service.remove(created.id))).toEqual({ status: 404, code: 'MATERIAL_NOT_FOUND' })
    expect(await refusal(service.replace(created.id, fields('x', text('x'))))).toEqual({ status: 404, code: 'MATERIAL_NOT_FOUND' })
  })

  it('a library file must exist, fit the kind and be named for what it is; its size comes from the store', async () => {
    const image = await files.save(png, '门锁.png', 'zhangwei')
    const doc = await files.save(pdf, '价格表.pdf', 'zhangwei')
    const made = await service.create(
      'zhangwei',
      fields('门锁图', { type: 'image', file: { fileId: image.fileId, name: '门锁-正面.png', size: 1 } }),
    )
    expect(made.content).toEqual({ type: 'image', file: { fileId: image.fileId, name: '门锁-正面.png', size: png.length } })
    const missing = { fileId: '00000000-0000-4000-8000-000000000000', name: 'x.png' }
    expect(await refusal(service.create('zhangwei', fields('x', { type: 'image', file: missing })))).toEqual({
      status: 400,
      code: 'FILE_NOT_FOUND',
    })
    expect(await refusal(service.create('zhangwei', fields('x', { type: 'file', file: { ...missing, name: 'x.pdf' } })))).toEqual({
      status: 400,
      code: 'FILE_NOT_FOUND',
    })
    expect(
      await refusal(service.create('zhangwei', fields('x', { type: 'video', file: { fileId: image.fileId, name: 'x.mp4' } }))),
    ).toEqual({ status: 400, code: 'FILE_KIND_MISMATCH' })
    expect(await refusal(service.create('zhangwei', fields('x', { type: 'image', file: { fileId: doc.fileId, name: 'x.png' } })))).toEqual({
      status: 400,
      code: 'FILE_KIND_MISMATCH',
    })
    expect(
      await refusal(service.create('zhangwei', fields('x', { type: 'file', file: { fileId: doc.fileId, name: '价格表.docx' } }))),
    ).toEqual({ status: 400, code: 'FILE_NAME_MISMATCH' })
    expect(await refusal(service.replace(made.id, fields('x', { type: 'image', file: missing })))).toEqual({
      status: 400,
      code: 'FILE_NOT_FOUND',
    })
    // Any file is a file; a file by URL is not looked up.
    expect(
      (await service.create('zhangwei', fields('图也可以当文件', { type: 'file', file: { fileId: image.fileId, name: '门锁.png' } })))
        .content.type,
    ).toBe('file')
    expect(
      (
        await service.create(
          'zhangwei',
          fields('链接文件', { type: 'file', file: { url: 'https://cdn.example.com/a.pdf', name: 'a.pdf' } }),
        )
      ).content,
    ).toMatchObject({
      file: { url: 'https://cdn.example.com/a.pdf' },
    })
    expect(await store.db.select().from(materials)).toHaveLength(3)
  })
})

describe('use counts mean use', () => {
  it('counts a listed material only when the send carried its content', async () => {
    const invite: Content = {
      type: 'groupShare',
      roomId: '46218981780@chatroom',
      roomName: '8.22群共享',
      flag: 'flag:000022',
      msgType: '6',
      wechatId: 3430,
      wechatLei: 0,
    }
    const [group, greeting] = await seed([fields('群邀请', invite), fields('问候', text('您好'))])
    // Five unrelated text sends that list the invitation: no use.
    for (let i = 0; i < 5; i++) await service.countUse([group!.id], [text(`无关的文字 ${i}`)])
    // Edited after it was picked: not the material's content any more.
    await service.countUse([greeting!.id], [text('您好！')])
    expect((await service.get(group!.id)).useCount).toBe(0)
    expect((await service.get(greeting!.id)).useCount).toBe(0)
    // The invitation itself (keys in another order), beside a text: one use of it, none of the greeting.
    const { wechatLei, ...rest } = invite as Extract<Content, { type: 'groupShare' }>
    const reordered = { wechatLei, ...rest } as Content
    await service.countUse([group!.id, greeting!.id], [text('先看看'), reordered])
    expect((await service.get(group!.id)).useCount).toBe(1)
    expect((await service.get(greeting!.id)).useCount).toBe(0)
  })

  it('a library file counts with or without its size, and not as another file', async () => {
    const file = { fileId: '6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f', name: '价目表.pdf', size: 1234 }
    const [m] = await seed([fields('价目表', { type: 'text', text: 'x' })])
    await store.db
      .update(materials)
      .set({ kind: 'file', content: { type: 'file', file } })
      .where(eq(materials.id, m!.id))
    await service.countUse([m!.id], [{ type: 'file', file: { fileId: file.fileId, name: file.name } }])
    await service.countUse([m!.id], [{ type: 'file', file: { ...file, fileId: '00000000-0000-4000-8000-000000000009' } }])
    expect((await service.get(m!.id)).useCount).toBe(1)
  })
})

describe('listing', () => {
  it('most used first, then newest; every folder listed whatever the filter, counted by the search, 未分类 last', async () => {
    const [a, b, c, d] = await seed([
      fields('门锁图', text('a'), { folder: '产品图片' }),
      fields('价格表', text('b'), { folder: '价格政策' }),
      fields('问候', text('c')),
      fields('活动', text('d'), { folder: '产品图片' }),
    ])
    await service.countUse([b!.id, b!.id, c!.id, 'not-a-material', '00000000-0000-4000-8000-000000000000'], [text('b'), text('c')])
    await service.countUse([b!.id], [text('b')])
    await service.countUse([], [text('a')])
    const all = await service.list()
    expect(all.items.map((m) => [m.title, m.useCount])).toEqual([
      ['价格表', 2],
      ['问候', 1],
      ['活动', 0],
      ['门锁图', 0],
    ])
    const folders = [
      { name: '产品图片', count: 2 },
      { name: '价格政策', count: 1 },
      { name: '', count: 1 },
    ]
    expect(all.folders).toEqual(folders)
    expect(await service.list({ folder: '产品图片' })).toEqual({ items: [d, a], folders })
    expect((await service.list({ folder: '' })).items.map((m) => m.id)).toEqual([c!.id])
    expect((await service.list({ folder: '没有' })).items).toEqual([])
    // The chips' counts follow the search (a folder without a match stays listed at 0), not the folder chosen.
    expect((await service.list({ q: '价格' })).folders).toEqual([
      { name: '产品图片', count: 0 },
      { name: '价格政策', count: 1 },
      { name: '', count: 0 },
    ])
    expect((await service.list({ q: '价格', folder: '产品图片' })).folders).toEqual((await service.list({ q: '价格' })).folders)
  })

  it('q finds words in the title, tags, folder and content, ignoring case; % and _ are plain characters', async () => {
    const image = await files.save(png, 'X1门锁实拍.png', 'zhangwei')
    const [t1, t2, l1, l2, m1, g1, f1] = await seed([
      fields('Opening', text('您好，我是星禾的顾问'), { tags: ['问候'] }),
      fields('折扣', text('满 1000 立减 100，限时 8_折 优惠'), { folder: '活动' }),
      fields('链接一', { type: 'link', url: 'https://m.xinghe-home.example/1', title: '双十一焕新季', description: '门锁立减 300' }),
      fields('链接二', { type: 'link', url: 'https://m.xinghe-home.example/2', title: 'Spring Sale' }),
      fields('小程序', {
        type: 'miniprogram',
        appId: 'wx8bd80126147dfa6e',
        title: '星禾商城',
        page: 'pages/index/index.html',
        thumbUrl: 'https://m.xinghe-home.example/t.png',
      }),
      fields('进群', {
        type: 'groupShare',
        roomId: '46218981780@chatroom',
        roomName: '滨江样板间体验群',
        flag: 'flag:000022',
        msgType: '6',
        wechatId: 45292,
        wechatLei: 0,
      }),
      fields('产品图', { type: 'image', file: { fileId: image.fileId, name: 'X1门锁实拍.png' } }, { tags: ['Lock'] }),
    ])
    const ids = async (q: string, kind?: Content['type']) => new Set((await service.list({ q, kind })).items.map((m) => m.id))
    expect(await ids('opening')).toEqual(new Set([t1!.id]))
    expect(await ids('顾问')).toEqual(new Set([t1!.id]))
    expect(await ids('问候')).toEqual(new Set([t1!.id]))
    expect(await ids('活动')).toEqual(new Set([t2!.id]))
    expect(await ids('8_折')).toEqual(new Set([t2!.id]))
    expect(await ids('_')).toEqual(new Set([t2!.id]))
    expect(await ids('%')).toEqual(new Set())
    expect(await ids('门锁')).toEqual(new Set([l1!.id, f1!.id]))
    expect(await ids('SPRING')).toEqual(new Set([l2!.id]))
    expect(await ids('商城')).toEqual(new Set([m1!.id]))
    expect(await ids('样板间')).toEqual(new Set([g1!.id]))
    expect(await ids('lock')).toEqual(new Set([f1!.id]))
    expect(await ids('x1门锁')).toEqual(new Set([f1!.id]))
    expect(await ids('门锁', 'image')).toEqual(new Set([f1!.id]))
    expect(await ids('门锁', 'video')).toEqual(new Set())
    expect((await service.list({ kind: 'link' })).items.map((m) => m.id).sort()).toEqual([l1!.id, l2!.id].sort())
  })
})
