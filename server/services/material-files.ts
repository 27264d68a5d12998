import { createHash, randomUUID } from 'node:crypto'
import type { Readable } from 'node:stream'
import { eq } from 'drizzle-orm'
import { BIDI_CONTROLS, FILE_ONLY_FORMATS, formatOf, formatsText, MEDIA_FORMATS, MEDIA_LIMITS } from '../../contracts/content.js'
import type { StoredFile } from '../../contracts/materials.js'
import { AppError, badRequest } from '../errors.js'
import type { Db } from '../store/db.js'
import { materialFiles } from '../store/schema.js'
import { DiskFileStore } from './file-store/disk-file-store.js'
import { MemoryFileStore, readWhole, type FileStore } from './file-store/file-store.js'
import { nameMatches, sniff, SNIFF_BYTES, type Sniffed } from './media/sniff.js'
import type { StoredFileBytes } from './media/media-service.js'

/**
 * The materials library's files: their bytes in a FileStore (file-store/: DATA_DIR/files, the PostgreSQL server, or
 * memory in tests), what each file is — its real type read from the bytes, size, hash, who uploaded it — in the
 * `material_files` table. An upload is checked while it streams into the store, never held whole in memory.
 */

/** A stored file with what the table knows about it. */
export interface StoredFileInfo extends StoredFile {
  sha256: string
  createdBy: string
  createdAt: string
}

/** A file ready to be served: what it is, and its bytes from `start` to `end` (inclusive). */
export interface OpenedFile {
  info: StoredFileInfo
  stream(start: number, end: number): Readable
}

const FILE_LIMIT = MEDIA_LIMITS.file
const MB = 1024 * 1024

export const fileTooLarge = () =>
  new AppError(413, 'FILE_TOO_LARGE', `文件不能超过 ${FILE_LIMIT / MB} MB，这个文件更大：请压缩或拆分后再上传。`, {
    limit: FILE_LIMIT,
  }).with({
    limitMb: FILE_LIMIT / MB,
  })

/**
 * Which content kinds a file can be sent as: WeCom's image and video limits, `file` for anything. The name counts as
 * well as the bytes: the content contract takes a picture or video by its name's extension (a `.m4v` holds mp4 bytes,
 * yet `视频` accepts only `.mp4`), so a kind is offered only where a send of it would pass — as the admin form says.
 */
export function kindsOf(name: string, format: string, size: number): StoredFile['kinds'] {
  const kinds: StoredFile['kinds'] = []
  const named = formatOf(name)
  const is = (formats: readonly string[]) => formats.includes(format) && formats.includes(named)
  if (is(MEDIA_FORMATS.image) && size <= MEDIA_LIMITS.image) kinds.push('image')
  if (is(MEDIA_FORMATS.video) && size <= MEDIA_LIMITS.video) kinds.push('video')
  kinds.push('file')
  return kinds
}

function checkName(raw: string): string {
  const name = raw.trim()
  if (!name || name.length > 128 || /[\\/\u0000-\u001f\u007f]/.test(name)) {
    throw badRequest('FILE_NAME_INVALID', '文件名不能为空、不能超过 128 个字符，也不能包含 / \\ 或控制字符：请改名后再上传。')
  }
  // `报价\u202Efdp.exe` would show as `报价exe.pdf` wherever the name is shown: refused, never silently changed.
  if (BIDI_CONTROLS.test(name)) {
    throw badRequest('FILE_NAME_INVALID', '文件名含有改变文字方向的隐藏字符（如 U+202E），可能让人看错文件类型：请改名后再上传。').with({
      variant: 'bidi',
    })
  }
  return name
}

/** What an upload turned out to be, known once its last byte has passed. */
interface Checked {
  sniffed: Sniffed
  size: number
  sha256: string
}

/**
 * The upload's bytes passed on to the store as they arrive, checked on the way: at most `limit` bytes (past it the
 * source is no longer read — a Node stream is destroyed — and 413 is thrown), a type read from the first bytes that
 * the name's extension fits, not empty. A throw here makes the store drop what it was writing.
 */
async function* checked(
  input: Buffer | Uint8Array | AsyncIterable<Uint8Array>,
  name: string,
  limit: number,
  done: (c: Checked) => void,
): AsyncGenerator<Buffer> {
  if (input instanceof Uint8Array && input.length > limit) throw fileTooLarge()
  const source: Iterable<Uint8Array> | AsyncIterable<Uint8Array> = input instanceof Uint8Array ? [input] : input
  const hash = createHash('sha256')
  let head: Buffer[] = []
  let headSize = 0
  let total = 0
  let sniffed: Sniffed | null = null
  for await (const raw of source) {
    const piece = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.length)
    total += piece.length
    // Leaving the loop ends the iteration: a Node stream is destroyed, the rest is never read.
    if (total > limit) throw fileTooLarge()
    hash.update(piece)
    if (sniffed) {
      yield piece
      continue
    }
    head.push(piece)
    headSize += piece.length
    if (headSize < SNIFF_BYTES) continue
    sniffed = identify(Buffer.concat(head), name)
    yield* head
    head = []
  }
  if (total === 0) throw badRequest('FILE_EMPTY', `「${name}」是空文件：请选择有内容的文件。`).with({ name })
  if (!sniffed) {
    sniffed = identify(Buffer.concat(head), name)
    yield* head
  }
  done({ sniffed, size: total, sha256: hash.digest('hex') })
}

