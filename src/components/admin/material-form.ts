import { safeParse } from 'zod/mini'
import { formatOf, formatsText, MEDIA_FORMATS, MEDIA_LIMITS, type ContentKind } from '../../../contracts/content.js'
import { MaterialInput, type Material, type StoredFile } from '../../../contracts/materials.js'
import { t } from '../../i18n/index.js'

/**
 * What the admin form edits: every kind's fields at once, as typed (strings), so switching the kind back and forth
 * loses nothing. `toInput` turns it into what the proxy takes, and `check` holds it to the contract's own rules.
 */
export type MediaKind = 'image' | 'video' | 'file'
export type FileKinds = StoredFile['kinds']

export interface MediaDraft {
  source: 'upload' | 'url'
  /** The stored file (uploaded now, or the one the material already has). */
  stored: { fileId: string; name: string; size?: number; kinds: FileKinds } | null
  url: string
  name: string
  /**
   * A picture (or video) the admin uploaded as one that cannot go out as one (over the limit, or not jpg / png): it
   * is a 文件 now, and the form says why and waits for the admin to keep it so or upload another.
   */
  asFile?: AsFile
}

export interface AsFile {
  wanted: 'image' | 'video'
  reason: 'size' | 'format'
}

export interface MaterialDraft {
  title: string
  folder: string
  tags: string[]
  kind: ContentKind
  text: string
  media: MediaDraft
  link: { url: string; title: string; description: string; thumbUrl: string }
  miniprogram: { appId: string; title: string; page: string; thumbUrl: string }
  groupShare: { roomId: string; roomName: string; flag: string; msgType: string; wechatId: string; wechatLei: string }
}

export const isMediaKind = (kind: ContentKind): kind is MediaKind => kind === 'image' || kind === 'video' || kind === 'file'

export function emptyDraft(kind: ContentKind = 'image'): MaterialDraft {
  return {
    title: '',
    folder: '',
    tags: [],
    kind,
    text: '',
    media: { source: 'upload', stored: null, url: '', name: '' },
    link: { url: '', title: '', description: '', thumbUrl: '' },
    miniprogram: { appId: '', title: '', page: '', thumbUrl: '' },
    groupShare: { roomId: '', roomName: '', flag: '', msgType: '6', wechatId: '', wechatLei: '0' },
  }
}

/**
 * The kinds a file can go out as, by the same rule the proxy applies to the bytes (contracts/materials.ts
 * `StoredFile.kinds`); used for a material's existing file, whose upload answer is long gone.
 */
export function kindsOfFile(name: string, size: number | undefined): FileKinds {
  const format = formatOf(name)
  const fits = (kind: MediaKind) => size === undefined || size <= MEDIA_LIMITS[kind]
  const kinds: FileKinds = []
  if ((MEDIA_FORMATS.image as readonly string[]).includes(format) && fits('image')) kinds.push('image')
  if ((MEDIA_FORMATS.video as readonly string[]).includes(format) && fits('video')) kinds.push('video')
  if (fits('file')) kinds.push('file')
  return kinds
}

/**
 * After an upload as `wanted`: whether a picture or video became a 文件 against the admin's choice, and why (null when
 * it went as chosen, or was no picture or video at all: a pdf dropped on 图片 is simply a file).
 */
export function asFileOf(wanted: ContentKind, file: Pick<StoredFile, 'format' | 'mime' | 'kinds'>): AsFile | null {
  if ((wanted !== 'image' && wanted !== 'video') || file.kinds.includes(wanted) || !file.mime.startsWith(`${wanted}/`)) return null
  return { wanted, reason: (MEDIA_FORMATS[wanted] as readonly string[]).includes(file.format) ? 'size' : 'format' }
}

/** Why it became a 文件 and what the admin can do, with the contract's limits and formats. */
export function asFileNotice(a: AsFile): string {
  return a.reason === 'size'
    ? t(`admin.form.asFile.${a.wanted}TooBig`, { limit: `${MEDIA_LIMITS[a.wanted] / (1024 * 1024)} MB` })
    : t(`admin.form.asFile.${a.wanted}Format`, { formats: formatsText(MEDIA_FORMATS[a.wanted]) })
}

/** After an upload: keep the chosen kind when the file allows it, else the richest one it allows (a picture before a file). */
export function kindForFile(current: ContentKind, kinds: FileKinds): MediaKind | null {
  if (isMediaKind(current) && kinds.includes(current)) return current
  return kinds.find((k) => k !== 'file') ?? kinds[0] ?? null
}

