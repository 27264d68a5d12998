import { formatOf, MEDIA_LIMITS } from '../../../contracts/content.js'
import { AppError, badRequest } from '../../errors.js'
import { nameMatches, sniff, type Sniffed } from './sniff.js'

export type MediaKind = 'image' | 'video' | 'file'

const LABEL: Record<MediaKind, string> = { image: '图片', video: '视频', file: '文件' }
/** What the bytes of each kind must sniff as; `file` takes any format sniff.ts knows (see checkContent). */
const SNIFFED_AS: Record<Exclude<MediaKind, 'file'>, string[]> = { image: ['png', 'jpg'], video: ['mp4'] }
/** WeCom refuses a temporary media file of 5 bytes or less (40006). */
export const MIN_MEDIA_BYTES = 6

/** Extensions whose bytes sniff.ts can recognise: a file named so must really be one. */
const SNIFFABLE_NAMES = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'mp4',
  'm4v',
  'mov',
  'pdf',
  'zip',
  'docx',
  'xlsx',
  'pptx',
  'doc',
  'xls',
  'ppt',
])

const mb = (bytes: number) => `${bytes / (1024 * 1024)} MB`

export function tooLarge(kind: MediaKind, details?: Record<string, unknown>): AppError {
  return badRequest('MEDIA_TOO_LARGE', `${LABEL[kind]}不能超过 ${mb(MEDIA_LIMITS[kind])}，这个文件更大：请压缩或换一个文件。`, {
    limit: MEDIA_LIMITS[kind],
    ...details,
  }).with({ kind, limitMb: MEDIA_LIMITS[kind] / (1024 * 1024) })
}

export function tooSmall(kind: MediaKind): AppError {
  return badRequest('MEDIA_TOO_SMALL', `${LABEL[kind]}是空的或太小（至少 ${MIN_MEDIA_BYTES} 个字节），企业微信不接受：请换一个文件。`).with(
    { kind, min: MIN_MEDIA_BYTES },
  )
}

/** `variant` and `params`: the same refusal for a client in another language (src/i18n/en/errors.ts). */
function mismatch(message: string, sniffed: Sniffed | null, variant: string, params: Record<string, string>): AppError {
  return badRequest('MEDIA_TYPE_MISMATCH', message, { sniffed: sniffed?.format ?? null }).with({
    variant,
    ...params,
    ...(sniffed && { actual: sniffed.format }),
  })
}

const what = (s: Sniffed | null) => (s ? ` ${s.format} 文件` : '无法识别的内容（例如网页或文本）')

/**
 * Whether the first bytes (sniff.ts's SNIFF_BYTES are enough) may be sent as `kind` under `name`. Answers what they
 * really are; throws MEDIA_TYPE_MISMATCH with what they are instead.
 * - image: png or jpg by content; video: mp4 by content — whatever the name says (uploadName fixes the extension);
 * - file: a format sniff.ts knows must match the name (a `.pdf` that is a zip is refused, a `.png` that is HTML too).
 *   Content sniff.ts does not know (txt, csv, …) is taken only from the materials library (`source: 'stored'`), where
 *   an admin uploaded it on purpose; by URL it is refused, since a link answering an error page looks just like that.
 */
export function checkContent(head: Uint8Array, kind: MediaKind, name: string, source: 'url' | 'stored'): Sniffed | null {
  const sniffed = sniff(head)
  const from = source === 'url' ? '这个链接的内容' : '这个文件的内容'
  if (kind !== 'file') {
    if (sniffed && SNIFFED_AS[kind].includes(sniffed.format)) return sniffed
    const expected = kind === 'image' ? 'jpg / png 图片' : 'mp4 视频'
    const hint = source === 'url' ? '：请确认链接直接指向文件本身，而不是网页' : '：请换一个文件'
    throw mismatch(`${from}不是 ${expected}（实际是${what(sniffed)}）${hint}。`, sniffed, 'kind', { kind, source })
  }
  const ext = formatOf(name)
  if (sniffed) {
    if (nameMatches(ext, sniffed)) return sniffed
    throw mismatch(`文件名是「${name}」，但${from}是 ${sniffed.format} 文件：请改正文件名或换一个文件。`, sniffed, 'name', { name, source })
  }
  if (SNIFFABLE_NAMES.has(ext))
    throw mismatch(`文件名是「${name}」，但${from}不是 ${ext} 文件（无法识别，例如网页或文本）。`, null, 'unknown', {
      name,
      source,
      format: ext,
    })
  if (source === 'url') {
    throw mismatch(
      `${from}无法识别（可能是网页或文本）：通过链接只能发送 pdf、Office 文档、zip、图片和视频；其他文件请上传到素材库再发送。`,
      null,
      'url',
      {},
    )
  }
  return null
}

/** Size and content of a whole file: the same rules however it arrived. */
export function checkBytes(bytes: Uint8Array, kind: MediaKind, name: string, source: 'url' | 'stored'): Sniffed | null {
  if (bytes.length > MEDIA_LIMITS[kind]) throw tooLarge(kind, { size: bytes.length })
  if (bytes.length < MIN_MEDIA_BYTES) throw tooSmall(kind)
  return checkContent(bytes, kind, name, source)
}

/**
 * The name to upload under: WeCom and the chat show it, and it should say what the bytes are (`海报.jpg` holding a
 * png goes up as `海报.png`).
 */
export function uploadName(name: string, sniffed: Sniffed | null): string {
  if (!sniffed || nameMatches(formatOf(name), sniffed)) return name
  const ext = formatOf(name)
  const base = ext ? name.slice(0, -(ext.length + 1)) : name
  return `${base}.${sniffed.format}`
}