/** The file's real type from its first bytes, which its name's extension must fit (a `.png` holding a PDF is refused). */
function identify(head: Buffer, name: string): Sniffed {
  const sniffed = sniff(head.subarray(0, SNIFF_BYTES))
  if (!sniffed) {
    throw badRequest(
      'FILE_TYPE_UNKNOWN',
      `无法识别「${name}」的文件类型。素材库可以上传：图片 ${formatsText(MEDIA_FORMATS.image)}、视频 ${formatsText(MEDIA_FORMATS.video)}；作为文件发送：${formatsText(FILE_ONLY_FORMATS)}。`,
    ).with({
      name,
      image: formatsText(MEDIA_FORMATS.image),
      video: formatsText(MEDIA_FORMATS.video),
      files: formatsText(FILE_ONLY_FORMATS),
    })
  }
  const extension = formatOf(name)
  if (!nameMatches(extension, sniffed)) {
    const stem = extension ? name.slice(0, -extension.length - 1) : name
    throw badRequest(
      'FILE_NAME_MISMATCH',
      `文件名「${name}」和文件内容不符：它其实是 ${sniffed.format} 文件，请改名为「${stem}.${sniffed.format}」后再上传。`,
      { format: sniffed.format },
    ).with({ name, format: sniffed.format, suggested: `${stem}.${sniffed.format}` })
  }
  return sniffed
}

type Row = typeof materialFiles.$inferSelect
const toInfo = (r: Row): StoredFileInfo => ({
  fileId: r.id,
  name: r.name,
  format: r.format,
  mime: r.mime,
  size: r.size,
  kinds: kindsOf(r.name, r.format, r.size),
  sha256: r.sha256,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
})
const toStoredFile = ({ fileId, name, format, mime, size, kinds }: StoredFileInfo): StoredFile => ({
  fileId,
  name,
  format,
  mime,
  size,
  kinds,
})

export interface MaterialFileStoreOptions {
  db: Db
  /** Where the bytes go (file-store/choose.ts picks it); without it, `dir` on disk or else memory (tests). */
  bytes?: FileStore
  dir?: string
  now?: () => number
}

export class MaterialFileStore {
  readonly bytes: FileStore
  private readonly db: Db
  private readonly now: () => number

  constructor(o: MaterialFileStoreOptions) {
    this.db = o.db
    this.now = o.now ?? Date.now
    this.bytes = o.bytes ?? (o.dir ? new DiskFileStore(o.dir) : new MemoryFileStore())
  }

  /**
   * Stores a file after checking what it really is: at most 20 MB (413 FILE_TOO_LARGE, reading stops there), not
   * empty, a type sniff.ts knows (the contract's MEDIA_FORMATS and FILE_ONLY_FORMATS) and a name whose extension fits
   * the bytes (a `.png` holding a PDF is refused). `id` is for the demo seed's fixed ids; uploads get a random one.
   * The bytes stream into the store as they are checked; a refusal leaves nothing stored under the id.
   */
  async save(
    input: Buffer | Uint8Array | AsyncIterable<Uint8Array>,
    rawName: string,
    createdBy: string,
    o: { id?: string } = {},
  ): Promise<StoredFile> {
    const name = checkName(rawName)
    const id = o.id ?? randomUUID()
    let result: Checked | undefined
    await this.bytes.write(
      id,
      checked(input, name, FILE_LIMIT, (c) => (result = c)),
    )
    const { sniffed, size, sha256 } = result!
    try {
      await this.db
        .insert(materialFiles)
        .values({
          id,
          name,
          format: sniffed.format,
          mime: sniffed.mime,
          size,
          sha256,
          createdBy,
          createdAt: new Date(this.now()),
        })
        .onConflictDoNothing()
    } catch (err) {
      await this.bytes.remove(id).catch(() => undefined)
      throw err
    }
    return toStoredFile((await this.get(id))!)
  }

  /**
   * The demo seed's files: stored under a fixed id unless already there; bytes lost since (a memory store after a
   * restart, a deleted DATA_DIR/files) are written again when they are the same file.
   */
  async ensure(id: string, data: Buffer, name: string, createdBy: string): Promise<StoredFile> {
    const existing = await this.get(id)
    if (!existing) return this.save(data, name, createdBy, { id })
    if ((await this.bytes.size(id)) === null && createHash('sha256').update(data).digest('hex') === existing.sha256)
      await this.bytes.write(id, [data])
    return toStoredFile(existing)
  }

  async get(id: string): Promise<StoredFileInfo | null> {
    const [row] = await this.db.select().from(materialFiles).where(eq(materialFiles.id, id)).limit(1)
    return row ? toInfo(row) : null
  }

  /** The whole file, or null when there is no such file (or its bytes are gone). */
  async read(id: string): Promise<Buffer | null> {
    return (await this.get(id)) ? readWhole(this.bytes, id) : null
  }

  /** For the media service: a library file's bytes with its name and real type (a WeCom upload takes one buffer). */
  readonly loadStoredFile = async (fileId: string): Promise<StoredFileBytes | null> => {
    const info = await this.get(fileId)
    const bytes = info && (await readWhole(this.bytes, fileId))
    if (!info || !bytes) return null
    return { bytes, name: info.name, sha256: info.sha256, format: info.format, mime: info.mime }
  }

  /** Deletes the file: its row, then its bytes (a crash in between leaves bytes no row names, never a row without bytes served). */
  async remove(id: string): Promise<void> {
    await this.db.delete(materialFiles).where(eq(materialFiles.id, id))
    await this.bytes.remove(id)
  }

  /** For serving: null when the file is unknown or its bytes are gone, so nothing is promised before it is there. */
  async stream(id: string): Promise<OpenedFile | null> {
    const info = await this.get(id)
    if (!info || (await this.bytes.size(id)) === null) return null
    return { info, stream: (start, end) => this.bytes.stream(id, start, end) }
  }
}
