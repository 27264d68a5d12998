import { createHash } from 'node:crypto'
import { and, eq, gt, inArray } from 'drizzle-orm'
import type { MediaFile } from '../../../contracts/content.js'
import { notFound } from '../../errors.js'
import type { Db } from '../../store/db.js'
import { mediaUploads } from '../../store/schema.js'
import type { WecomClient } from '../../upstream/wecom/client.js'
import { checkBytes, uploadName, type MediaKind } from './media-check.js'
import { UrlFetcher, type ResolveAll } from './url-fetcher.js'

/** A file of the materials library with its bytes (the materials store provides it). */
export interface StoredFileBytes {
  bytes: Buffer
  name: string
  sha256: string
  format: string
  mime: string
}

export interface MediaServiceOptions {
  db: Db
  wecom: Pick<WecomClient, 'uploadMedia'>
  /** A library file by id, or null when there is none. */
  loadStoredFile: (fileId: string) => Promise<StoredFileBytes | null>
  /** Fetches files given by URL; without one, a fetcher over `allowedHosts` (none: every URL refused). */
  fetcher?: Pick<UrlFetcher, 'fetch' | 'check'>
  /** How the default fetcher resolves host names (tests name their own addresses); the system resolver by default. */
  resolve?: ResolveAll
  allowedHosts?: readonly string[]
  /** The fetcher's per-step timeout (UPSTREAM_TIMEOUT_MS); default 5 s. */
  timeoutMs?: number
  now?: () => number
  log?: { info(obj: object, msg: string): void }
  /** How long before WeCom's 3 days an id stops being handed out; default 6 hours. */
  marginMs?: number
}

/** WeCom keeps temporary media for 3 days from its `created_at`. */
export const MEDIA_LIFETIME_MS = 3 * 24 * 3600_000
const DEFAULT_MARGIN_MS = 6 * 3600_000

/**
 * WeCom temporary media ids for files staff send through the chat channel (`sendChatMessage` takes only a media id).
 * - the bytes come from the materials library or from an allowed URL, and are checked by content and size first;
 * - one id per content hash and type, kept in `media_uploads` until 6 hours before WeCom forgets it, so the same
 *   picture sent all day is uploaded once; concurrent calls for the same file share one upload;
 * - `fresh` (WeCom said 40007, the id is not valid) forgets the cached id and uploads again.
 */
export class MediaService {
  private readonly fetcher: Pick<UrlFetcher, 'fetch' | 'check'>
  private readonly now: () => number
  private readonly marginMs: number
  /** Uploads under way by `${sha256}:${kind}`; `fresh` tells whether one started after its id was reported invalid. */
  private readonly inFlight = new Map<string, { fresh: boolean; id: Promise<string> }>()

  constructor(private readonly o: MediaServiceOptions) {
    this.fetcher = o.fetcher ?? new UrlFetcher({ allowedHosts: o.allowedHosts ?? [], timeoutMs: o.timeoutMs ?? 5000, resolve: o.resolve })
    this.now = o.now ?? Date.now
    this.marginMs = o.marginMs ?? DEFAULT_MARGIN_MS
  }

  /** A WeCom media id for `file` as `kind`; `fresh` when WeCom refused the one handed out before (40007). */
  async mediaIdFor(file: MediaFile, kind: MediaKind, options: { fresh?: boolean } = {}): Promise<string> {
    const { bytes, name, sha256 } = await this.load(file, kind)
    const key = `${sha256}:${kind}`
    const fresh = options.fresh ?? false
    const running = this.inFlight.get(key)
    // A caller after a fresh id must not get one looked up before the old id was reported invalid.
    if (running && (running.fresh || !fresh)) return running.id
    const id = this.resolve(sha256, kind, bytes, name, fresh)
    const entry = { fresh, id }
    this.inFlight.set(key, entry)
    const done = () => {
      if (this.inFlight.get(key) === entry) this.inFlight.delete(key)
    }
    id.then(done, done)
    return id
  }

  /**
   * The chat channel's checks for a file another party downloads by URL (Youmi's RPA accounts fetch library files from
   * `/files/…` and linked files from their own address): a library file must exist and its bytes fit `kind`; a URL
   * must pass every check the proxy's own fetcher makes before connecting. Same refusals, same codes; nothing is
   * fetched or uploaded.
   */
  async check(file: MediaFile, kind: MediaKind): Promise<void> {
    if (file.fileId) await this.load(file, kind)
    else await this.fetcher.check(file.url!)
  }

  /** Drops cached ids WeCom no longer accepts (e.g. a send reported 40007 for them), so the next send uploads again. */
  async forgetMediaIds(ids: string[]): Promise<void> {
    if (ids.length === 0) return
    await this.o.db.delete(mediaUploads).where(inArray(mediaUploads.mediaId, ids))
  }

  private async load(file: MediaFile, kind: MediaKind): Promise<{ bytes: Buffer; name: string; sha256: string }> {
    if (file.fileId) {
      const stored = await this.o.loadStoredFile(file.fileId)
      if (!stored)
        throw notFound('MATERIAL_FILE_NOT_FOUND', `素材库里没有这个文件（${file.name}）：它可能已被删除，请重新选择素材。`).with({
          name: file.name,
        })
      const sniffed = checkBytes(stored.bytes, kind, file.name || stored.name, 'stored')
      // The library hashed the file when it was stored: a send (the hot path) does not hash it again.
      return { bytes: stored.bytes, name: uploadName(file.name || stored.name, sniffed), sha256: stored.sha256 }
    }
    const fetched = await this.fetcher.fetch(file.url!, kind, file.name)
    // The fetcher checked while reading; the whole file is held to the same rules as a stored one.
    const sniffed = checkBytes(fetched.bytes, kind, file.name, 'url')
    return { bytes: fetched.bytes, name: uploadName(file.name, sniffed), sha256: createHash('sha256').update(fetched.bytes).digest('hex') }
  }

  private async resolve(sha256: string, kind: MediaKind, bytes: Buffer, name: string, fresh: boolean): Promise<string> {
    const db = this.o.db
    const where = and(eq(mediaUploads.sha256, sha256), eq(mediaUploads.type, kind))
    if (fresh) {
      await db.delete(mediaUploads).where(where)
    } else {
      const rows = await db
        .select({ mediaId: mediaUploads.mediaId })
        .from(mediaUploads)
        .where(and(where, gt(mediaUploads.expiresAt, new Date(this.now()))))
        .limit(1)
      if (rows[0]) return rows[0].mediaId
    }
    const uploaded = await this.o.wecom.uploadMedia(kind, bytes, name)
    // WeCom's clock decides the 3 days; ours decides only when the upload happened.
    const expiresAt = new Date(uploaded.createdAt + MEDIA_LIFETIME_MS - this.marginMs)
    const row = { sha256, type: kind, mediaId: uploaded.mediaId, uploadedAt: new Date(this.now()), expiresAt }
    await db
      .insert(mediaUploads)
      .values(row)
      .onConflictDoUpdate({
        target: [mediaUploads.sha256, mediaUploads.type],
        set: { mediaId: row.mediaId, uploadedAt: row.uploadedAt, expiresAt },
      })
    this.o.log?.info({ kind, size: bytes.length, fresh }, 'media uploaded to WeCom')
    return uploaded.mediaId
  }
}
