import * as z from 'zod/mini'
import { msg, saidIssue, type Field } from './words.js'

/**
 * What staff send, in product words: one `Content` item per message. Each kind carries its own limits (WeCom's media
 * limits, which Youmi's RPA accounts share in practice). Which channel carries which kind is `channelsFor` below.
 */

const MB = 1024 * 1024
export const MEDIA_LIMITS = { image: 10 * MB, video: 10 * MB, file: 20 * MB } as const
export const MEDIA_FORMATS = { image: ['jpg', 'jpeg', 'png'], video: ['mp4'] } as const
/**
 * The formats the materials library stores that go out only as a 文件 (other pictures and videos among them). With
 * MEDIA_FORMATS this is the one list of what an upload may be: the admin form's hint, its errors and the proxy's
 * refusal all name it, and the proxy reads the bytes of exactly these (server/services/media/sniff.ts).
 */
export const FILE_ONLY_FORMATS = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'zip', 'gif', 'webp', 'mov', 'm4v'] as const
export const LIBRARY_FORMATS: readonly string[] = [...MEDIA_FORMATS.image, ...MEDIA_FORMATS.video, ...FILE_ONLY_FORMATS]
/** Formats as people read them: `jpg / png` (a jpeg is a jpg). */
export const formatsText = (formats: readonly string[]) => formats.filter((f) => f !== 'jpeg').join(' / ')

// Messages are keys of contracts/words.ts: Chinese on the proxy, the sidebar's language in the sidebar.
export const httpUrl = (field: Field) =>
  z.url({ protocol: /^https?$/, error: msg('httpUrl', { field }) }).check(z.maxLength(2048, { error: msg('maxChars', { field, max: 2048 }) }))

const words = (field: Field, max: number) =>
  z.string().check(z.trim(), z.minLength(1, { error: msg('empty', { field }) }), z.maxLength(max, { error: msg('maxWords', { field, max }) }))

/** The lower-case extension of a file name (`报价单.PDF` → `pdf`), '' without one. */
export function formatOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : ''
}

/**
 * Characters that reorder the text around them: `报价\u202Efdp.exe` shows as `报价exe.pdf`. No file name needs them,
 * and in a name they only hide what a file really is.
 */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/

/**
 * A file to send: one stored in the materials library (`fileId`), or a public URL on the proxy's allow-list
 * (`MEDIA_ALLOWED_HOSTS`). `size` is what the library measured; the proxy checks the real bytes again.
 */
export const MediaFile = z
  .object({
    fileId: z.optional(z.uuid({ error: msg('fileId') })),
    url: z.optional(httpUrl('fileUrl')),
    name: z.string().check(
      z.trim(),
      z.minLength(1, { error: msg('fileName') }),
      z.maxLength(128, { error: msg('maxChars', { field: 'fileName', max: 128 }) }),
      z.refine((n) => !/[\\/\u0000-\u001f]/.test(n), { error: msg('fileNameChars') }),
      z.refine((n) => !BIDI_CONTROLS.test(n), { error: msg('fileNameBidi') }),
    ),
    size: z.optional(z.int().check(z.positive({ error: msg('fileEmpty') }))),
  })
  .check(
    z.superRefine((f, ctx) => {
      if (!f.fileId === !f.url) ctx.addIssue({ code: 'custom', ...saidIssue('fileSource') })
    }),
  )
export type MediaFile = z.infer<typeof MediaFile>

const mbOf = (bytes: number) => `${bytes / MB} MB`

function mediaOf(kind: 'image' | 'video' | 'file') {
  const formats: readonly string[] | undefined = kind === 'file' ? undefined : MEDIA_FORMATS[kind]
  return MediaFile.check(
    z.superRefine((f, ctx) => {
      const format = formatOf(f.name)
      if (formats && !formats.includes(format)) {
        ctx.addIssue({ code: 'custom', path: ['name'], ...saidIssue('formats', { field: kind, formats: formatsText(formats) }) })
      }
      if (!formats && !format) ctx.addIssue({ code: 'custom', path: ['name'], ...saidIssue('fileExtension') })
      if (f.size !== undefined && f.size > MEDIA_LIMITS[kind]) {
        ctx.addIssue({ code: 'custom', path: ['size'], ...saidIssue('maxSize', { field: kind, size: mbOf(MEDIA_LIMITS[kind]) }) })
      }
    }),
  )
}

