import { createHash, randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { eq } from 'drizzle-orm'
import { BIDI_CONTROLS, FILE_ONLY_FORMATS, formatOf, formatsText, MEDIA_FORMATS, MEDIA_LIMITS } from '../../contracts/content.js'
import type { StoredFile } from '../../contracts/materials.js'
import { AppError, badRequest } from '../errors.js'
import type { Db } from '../store/db.js'
import { materialFiles } from '../store/schema.js'
import { nameMatches, sniff, SNIFF_BYTES } from './media/sniff.js'
import type { StoredFileBytes } from './media/media-service.js'

/**
 * The materials library's file store: bytes under `media.fileDir` (DATA_DIR/files, one file per id, written to a
 * temporary name and renamed, so a crash never leaves half a file under a real id), or in this process's memory when
 * the config has no `media` (tests). What each file is — its real type read from the bytes, size, hash, who
 * uploaded it — is in the `material_files` table.
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

interface ByteStore {
  write(id: string, data: Buffer): Promise<void>
  read(id: string): Promise<Buffer | null>
  size(id: string): Promise<number | null>
  stream(id: string, start: number, end: number): Readable
  remove(id: string): Promise<void>
}

class DiskBytes implements ByteStore {
  constructor(private readonly dir: string) {}
  private path(id: string): string {
    // Ids are uuids from this process; anything else never reaches the disk.
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error('not a file id')
    return join(this.dir, id)
  }
  async write(id: string, data: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    const temp = join(this.dir, `.${id}.${randomUUID()}.tmp`)
    const handle = await open(temp, 'wx', 0o600)
    try {
      await handle.writeFile(data)
      await handle.sync()
    } catch (err) {
      await handle.close()
      await rm(temp, { force: true })
      throw err
    }
    await handle.close()
    await rename(temp, this.path(id))
  }
  async read(id: string): Promise<Buffer | null> {
    return readFile(this.path(id)).catch(missing)
  }
  async size(id: string): Promise<number | null> {
    return (await stat(this.path(id)).catch(missing))?.size ?? null
  }
  stream(id: string, start: number, end: number): Readable {
    return createReadStream(this.path(id), { start, end })
  }
  async remove(id: string): Promise<void> {
    await rm(this.path(id), { force: true })
  }
}

class MemoryBytes implements ByteStore {
  private readonly files = new Map<string, Buffer>()
  async write(id: string, data: Buffer): Promise<void> {
    this.files.set(id, Buffer.from(data))
  }
  async read(id: string): Promise<Buffer | null> {
    return this.files.get(id) ?? null
  }
  async size(id: string): Promise<number | null> {
    return this.files.get(id)?.length ?? null
  }
  stream(id: string, start: number, end: number): Readable {
    return Readable.from([this.files.get(id)!.subarray(start, end + 1)])
  }
  async remove(id: string): Promise<void> {
    this.files.delete(id)
  }
}

function missing(err: NodeJS.ErrnoException): null {
  if (err.code === 'ENOENT') return null
  throw err
}

const FILE_LIMIT = MEDIA_LIMITS.file
const MB = 1024 * 1024

export const fileTooLarge = () =>
  new AppError(413, 'FILE_TOO_LARGE', `文件不能超过 ${FILE_LIMIT / MB} MB，这个文件更大：请压缩或拆分后再上传。`, { limit: FILE_LIMIT })

/** Which content kinds a file can be sent as: WeCom's image and video limits, `file` for anything. */
export function kindsOf(format: string, size: number): StoredFile['kinds'] {
  const kinds: StoredFile['kinds'] = []
  if ((MEDIA_FORMATS.image as readonly string[]).includes(format) && size <= MEDIA_LIMITS.image) kinds.push('image')
  if ((MEDIA_FORMATS.video as readonly string[]).includes(format) && size <= MEDIA_LIMITS.video) kinds.push('video')
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
    throw badRequest('FILE_NAME_INVALID', '文件名含有改变文字方向的隐藏字符（如 U+202E），可能让人看错文件类型：请改名后再上传。')
  }
  return name
}

