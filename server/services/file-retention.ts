import { and, eq, gt, inArray, lt, or, sql } from 'drizzle-orm'
import type { Content } from '../../contracts/content.js'
import type { OrphanFile } from '../../contracts/materials.js'
import { conflict, notFound } from '../errors.js'
import type { Db } from '../store/db.js'
import { materialFiles, materials, sends } from '../store/schema.js'
import type { MaterialFileStore } from './material-files.js'

/**
 * How long a library file lives. A file is served at `/files/<id>/…` to anyone who has its address, so it must not
 * outlive its use:
 * - while a material refers to it (its `fileId`, or a thumbnail URL of ours naming it), it stays;
 * - while a Youmi send that has not run yet names it, it stays (Youmi's RPA account downloads it at the send's start
 *   time): a send being submitted or cancelled, or scheduled to start less than `YOUMI_DOWNLOAD_GRACE_MS` ago;
 * - otherwise it is deleted — bytes and row — the moment its last material is deleted or changed to another file;
 * - a file no material ever took (an upload abandoned in the editor), or one a send kept, is an orphan once it is
 *   `UPLOAD_GRACE_MS` old: admins list and remove orphans (`/api/admin/orphan-files`).
 */
export const UPLOAD_GRACE_MS = 60 * 60_000
export const YOUMI_DOWNLOAD_GRACE_MS = 24 * 3600_000

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi

/** The library file ids a content item names: its file, and any of our `/files/<id>/` URLs (link thumbnails). */
export function fileIdsIn(content: Content | readonly Content[]): string[] {
  return [...new Set(JSON.stringify(content).match(UUID) ?? [])].map((id) => id.toLowerCase())
}

export class FileRetention {
  constructor(
    private readonly db: Db,
    private readonly files: Pick<MaterialFileStore, 'get' | 'remove'>,
    private readonly now: () => number,
  ) {}

  /** After a material was deleted or changed: each of `fileIds` no longer referred to is deleted now. */
  readonly release = async (fileIds: readonly string[]): Promise<void> => {
    for (const id of fileIds) {
      if (!(await this.files.get(id))) continue
      if (!(await this.inUse(id))) await this.files.remove(id)
    }
  }

  /** Files nothing refers to, at least UPLOAD_GRACE_MS old (an admin may be editing a material for a new upload). */
  async orphans(): Promise<OrphanFile[]> {
    const before = new Date(this.now() - UPLOAD_GRACE_MS)
    const rows = await this.db
      .select()
      .from(materialFiles)
      .where(and(lt(materialFiles.createdAt, before), sql`NOT EXISTS (SELECT 1 FROM ${materials} WHERE ${this.names(materials.content)})`))
      .orderBy(materialFiles.createdAt)
    const out: OrphanFile[] = []
    for (const r of rows) {
      if (await this.waitingSend(r.id)) continue
      out.push({ fileId: r.id, name: r.name, format: r.format, size: r.size, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() })
    }
    return out
  }

  /** Removes one orphan; a file still in use is 409 FILE_IN_USE and stays. */
  async removeOrphan(fileId: string): Promise<void> {
    if (!(await this.files.get(fileId))) throw notFound('FILE_NOT_FOUND', '文件不存在或已被删除。')
    if (await this.inUse(fileId)) {
      throw conflict('FILE_IN_USE', '这个文件还在使用中（有素材引用它，或有尚未执行的定时群发要下载它），不能删除。')
    }
    await this.files.remove(fileId)
  }

  private async inUse(fileId: string): Promise<boolean> {
    const [m] = await this.db
      .select({ id: materials.id })
      .from(materials)
      .where(sql`${materials.content}::text LIKE ${`%${fileId}%`}`)
      .limit(1)
    return !!m || this.waitingSend(fileId)
  }

  /** A Youmi send that has not run yet names the file: its RPA account will download it. */
  private async waitingSend(fileId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: sends.id })
      .from(sends)
      .where(
        and(
          eq(sends.channel, 'rpa'),
          sql`${sends.content}::text LIKE ${`%${fileId}%`}`,
          or(
            inArray(sends.status, ['pending', 'cancelling']),
            and(eq(sends.status, 'scheduled'), gt(sends.scheduleAt, new Date(this.now() - YOUMI_DOWNLOAD_GRACE_MS))),
          ),
        ),
      )
      .limit(1)
    return !!row
  }

  private names(column: typeof materials.content) {
    return sql`${column}::text LIKE '%' || ${materialFiles.id} || '%'`
  }
}
