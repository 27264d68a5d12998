import { randomUUID } from 'node:crypto'
import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm'
import type * as z from 'zod/mini'
import { formatOf, isMedia, type Content } from '../../contracts/content.js'
import type { ListMaterialsQuery, Material, MaterialInput, MaterialList } from '../../contracts/materials.js'
import { badRequest, notFound } from '../errors.js'
import type { Db } from '../store/db.js'
import { materials } from '../store/schema.js'
import { fileIdsIn } from './file-retention.js'
import type { MaterialFileStore } from './material-files.js'
import { nameMatches } from './media/sniff.js'

/** A material as the routes hand it over: folder and tags defaulted by the contract. */
export type MaterialFields = z.output<typeof MaterialInput>
export type MaterialQuery = z.output<typeof ListMaterialsQuery>

type Row = typeof materials.$inferSelect
const toMaterial = (r: Row): Material => ({
  id: r.id,
  title: r.title,
  folder: r.folder,
  tags: r.tags,
  content: r.content as Content,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  useCount: r.useCount,
})

const LABEL = { image: '图片', video: '视频', file: '文件' } as const

/** `%` and `_` are wildcards of LIKE; a search for 「8_折」 means those characters. */
const likeAny = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`

const notFoundMaterial = () => notFound('MATERIAL_NOT_FOUND', '素材不存在或已被删除：请刷新素材列表。')

/** The materials library: prepared content staff send in one tap. Admins write it (the routes check), everyone reads. */
export class MaterialService {
  constructor(
    private readonly db: Db,
    private readonly files: Pick<MaterialFileStore, 'get'>,
    private readonly now: () => number = Date.now,
    /** Called with the file ids a deleted or changed material no longer names: each is deleted if nothing else uses it. */
    private readonly release: (fileIds: string[]) => Promise<void> = async () => undefined,
  ) {}

  /**
   * Most used first, then newest. `q` looks in the title, tags, folder and the words of the content (text, link and
   * mini-program titles, descriptions, group names, file names), ignoring case; `folder: ''` is 「未分类」.
   * `folders` lists every folder, each counted by what `q` finds (the whole library without `q`), whatever folder and
   * kind are chosen, so the chips do not jump when one is picked.
   */
  async list(query: MaterialQuery = {}): Promise<MaterialList> {
    const where: SQL[] = []
    if (query.q) {
      const p = likeAny(query.q)
      const c = materials.content
      where.push(
        or(
          ilike(materials.title, p),
          ilike(materials.folder, p),
          sql`EXISTS (SELECT 1 FROM jsonb_array_elements_text(${materials.tags}) AS t(tag) WHERE t.tag ILIKE ${p})`,
          sql`${c}->>'text' ILIKE ${p}`,
          sql`${c}->>'title' ILIKE ${p}`,
          sql`${c}->>'description' ILIKE ${p}`,
          sql`${c}->>'roomName' ILIKE ${p}`,
          sql`${c}->'file'->>'name' ILIKE ${p}`,
        )!,
      )
    }
    // The folder chips count what the search finds (all folders still listed, a folder with no match at 0).
    const searched = [...where]
    if (query.folder !== undefined) where.push(eq(materials.folder, query.folder))
    if (query.kind) where.push(eq(materials.kind, query.kind))
    const [rows, folders] = await Promise.all([
      this.db
        .select()
        .from(materials)
        .where(and(...where))
        .orderBy(desc(materials.useCount), desc(materials.createdAt), asc(materials.id)),
      this.db
        .select({
          name: materials.folder,
          count: searched.length ? sql<number>`(count(*) FILTER (WHERE ${and(...searched)}))::int` : sql<number>`count(*)::int`,
        })
        .from(materials)
        .groupBy(materials.folder)
        .orderBy(asc(materials.folder)),
    ])
    // 「未分类」 last: named folders are what people look for.
    const named = folders.filter((f) => f.name !== '')
    return { items: rows.map(toMaterial), folders: [...named, ...folders.filter((f) => f.name === '')] }
  }

  async get(id: string): Promise<Material> {
    const [row] = await this.db.select().from(materials).where(eq(materials.id, id)).limit(1)
    if (!row) throw notFoundMaterial()
    return toMaterial(row)
  }

  async create(userId: string, input: MaterialFields, o: { id?: string; createdAt?: Date; useCount?: number } = {}): Promise<Material> {
    const content = await this.checkedContent(input.content)
    const at = o.createdAt ?? new Date(this.now())
    const [row] = await this.db
      .insert(materials)
      .values({
        id: o.id ?? randomUUID(),
        title: input.title,
        folder: input.folder,
        tags: uniqueTags(input.tags),
        kind: content.type,
        content,
        createdBy: userId,
        useCount: o.useCount ?? 0,
        createdAt: at,
        updatedAt: at,
      })
      .returning()
    return toMaterial(row!)
  }

  /** Replaces everything an admin edits; who created it, when, and its use count stay. */
  async replace(id: string, input: MaterialFields): Promise<Material> {
    const content = await this.checkedContent(input.content)
    const [before] = await this.db.select({ content: materials.content }).from(materials).where(eq(materials.id, id)).limit(1)
    const [row] = await this.db
      .update(materials)
      .set({
        title: input.title,
        folder: input.folder,
        tags: uniqueTags(input.tags),
        kind: content.type,
        content,
        updatedAt: new Date(this.now()),
      })
      .where(eq(materials.id, id))
      .returning()
    if (!row) throw notFoundMaterial()
    if (before) {
      const kept = new Set(fileIdsIn(content))
      await this.release(fileIdsIn(before.content as Content).filter((f) => !kept.has(f)))
    }
    return toMaterial(row)
  }

  /** The material, and its files once nothing else uses them (services/file-retention.ts says how long a file lives). */
  async remove(id: string): Promise<void> {
    const rows = await this.db.delete(materials).where(eq(materials.id, id)).returning({ content: materials.content })
    if (!rows.length) throw notFoundMaterial()
    await this.release(fileIdsIn(rows[0]!.content as Content))
  }

  /**
   * One more accepted send for each material it carried (once per send, however often it appears). `ids` is what the
   * sidebar says the send came from; only a material whose content is one of the send's items counts — an id listed
   * beside unrelated content, or content edited after it was picked, is not a use. Unknown ids are ignored.
   */
  async countUse(ids: string[], content: readonly Content[]): Promise<void> {
    const unique = [...new Set(ids)].filter((id) => UUID.test(id))
    if (!unique.length) return
    const sent = new Set(content.map(contentKey))
    const listed = await this.db
      .select({ id: materials.id, content: materials.content })
      .from(materials)
      .where(inArray(materials.id, unique))
    const used = listed.filter((m) => sent.has(contentKey(m.content as Content))).map((m) => m.id)
    if (!used.length) return
    await this.db
      .update(materials)
      .set({ useCount: sql`${materials.useCount} + 1` })
      .where(inArray(materials.id, used))
  }

  /**
   * A library file must exist, fit the kind (an image is a png/jpg ≤ 10 MB, a video an mp4 ≤ 10 MB) and be named
   * for what it is; its size is taken from the store, not from the request.
   */
  private async checkedContent(content: Content): Promise<Content> {
    if (!isMedia(content) || !content.file.fileId) return content
    const stored = await this.files.get(content.file.fileId)
    if (!stored) throw badRequest('FILE_NOT_FOUND', '素材文件不存在（可能上传没有完成）：请重新上传文件后再保存。')
    if (!stored.kinds.includes(content.type)) {
      throw badRequest(
        'FILE_KIND_MISMATCH',
        `这个文件是 ${stored.format} 文件（${(stored.size / 1024 / 1024).toFixed(1)} MB），不能作为${LABEL[content.type]}发送：图片只收 png / jpg，视频只收 mp4，都不能超过 10 MB；其他文件请选「文件」类型。`,
      ).with({ format: stored.format, sizeMb: (stored.size / 1024 / 1024).toFixed(1), kind: content.type })
    }
    if (!nameMatches(formatOf(content.file.name), stored)) {
      throw badRequest(
        'FILE_NAME_MISMATCH',
        `文件名「${content.file.name}」和文件内容（${stored.format} 文件）不符：请用 .${stored.format} 结尾。`,
      ).with({ variant: 'stored', name: content.file.name, format: stored.format })
    }
    return { ...content, file: { ...content.file, size: stored.size } }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * What a content item says, as one string: every field, keys sorted, the file's size left out (the library measured
 * it; a send may carry it or not). Two items with the same key are the same content.
 */
export function contentKey(c: Content): string {
  const value = isMedia(c) ? { ...c, file: { fileId: c.file.fileId, url: c.file.url, name: c.file.name } } : c
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  )
}

function uniqueTags(tags: string[]): string[] {
  return [...new Set(tags)]
}