/** Reads at most `limit` bytes: past it the source is no longer read (and a stream is destroyed) and 413 is thrown. */
async function collect(input: Buffer | Uint8Array | AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  if (input instanceof Uint8Array) {
    if (input.length > limit) throw fileTooLarge()
    return Buffer.from(input)
  }
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of input) {
    total += chunk.length
    // Leaving the loop ends the iteration: a Node stream is destroyed, the rest is never read.
    if (total > limit) throw fileTooLarge()
    chunks.push(Buffer.from(chunk))
  }
  return Buffer.concat(chunks, total)
}

type Row = typeof materialFiles.$inferSelect
const toInfo = (r: Row): StoredFileInfo => ({
  fileId: r.id,
  name: r.name,
  format: r.format,
  mime: r.mime,
  size: r.size,
  kinds: kindsOf(r.format, r.size),
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
  /** Where the bytes go; without it they stay in memory (tests). */
  dir?: string
  now?: () => number
}

export class MaterialFileStore {
  private readonly bytes: ByteStore
  private readonly db: Db
  private readonly now: () => number

  constructor(o: MaterialFileStoreOptions) {
    this.db = o.db
    this.now = o.now ?? Date.now
    this.bytes = o.dir ? new DiskBytes(o.dir) : new MemoryBytes()
  }

  /**
   * Stores a file after checking what it really is: at most 20 MB (413 FILE_TOO_LARGE, reading stops there), not
   * empty, a type sniff.ts knows (the contract's MEDIA_FORMATS and FILE_ONLY_FORMATS) and a name whose extension fits
   * the bytes (a `.png` holding a PDF is refused). `id` is for the demo seed's fixed ids; uploads get a random one.
   */
  async save(
    input: Buffer | Uint8Array | AsyncIterable<Uint8Array>,
    rawName: string,
    createdBy: string,
    o: { id?: string } = {},
  ): Promise<StoredFile> {
    const name = checkName(rawName)
    const data = await collect(input, FILE_LIMIT)
    if (data.length === 0) throw badRequest('FILE_EMPTY', `「${name}」是空文件：请选择有内容的文件。`)
    const sniffed = sniff(data.subarray(0, SNIFF_BYTES))
    if (!sniffed) {
      throw badRequest(
        'FILE_TYPE_UNKNOWN',
        `无法识别「${name}」的文件类型。素材库可以上传：图片 ${formatsText(MEDIA_FORMATS.image)}、视频 ${formatsText(MEDIA_FORMATS.video)}；作为文件发送：${formatsText(FILE_ONLY_FORMATS)}。`,
      )
    }
    const extension = formatOf(name)
    if (!nameMatches(extension, sniffed)) {
      const stem = extension ? name.slice(0, -extension.length - 1) : name
      throw badRequest(
        'FILE_NAME_MISMATCH',
        `文件名「${name}」和文件内容不符：它其实是 ${sniffed.format} 文件，请改名为「${stem}.${sniffed.format}」后再上传。`,
        { format: sniffed.format },
      )
    }
    const id = o.id ?? randomUUID()
    const sha256 = createHash('sha256').update(data).digest('hex')
    await this.bytes.write(id, data)
    try {
      await this.db
        .insert(materialFiles)
        .values({
          id,
          name,
          format: sniffed.format,
          mime: sniffed.mime,
          size: data.length,
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
      await this.bytes.write(id, data)
    return toStoredFile(existing)
  }

  async get(id: string): Promise<StoredFileInfo | null> {
    const [row] = await this.db.select().from(materialFiles).where(eq(materialFiles.id, id)).limit(1)
    return row ? toInfo(row) : null
  }

  /** The whole file, or null when there is no such file (or its bytes are gone). */
  async read(id: string): Promise<Buffer | null> {
    return (await this.get(id)) ? this.bytes.read(id) : null
  }

  /** For the media service: a library file's bytes with its name and real type. */
  readonly loadStoredFile = async (fileId: string): Promise<StoredFileBytes | null> => {
    const info = await this.get(fileId)
    const bytes = info && (await this.bytes.read(fileId))
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
