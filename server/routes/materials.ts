import multipart, { type MultipartFile } from '@fastify/multipart'
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { MEDIA_LIMITS } from '../../contracts/content.js'
import {
  FileParams,
  ListMaterialsQuery,
  Material,
  MaterialInput,
  MaterialList,
  MaterialParams,
  OrphanFileList,
  StoredFile,
} from '../../contracts/materials.js'
import { AppError, badRequest, notFound } from '../errors.js'
import { fileTooLarge } from '../services/material-files.js'
import { sessionUser, type App, type Services } from './context.js'
import { adminScope } from './scopes.js'

/** Signed in: the materials library; admins change it and upload its files. */
export async function materialRoutes(scope: App, s: Services): Promise<void> {
  scope.get('/api/materials', { schema: { querystring: ListMaterialsQuery, response: { 200: MaterialList } } }, async (request) => {
    const list = await s.materials.list(request.query)
    return { ...list, names: await s.directory.names({ staff: list.items.map((m) => m.createdBy) }) }
  })

  scope.get('/api/materials/:id', { schema: { params: MaterialParams, response: { 200: Material } } }, async (request) =>
    s.materials.get(request.params.id),
  )

  await adminScope(scope, s.signIn, async (admin) => {
    admin.post('/api/materials', { schema: { body: MaterialInput, response: { 201: Material } } }, async (request, reply) =>
      reply.code(201).send(await s.materials.create(sessionUser(request).userId, request.body)),
    )

    admin.put(
      '/api/materials/:id',
      { schema: { params: MaterialParams, body: MaterialInput, response: { 200: Material } } },
      async (request) => s.materials.replace(request.params.id, request.body),
    )

    admin.delete('/api/materials/:id', { schema: { params: MaterialParams } }, async (request, reply) => {
      await s.materials.remove(request.params.id)
      return reply.code(204).send()
    })

    // Files no material refers to and no waiting send names: kept until an admin removes them.
    admin.get('/api/admin/orphan-files', { schema: { response: { 200: OrphanFileList } } }, async () => ({
      items: await s.fileRetention.orphans(),
    }))

    admin.delete('/api/admin/orphan-files/:fileId', { schema: { params: FileParams } }, async (request, reply) => {
      await s.fileRetention.removeOrphan(request.params.fileId)
      return reply.code(204).send()
    })

    // Multipart is parsed for this one route only (server/security.ts lets exactly this route take it).
    await admin.register(async (upload) => {
      await upload.register(multipart, {
        // Busboy stops handing over a file's bytes at the limit and marks it truncated: `capped` turns that into a 413.
        throwFileSizeLimit: false,
        limits: { fileSize: MEDIA_LIMITS.file, files: 1, fields: 4, parts: 5, fieldSize: 1024, headerPairs: 32 },
      })
      upload.post('/api/material-files', { schema: { response: { 201: StoredFile } } }, async (request, reply) => {
        const part = await firstFile(request)
        try {
          return reply.code(201).send(await s.materialFiles.save(capped(part), part.filename, sessionUser(request).userId))
        } finally {
          // Whatever was refused, the rest of the upload is read and dropped so the request ends cleanly.
          part.file.resume()
        }
      })
    })
  })
}

/** Public: library files by their random id (see serveFile). */
export async function materialFileRoutes(app: App, s: Services): Promise<void> {
  // Library files are sent as stored, byte ranges included: pictures and videos are compressed formats already.
  app.get(
    '/files/:fileId/:name',
    { compress: false, schema: { params: z.object({ fileId: z.string(), name: z.string() }) } },
    (request, reply) => serveFile(s, request as FastifyRequest<{ Params: { fileId: string } }>, reply),
  )
}

/** The upload's one part, which must be a file in the field `file`. */
async function firstFile(request: FastifyRequest): Promise<MultipartFile> {
  let part: MultipartFile | undefined
  try {
    part = await request.file()
  } catch (err) {
    throw multipartError(err)
  }
  if (!part || part.fieldname !== 'file') {
    part?.file.resume()
    throw badRequest('FILE_MISSING', '没有收到文件：请在表单字段 file 里上传一个文件。')
  }
  return part
}