/** The most characters one text message may carry; the composer keeps a longer paste and asks to shorten it. */
export const TEXT_MAX = 2000
export const TextContent = z.object({ type: z.literal('text'), text: words('text', TEXT_MAX) })
export const ImageContent = z.object({ type: z.literal('image'), file: mediaOf('image') })
export const VideoContent = z.object({ type: z.literal('video'), file: mediaOf('video') })
export const FileContent = z.object({ type: z.literal('file'), file: mediaOf('file') })
export const LinkContent = z.object({
  type: z.literal('link'),
  url: httpUrl('linkUrl'),
  title: z
    .string()
    .check(z.trim(), z.minLength(1, { error: msg('linkTitle') }), z.maxLength(128, { error: msg('maxWords', { field: 'linkTitle', max: 128 }) })),
  description: z.optional(z.string().check(z.trim(), z.maxLength(512, { error: msg('maxWords', { field: 'linkDescription', max: 512 }) }))),
  thumbUrl: z.optional(httpUrl('thumb')),
})
export const MiniprogramContent = z.object({
  type: z.literal('miniprogram'),
  /** The mini program's AppID; WeCom only sends ones linked to the company. */
  appId: z.string().check(z.trim(), z.regex(/^wx[0-9a-f]{16}$/, { error: msg('appId') })),
  title: words('mpTitle', 64),
  /** The page to open; WeCom requires the `.html` suffix (`pages/index/index.html`). */
  page: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { error: msg('mpPage') }),
      z.maxLength(512, { error: msg('maxChars', { field: 'mpPage', max: 512 }) }),
      z.regex(/^[^?#\s]+\.html(\?[^#\s]*)?$/, { error: msg('mpPageHtml') }),
    ),
  thumbUrl: httpUrl('mpCover'),
})
/** An invitation to a WeChat group (the seed's `task_content` type 30); only Youmi's accounts can send it. */
export const GroupShareContent = z.object({
  type: z.literal('groupShare'),
  roomId: z.string().check(z.trim(), z.regex(/^\d{5,20}@chatroom$/, { error: msg('roomId') })),
  roomName: words('roomName', 64),
  /** The seed's `flag` (example `flag:000022`). */
  flag: z.string().check(z.trim(), z.minLength(1, { error: msg('flag') }), z.maxLength(64, { error: msg('maxChars', { field: 'flag', max: 64 }) })),
  /** The seed's `msgType` (example "6"). */
  msgType: z._default(z.string().check(z.regex(/^\d{1,3}$/, { error: msg('msgType') })), '6'),
  /** The operator WeChat account that owns the group (the seed's `wechatId`). */
  wechatId: z.int({ error: msg('wechatId') }).check(z.nonnegative({ error: msg('wechatIdNegative') })),
  /** The seed's `wechatLei` (example 0). */
  wechatLei: z._default(z.int().check(z.nonnegative()), 0),
})

export const Content = z.discriminatedUnion('type', [
  TextContent,
  ImageContent,
  VideoContent,
  FileContent,
  LinkContent,
  MiniprogramContent,
  GroupShareContent,
])
export type Content = z.infer<typeof Content>
export type ContentKind = Content['type']
export type MediaContent = Extract<Content, { file: MediaFile }>
export const CONTENT_KINDS = [
  'text',
  'image',
  'video',
  'file',
  'link',
  'miniprogram',
  'groupShare',
] as const satisfies readonly ContentKind[]

export function isMedia(c: Content): c is MediaContent {
  return c.type === 'image' || c.type === 'video' || c.type === 'file'
}

/** `rpa`: Youmi's RPA accounts (task_content types 0–4, 30). `chat`: WeCom's `sendChatMessage`. */
const CARRIED_BY: Record<ContentKind, ReadonlyArray<'rpa' | 'chat'>> = {
  text: ['rpa', 'chat'],
  image: ['rpa', 'chat'],
  video: ['rpa', 'chat'],
  file: ['rpa', 'chat'],
  link: ['rpa', 'chat'],
  miniprogram: ['chat'],
  groupShare: ['rpa'],
}
export function channelsFor(kind: ContentKind): ReadonlyArray<'rpa' | 'chat'> {
  return CARRIED_BY[kind]
}
