import { channelsFor, formatOf, type Content, type ContentKind, type MediaFile } from '../../contracts/content.js'
import { materialFilePath } from '../../contracts/materials.js'
import type { SendChannel } from '../../contracts/sends.js'
import { t } from '../i18n/index.js'

// Content in the sidebar's words: one line per item (recent sends, send progress, the materials list), file sizes,
// where a file can be shown, and why a channel cannot carry a kind.

export const kindLabel = (kind: ContentKind): string => t(`content.kind.${kind}`)

/** 「图片 · 展厅外观.png」, 「链接 · 标题」, 「群共享 · 群名」; text is itself, on one line. */
export function describeContent(c: Content): string {
  switch (c.type) {
    case 'text':
      // One line: the list clamps it to what fits.
      return c.text.replace(/\s+/g, ' ').trim()
    case 'image':
    case 'video':
    case 'file':
      return t('content.line', { what: kindLabel(c.type), name: c.file.name })
    case 'link':
    case 'miniprogram':
      return t('content.line', { what: kindLabel(c.type), name: c.title })
    case 'groupShare':
      return t('content.line', { what: kindLabel(c.type), name: c.roomName })
  }
}

/**
 * 「等 3 项」 / "(3 items)" after the first of several items sent together (the first is clamped to what fits, so
 * the count stands apart); '' for a single item.
 */
export function describeMore(items: readonly Content[]): string {
  return items.length > 1 ? t('content.andMore', { n: items.length }) : ''
}

/** Several items in one line, in the order they go out. */
export function describeContents(items: readonly Content[]): string {
  return items.map(describeContent).join('；')
}

/** 「2.4 MB」, 「380 KB」, 「512 B」: one decimal under 10, none above; '' for a size nobody knows. */
export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return ''
  if (bytes < 1024) return t('content.size.b', { n: bytes })
  const kb = bytes / 1024
  if (kb < 1024) return t('content.size.kb', { n: round(kb) })
  return t('content.size.mb', { n: round(kb / 1024) })
}
const round = (n: number) => (n < 10 ? Math.round(n * 10) / 10 : Math.round(n))

/** Where the browser can show a file: the library's public path, or the allow-listed URL it came from. */
export function fileSrc(file: MediaFile): string | null {
  if (file.fileId) return materialFilePath(file.fileId, file.name)
  return file.url && /^https?:\/\//i.test(file.url) ? file.url : null
}

/** Only web addresses become images or links: content is checked by the proxy, but the page never trusts it. */
export const safeUrl = (url: string | undefined): string | undefined => (url && /^https?:\/\//i.test(url) ? url : undefined)

/** The file's format as its icon says it (`PDF`, `DOCX`), '' without one. */
export const formatLabel = (name: string): string => formatOf(name).toUpperCase().slice(0, 4)

/** The colour family of a file icon, as office suites colour them. */
export function fileTone(name: string): 'pdf' | 'doc' | 'sheet' | 'slides' | 'archive' | 'media' | 'other' {
  const f = formatOf(name)
  if (f === 'pdf') return 'pdf'
  if (['doc', 'docx', 'txt', 'rtf', 'pages', 'wps'].includes(f)) return 'doc'
  if (['xls', 'xlsx', 'csv', 'numbers', 'et'].includes(f)) return 'sheet'
  if (['ppt', 'pptx', 'key', 'dps'].includes(f)) return 'slides'
  if (['zip', 'rar', '7z', 'tar', 'gz'].includes(f)) return 'archive'
  if (['jpg', 'jpeg', 'png', 'gif', 'webp', 'mp4', 'mov', 'mp3', 'wav'].includes(f)) return 'media'
  return 'other'
}

/**
 * Why this kind cannot go out on this channel, or '' when it can. With no channel at all (neither 发到聊天 nor
 * 定时群发 works here) nothing can be sent.
 */
export function unavailableReason(kind: ContentKind, channel: SendChannel | null): string {
  if (!channel) return t('content.noChannel')
  if (channelsFor(kind).includes(channel)) return ''
  return channelsFor(kind).includes('chat') ? t('content.onlyChat') : t('content.onlyRpa')
}
