/**
 * A deleted material's file is deleted too (issue 12, item 8): `/files/<id>/…` answers 404 once no material refers to
 * it and no Youmi send yet to run names it; admins list and remove the orphans (an abandoned upload, a file a send
 * kept). How long a file lives: server/services/file-retention.ts and docs/security.md.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../../contracts/errors.js'
import { Material, OrphanFileList, StoredFile, materialFilePath } from '../../contracts/materials.js'
import { demo } from '../../test/helpers/demo.js'
import { startTestApp, type TestApp } from '../../test/helpers/app.js'
import { multipartBody } from '../sim/testing.js'
import { UPLOAD_GRACE_MS, YOUMI_DOWNLOAD_GRACE_MS } from '../services/file-retention.js'

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32), Buffer.from('\n%%EOF\n')])
const dir = mkdtempSync(join(tmpdir(), 'file-retention-'))
let t: TestApp
let admin: string
let clock = Date.now()
let n = 0

beforeAll(async () => {
  // On disk, as deployed: the test also sees the bytes go.
  t = await startTestApp({ now: () => clock, config: { media: { allowedHosts: [], fileDir: dir } } })
  admin = await t.login('zhangwei')
})
afterAll(async () => {
  await t?.close()
  rmSync(dir, { recursive: true, force: true })
})

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie: admin }, ...(payload === undefined ? {} : { payload: payload as object }) })
async function upload(name: string): Promise<StoredFile> {
  // Distinct bytes each time: the same bytes would still be distinct files, but this keeps the test plain.
  const body = multipartBody('file', name, Buffer.concat([PDF, Buffer.from(`${n++}`)]))
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/material-files',
    headers: { cookie: admin, ...body.headers },
    payload: body.payload,
  })
  expect(res.statusCode, res.body).toBe(201)
  return StoredFile.parse(res.json())
}
async function material(file: StoredFile, title = '价目表'): Promise<Material> {
  const res = await call('POST', '/api/materials', { title, content: { type: 'file', file: { fileId: file.fileId, name: file.name } } })
  expect(res.statusCode, res.body).toBe(201)
  return Material.parse(res.json())
}
const served = async (f: StoredFile) => (await t.app.inject(materialFilePath(f.fileId, f.name))).statusCode
const onDisk = (f: StoredFile) => readdirSync(dir).includes(f.fileId)
const orphans = async () => OrphanFileList.parse((await call('GET', '/api/admin/orphan-files')).json()).items.map((o) => o.fileId)

describe('a file lives as long as something uses it', () => {
  it('deleting the last material that names a file deletes the file: 404, bytes gone', async () => {
    const file = await upload('旧价目表.pdf')
    const a = await material(file)
    const b = await material(file, '价目表（副本）')
    expect(await served(file)).toBe(200)
    expect((await call('DELETE', `/api/materials/${a.id}`)).statusCode).toBe(204)
    // Another material still names it.
    expect(await served(file)).toBe(200)
    expect((await call('DELETE', `/api/materials/${b.id}`)).statusCode).toBe(204)
    expect(await served(file)).toBe(404)
    expect(onDisk(file)).toBe(false)
  })

  it('a material changed to another file lets the old one go', async () => {
    const [old, next] = [await upload('一版.pdf'), await upload('二版.pdf')]
    const m = await material(old)
    const res = await call('PUT', `/api/materials/${m.id}`, {
      title: m.title,
      content: { type: 'file', file: { fileId: next.fileId, name: next.name } },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(await served(old)).toBe(404)
    expect(await served(next)).toBe(200)
  })

  it('a scheduled Youmi send keeps its file until it has run; then the file is an orphan an admin removes', async () => {
    const file = await upload('活动细则.pdf')
    const m = await material(file)
    const startAt = clock + 2 * 3600_000
    const send = await call('POST', '/api/sends', {
      idempotencyKey: `retention-${Date.now()}`,
      channel: 'rpa',
      contact: { externalUserId: demo.linked.externalUserId },
      content: [m.content],
      materialIds: [m.id],
      scheduleAt: new Date(startAt).toISOString(),
    })
    expect(send.statusCode, send.body).toBe(201)
    expect((await call('DELETE', `/api/materials/${m.id}`)).statusCode).toBe(204)
    // Youmi's RPA account downloads it at the start time: it stays, and is no orphan yet.
    expect(await served(file)).toBe(200)
    clock += UPLOAD_GRACE_MS + 1000
    expect(await orphans()).not.toContain(file.fileId)
    const inUse = await call('DELETE', `/api/admin/orphan-files/${file.fileId}`)
    expect({ status: inUse.statusCode, code: ApiError.parse(inUse.json()).code }).toEqual({ status: 409, code: 'FILE_IN_USE' })
    expect(await served(file)).toBe(200)

    // The send ran a day ago: nothing needs the file any more.
    clock = startAt + YOUMI_DOWNLOAD_GRACE_MS + 1000
    admin = await t.login('zhangwei')
    expect(await orphans()).toContain(file.fileId)
    expect((await call('DELETE', `/api/admin/orphan-files/${file.fileId}`)).statusCode).toBe(204)
    expect(await served(file)).toBe(404)
    expect(onDisk(file)).toBe(false)
    expect(await orphans()).not.toContain(file.fileId)
    const again = await call('DELETE', `/api/admin/orphan-files/${file.fileId}`)
    expect(again.statusCode).toBe(404)
  })

  it('an upload no material took is an orphan after an hour, not before; a file a material names never is', async () => {
    const abandoned = await upload('草稿.pdf')
    const kept = await upload('在用.pdf')
    await material(kept)
    expect(await orphans()).not.toContain(abandoned.fileId)
    clock += UPLOAD_GRACE_MS + 1000
    admin = await t.login('zhangwei')
    const list = await orphans()
    expect(list).toContain(abandoned.fileId)
    expect(list).not.toContain(kept.fileId)
    const refused = await call('DELETE', `/api/admin/orphan-files/${kept.fileId}`)
    expect(refused.statusCode).toBe(409)
    expect(await served(kept)).toBe(200)
    // The demo library's files are all in use.
    const demoFiles = (await call('GET', '/api/materials'))
      .json()
      .items.flatMap((m: Material) => ('file' in m.content ? [m.content.file.fileId] : []))
    expect(demoFiles.length).toBeGreaterThan(0)
    for (const id of demoFiles) expect(list).not.toContain(id)
  })
})
