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
export const httpUrl = (field: Field, what: string) =>
  z
    .url({ protocol: /^https?$/, error: msg('httpUrl', `${what}必须是 http(s) 链接`, { field }) })
    .check(z.maxLength(2048, { error: msg('maxChars', `${what}最多 2048 个字符`, { field, max: 2048 }) }))

/** Required words, trimmed, at most `max` characters (a title, a name). */
export const words = (field: Field, what: string, max: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { error: msg('empty', `${what}不能为空`, { field }) }),
      z.maxLength(max, { error: msg('maxWords', `${what}最多 ${max} 字`, { field, max }) }),
    )

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
    fileId: z.optional(z.uuid({ error: msg('fileId', 'fileId 必须是素材库里的文件编号') })),
    url: z.optional(httpUrl('fileUrl', '文件地址')),
    name: z.string().check(
      z.trim(),
      z.minLength(1, { error: msg('fileName', '文件需要名称') }),
      z.maxLength(128, { error: msg('maxChars', '文件名最多 128 个字符', { field: 'fileName', max: 128 }) }),
      z.refine((n) => !/[\\/\u0000-\u001f]/.test(n), { error: msg('fileNameChars', '文件名不能包含 / \\ 或控制字符') }),
      z.refine((n) => !BIDI_CONTROLS.test(n), { error: msg('fileNameBidi', '文件名不能包含改变文字方向的隐藏字符（如 U+202E）') }),
    ),
    size: z.optional(z.int().check(z.positive({ error: msg('fileEmpty', '文件不能是空的') }))),
  })
  .check(
    z.superRefine((f, ctx) => {
      if (!f.fileId === !f.url)
        ctx.addIssue({ code: 'custom', ...saidIssue('fileSource', '文件请只给一个来源：素材库文件（fileId）或链接（url）') })
    }),
  )
export type MediaFile = z.infer<typeof MediaFile>

const mbOf = (bytes: number) => `${bytes / MB} MB`

function mediaOf(kind: 'image' | 'video' | 'file', label: string) {
  const formats: readonly string[] | undefined = kind === 'file' ? undefined : MEDIA_FORMATS[kind]
  return MediaFile.check(
    z.superRefine((f, ctx) => {
      const format = formatOf(f.name)
      if (formats && !formats.includes(format)) {
        ctx.addIssue({
          code: 'custom',
          path: ['name'],
          ...saidIssue('formats', `${label}只支持 ${formatsText(formats)} 格式`, { field: kind, formats: formatsText(formats) }),
        })
      }
      if (!formats && !format)
        ctx.addIssue({ code: 'custom', path: ['name'], ...saidIssue('fileExtension', '文件名需要带扩展名，例如 报价单.pdf') })
      if (f.size !== undefined && f.size > MEDIA_LIMITS[kind]) {
        ctx.addIssue({
          code: 'custom',
          path: ['size'],
          ...saidIssue('maxSize', `${label}不能超过 ${mbOf(MEDIA_LIMITS[kind])}`, { field: kind, size: mbOf(MEDIA_LIMITS[kind]) }),
        })
      }
    }),
  )
}

/** The most characters one text message may carry; the composer keeps a longer paste and asks to shorten it. */
export const TEXT_MAX = 2000
export const TextContent = z.object({ type: z.literal('text'), text: words('text', '文字', TEXT_MAX) })
export const ImageContent = z.object({ type: z.literal('image'), file: mediaOf('image', '图片') })
export const VideoContent = z.object({ type: z.literal('video'), file: mediaOf('video', '视频') })
export const FileContent = z.object({ type: z.literal('file'), file: mediaOf('file', '文件') })
export const LinkContent = z.object({
  type: z.literal('link'),
  url: httpUrl('linkUrl', '链接地址'),
  title: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { error: msg('linkTitle', '链接需要标题') }),
      z.maxLength(128, { error: msg('maxWords', '链接标题最多 128 字', { field: 'linkTitle', max: 128 }) }),
    ),
  description: z.optional(
    z.string().check(z.trim(), z.maxLength(512, { error: msg('maxWords', '链接描述最多 512 字', { field: 'linkDescription', max: 512 }) })),
  ),
  thumbUrl: z.optional(httpUrl('thumb', '缩略图')),
})
export const MiniprogramContent = z.object({
  type: z.literal('miniprogram'),
  /** The mini program's AppID; WeCom only sends ones linked to the company. */
  appId: z
    .string()
    .check(
      z.trim(),
      z.regex(/^wx[0-9a-f]{16}$/, { error: msg('appId', '小程序 AppID 是 wx 加 16 位十六进制字符，例如 wx8bd80126147dfa6e') }),
    ),
  title: words('mpTitle', '小程序标题', 64),
  /** The page to open; WeCom requires the `.html` suffix (`pages/index/index.html`). */
  page: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { error: msg('mpPage', '小程序需要页面路径') }),
      z.maxLength(512, { error: msg('maxChars', '小程序页面路径最多 512 个字符', { field: 'mpPage', max: 512 }) }),
      z.regex(/^[^?#\s]+\.html(\?[^#\s]*)?$/, { error: msg('mpPageHtml', '小程序页面路径必须以 .html 结尾，例如 pages/index/index.html') }),
    ),
  thumbUrl: httpUrl('mpCover', '小程序封面'),
})
/** An invitation to a WeChat group (the seed's `task_content` type 30); only Youmi's accounts can send it. */
export const GroupShareContent = z.object({
  type: z.literal('groupShare'),
  roomId: z.string().check(z.trim(), z.regex(/^\d{5,20}@chatroom$/, { error: msg('roomId', '群 ID 形如 46218981780@chatroom') })),
  roomName: words('roomName', '群名称', 64),
  /** The seed's `flag` (example `flag:000022`). */
  flag: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { error: msg('flag', '群共享需要 flag') }),
      z.maxLength(64, { error: msg('maxChars', 'flag 最多 64 个字符', { field: 'flag', max: 64 }) }),
    ),
  /** The seed's `msgType` (example "6"). */
  msgType: z._default(z.string().check(z.regex(/^\d{1,3}$/, { error: msg('msgType', 'msgType 是数字，例如 6') })), '6'),
  /** The operator WeChat account that owns the group (the seed's `wechatId`). */
  wechatId: z
    .int({ error: msg('wechatId', 'wechatId 是友米运营号的数字编号') })
    .check(z.nonnegative({ error: msg('wechatIdNegative', 'wechatId 不能是负数') })),
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