export function draftOf(material: Material): MaterialDraft {
  const d = emptyDraft(material.content.type)
  d.title = material.title
  d.folder = material.folder
  d.tags = [...material.tags]
  const c = material.content
  switch (c.type) {
    case 'text':
      d.text = c.text
      break
    case 'image':
    case 'video':
    case 'file':
      if (c.file.fileId)
        d.media.stored = { fileId: c.file.fileId, name: c.file.name, size: c.file.size, kinds: kindsOfFile(c.file.name, c.file.size) }
      else d.media = { ...d.media, source: 'url', url: c.file.url ?? '' }
      d.media.name = c.file.name
      break
    case 'link':
      d.link = { url: c.url, title: c.title, description: c.description ?? '', thumbUrl: c.thumbUrl ?? '' }
      break
    case 'miniprogram':
      d.miniprogram = { appId: c.appId, title: c.title, page: c.page, thumbUrl: c.thumbUrl }
      break
    case 'groupShare':
      d.groupShare = { ...c, wechatId: String(c.wechatId), wechatLei: String(c.wechatLei) }
      break
  }
  return d
}

const optional = (value: string) => (value.trim() ? value : undefined)
/** Digits become the number the contract wants; anything else goes as typed so the contract names the problem. */
const int = (value: string) => (/^\s*\d{1,15}\s*$/.test(value) ? Number(value) : value.trim() ? value : undefined)

/** The draft in the contract's shape, unchecked: what `check` parses and what the preview draws. */
export function contentOf(d: MaterialDraft): Record<string, unknown> & { type: ContentKind } {
  switch (d.kind) {
    case 'text':
      return { type: 'text', text: d.text }
    case 'image':
    case 'video':
    case 'file': {
      const m = d.media
      if (m.source === 'upload') {
        return {
          type: d.kind,
          file: m.stored
            ? { fileId: m.stored.fileId, name: m.name.trim() || m.stored.name, ...(m.stored.size ? { size: m.stored.size } : {}) }
            : { name: m.name },
        }
      }
      return { type: d.kind, file: { url: m.url.trim() || undefined, name: m.name } }
    }
    case 'link':
      return {
        type: 'link',
        url: d.link.url.trim(),
        title: d.link.title,
        description: optional(d.link.description),
        thumbUrl: optional(d.link.thumbUrl.trim()),
      }
    case 'miniprogram':
      return { type: 'miniprogram', ...d.miniprogram, thumbUrl: d.miniprogram.thumbUrl.trim() }
    case 'groupShare': {
      const g = d.groupShare
      return {
        type: 'groupShare',
        roomId: g.roomId,
        roomName: g.roomName,
        flag: g.flag,
        msgType: optional(g.msgType),
        wechatId: int(g.wechatId),
        wechatLei: int(g.wechatLei),
      }
    }
  }
}

export function inputOf(d: MaterialDraft): Record<string, unknown> {
  return { title: d.title, folder: d.folder, tags: d.tags, content: contentOf(d) }
}

export interface Checked {
  /** The parsed input (trimmed, defaults filled) when everything holds. */
  input: MaterialInput | null
  /** The contract's first message per field: `title`, `folder`, `tags`, `content.url`, `content.file.name`, … */
  problems: Record<string, string>
}

export function check(d: MaterialDraft): Checked {
  const parsed = safeParse(MaterialInput, inputOf(d))
  if (parsed.success) return { input: parsed.data, problems: {} }
  const problems: Record<string, string> = {}
  for (const issue of parsed.error.issues) {
    // Tag i's problem shows under the tags; a media source problem under the file.
    const path = issue.path.map(String)
    const key = path[0] === 'tags' ? 'tags' : path.join('.')
    problems[key] ??= issue.message
  }
  // The contract speaks of fileId and url here; the form has an upload button and a link field.
  const m = d.media
  if (isMediaKind(d.kind) && problems['content.file'] && (m.source === 'upload' ? !m.stored : !m.url.trim())) {
    problems['content.file'] = m.source === 'upload' ? t('admin.form.needFile') : t('admin.form.needUrl')
  }
  return { input: null, problems }
}

/** `check`, and a picture that became a 文件 waits for the admin's choice (keep it so, or upload another). */
export function checkForm(d: MaterialDraft): Checked {
  const checked = check(d)
  if (!isMediaKind(d.kind) || d.media.source !== 'upload' || !d.media.asFile) return checked
  return { input: null, problems: { ...checked.problems, 'content.file': t('admin.form.asFile.choose') } }
}

/** What the form compares to know whether anything changed since it was opened or saved. */
export const snapshotOf = (d: MaterialDraft) => JSON.stringify(inputOf(d))

/** A name for a file behind a URL: its last path segment, when it has one. */
export function nameFromUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop() ?? ''
    return decodeURIComponent(last)
  } catch {
    return ''
  }
}

export type PreviewContent = ReturnType<typeof contentOf>