/** The file's bytes; a broken form while reading them is the client's 400, a store failure stays a 500. */
async function* capped(part: MultipartFile): AsyncGenerator<Buffer> {
  const chunks = part.file[Symbol.asyncIterator]()
  for (;;) {
    let next: IteratorResult<Buffer>
    try {
      next = await chunks.next()
    } catch (err) {
      throw multipartError(err)
    }
    if (next.done) break
    yield next.value
  }
  if (part.file.truncated) throw fileTooLarge()
}

/** Busboy's and the plugin's errors (not multipart, broken form, too many parts) as answers a person can act on. */
function multipartError(err: unknown): AppError {
  if (err instanceof AppError) return err
  const code = (err as { code?: string }).code
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '上传文件请用 multipart/form-data，文件放在表单字段 file 里。')
  }
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return badRequest('TOO_MANY_FILES', '一次只能上传一个文件：请逐个上传。')
  }
  return badRequest('INVALID_MULTIPART', '上传的表单不完整或格式有误：请重新选择文件上传。')
}

/**
 * A library file, without a session: Youmi's RPA accounts download media by URL and the sidebar shows thumbnails.
 * The id is a random uuid, so only someone given a material can find its file. Ids never change content: cached for
 * good. One byte range is served (a video is seekable in Chromium only when its server answers ranges).
 */
async function serveFile(s: Services, request: FastifyRequest<{ Params: { fileId: string } }>, reply: FastifyReply) {
  const file = await s.materialFiles.stream(request.params.fileId)
  if (!file) throw notFound('FILE_NOT_FOUND', '文件不存在或已被删除。')
  const { info } = file
  const etag = `"${info.sha256}"`
  // Ranges first: a refusal must not carry the headers of a file answer.
  const ifRange = request.headers['if-range']
  const range = ifRange === undefined || ifRange === etag ? parseRange(request.headers.range, info.size) : null
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${info.size}`)
    throw new AppError(416, 'RANGE_NOT_SATISFIABLE', `请求的范围超出了文件大小（${info.size} 字节）。`).with({ size: info.size })
  }
  reply
    .header('etag', etag)
    .header('cache-control', 'public, max-age=31536000, immutable')
    .header('last-modified', new Date(info.createdAt).toUTCString())
  if (request.headers['if-none-match']?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return reply.code(304).send()
  const inline = info.mime.startsWith('image/') || info.mime.startsWith('video/')
  reply
    .header('content-type', info.mime)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', info.name))
    .header('accept-ranges', 'bytes')
  const [start, end] = range ?? [0, info.size - 1]
  if (range) reply.code(206).header('content-range', `bytes ${start}-${end}/${info.size}`)
  reply.header('content-length', String(end - start + 1))
  // Fastify's HEAD route keeps content-length for a stream (an empty one: nothing is read) and sets 0 for no payload.
  if (request.method === 'HEAD') return reply.send(Readable.from([]))
  return reply.send(file.stream(start, end))
}

/**
 * One `bytes=` range (RFC 9110 14.2) as [start, end] inclusive; null to answer the whole file (no header, several
 * ranges, or a header we do not understand — all allowed answers), 'unsatisfiable' for a range past the end.
 */
export function parseRange(header: string | undefined, size: number): [number, number] | null | 'unsatisfiable' {
  if (!header) return null
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return null
  if (m[1] === '') {
    const suffix = Number(m[2])
    if (suffix === 0) return 'unsatisfiable'
    return [Math.max(0, size - suffix), size - 1]
  }
  const start = Number(m[1])
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  if (start >= size) return 'unsatisfiable'
  if (end < start) return null
  return [start, end]
}

/** RFC 6266 with an RFC 5987 `filename*` for names in Chinese, and a plain ASCII `filename` for old clients. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`
}
