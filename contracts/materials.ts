import * as z from 'zod/mini'
import { Content, words } from './content.js'
import { Names } from './people.js'
import { msg } from './words.js'

/**
 * The materials library: prepared content staff send in one tap. Each material is exactly one `Content` item;
 * its files (image, video, file kinds) live in the proxy's file store and are referenced by `fileId`.
 */

export const MaterialTitle = words('materialTitle', '素材标题', 64)
/** One level of folders; '' is 「未分类」. */
export const MaterialFolder = z.string().check(
  z.trim(),
  z.maxLength(32, { error: msg('maxWords', '文件夹名称最多 32 字', { field: 'folder', max: 32 }) }),
  z.refine((f) => !f.includes('/'), { error: msg('folderSlash', '文件夹名称不能包含 /') }),
)
export const MaterialTag = words('tag', '标签', 16)

export const Material = z.object({
  id: z.uuid(),
  title: z.string(),
  folder: z.string(),
  tags: z.array(z.string()),
  content: Content,
  /** The WeCom userid of the admin who created it. */
  createdBy: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  /** Accepted sends that carried it: the sidebar lists the most used first. */
  useCount: z.int().check(z.nonnegative()),
})
export type Material = z.infer<typeof Material>

export const MaterialList = z.object({
  items: z.array(Material),
  /** Every folder in the library with how many materials it holds ('' = 未分类), whatever the filter. */
  folders: z.array(z.object({ name: z.string(), count: z.int().check(z.nonnegative()) })),
  /** Who created them, by name (the admin list's 创建 column); only `staff` is filled. */
  names: z.optional(Names),
})
export type MaterialList = z.infer<typeof MaterialList>

export const ListMaterialsQuery = z.object({
  /** Words to find in the title, tags, folder or text. */
  q: z.optional(z.string().check(z.trim(), z.maxLength(64))),
  folder: z.optional(z.string().check(z.maxLength(32))),
  kind: z.optional(z.enum(['text', 'image', 'video', 'file', 'link', 'miniprogram', 'groupShare'])),
})

/** Create, or replace on edit (`PUT`). */
export const MaterialInput = z.object({
  title: MaterialTitle,
  folder: z._default(MaterialFolder, ''),
  tags: z._default(z.array(MaterialTag).check(z.maxLength(10, { error: msg('maxTags', '最多 10 个标签', { max: 10 }) })), []),
  content: Content,
})
export type MaterialInput = z.input<typeof MaterialInput>

export const MaterialParams = z.object({ id: z.uuid() })

/** What an upload answers: the stored file, its real type as read from its bytes. */
export const StoredFile = z.object({
  fileId: z.uuid(),
  name: z.string(),
  /** The extension matching the bytes (`png`, `jpg`, `mp4`, `pdf`, …). */
  format: z.string(),
  mime: z.string(),
  size: z.int().check(z.positive()),
  /** Which content kinds this file can be sent as (`file` always; `image` for jpg/png ≤ 10 MB; `video` for mp4 ≤ 10 MB). */
  kinds: z.array(z.enum(['image', 'video', 'file'])),
})
export type StoredFile = z.infer<typeof StoredFile>

/**
 * Where a stored file is served (no session needed: Youmi's RPA accounts fetch it by URL). The id is random, so only
 * someone given a material can find its file.
 */
export function materialFilePath(fileId: string, name: string): string {
  return `/files/${fileId}/${encodeURIComponent(name)}`
}

/** A library file no material refers to and no waiting send names (admin: `GET /api/admin/orphan-files`). */
export const OrphanFile = z.object({
  fileId: z.uuid(),
  name: z.string(),
  format: z.string(),
  size: z.int().check(z.nonnegative()),
  /** Who uploaded it. */
  createdBy: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
})
export type OrphanFile = z.infer<typeof OrphanFile>

export const OrphanFileList = z.object({ items: z.array(OrphanFile) })
export type OrphanFileList = z.infer<typeof OrphanFileList>

export const FileParams = z.object({ fileId: z.uuid() })
