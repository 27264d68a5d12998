import { channelsFor, formatOf, isMedia, type Content, type MediaContent, type MediaFile } from '../../contracts/content.js'
import type { YoumiIdentity } from '../../contracts/contacts.js'
import type { ChatMessage, SendChannel } from '../../contracts/sends.js'
import { badRequest } from '../errors.js'
import type { YoumiContentItem, YoumiSaveBody } from '../upstream/youmi/schemas.js'

const KIND_NAMES: Record<Content['type'], string> = {
  text: '文字',
  image: '图片',
  video: '视频',
  file: '文件',
  link: '链接',
  miniprogram: '小程序',
  groupShare: '群共享',
}
const CHANNEL_NAMES: Record<SendChannel, string> = { chat: '「发到聊天」', rpa: '「定时群发」' }

/**
 * Refuses, before anything is stored or sent, content the channel cannot carry: a mini program has no Youmi
 * `task_content` type, and WeCom's `sendChatMessage` has no group invitation.
 */
export function checkChannel(content: Content[], channel: SendChannel): void {
  content.forEach((c, i) => {
    if (channelsFor(c.type).includes(channel)) return
    const other = channel === 'chat' ? 'rpa' : 'chat'
    throw badRequest(
      'CONTENT_NOT_ON_CHANNEL',
      `第 ${i + 1} 条是${KIND_NAMES[c.type]}，不能通过${CHANNEL_NAMES[channel]}发送：${KIND_NAMES[c.type]}只能用${CHANNEL_NAMES[other]}。`,
    ).with({ index: i + 1, kind: c.type, channel, other })
  })
}

/** What one item is, in a few words (send themes, logs). */
export function describeContent(c: Content): string {
  if (c.type === 'text') return c.text.slice(0, 20)
  if (isMedia(c)) return `${KIND_NAMES[c.type]} ${c.file.name}`
  if (c.type === 'groupShare') return `${KIND_NAMES[c.type]} ${c.roomName}`
  return `${KIND_NAMES[c.type]} ${c.title}`
}

/**
 * The JS-SDK `sendChatMessage` parameters for each item (wecom.md's msgtype table). Media go by WeCom media id:
 * `mediaIdFor` uploads the file (or finds it in the cache) first.
 */
export async function toChatMessages(content: Content[], mediaIdFor: (c: MediaContent) => Promise<string>): Promise<ChatMessage[]> {
  const messages: ChatMessage[] = []
  // In order, one at a time: a send of nine images must not open nine uploads to WeCom at once.
  for (const c of content) messages.push(await toChatMessage(c, mediaIdFor))
  return messages
}

async function toChatMessage(c: Content, mediaIdFor: (c: MediaContent) => Promise<string>): Promise<ChatMessage> {
  switch (c.type) {
    case 'text':
      return { msgtype: 'text', text: { content: c.text } }
    case 'link':
      return { msgtype: 'news', news: { link: c.url, title: c.title, desc: c.description ?? '', imgUrl: c.thumbUrl ?? '' } }
    case 'miniprogram':
      return { msgtype: 'miniprogram', miniprogram: { appid: c.appId, title: c.title, imgUrl: c.thumbUrl, page: c.page } }
    case 'image':
      return { msgtype: 'image', image: { mediaid: await mediaIdFor(c) } }
    case 'video':
      return { msgtype: 'video', video: { mediaid: await mediaIdFor(c) } }
    case 'file':
      return { msgtype: 'file', file: { mediaid: await mediaIdFor(c) } }
    case 'groupShare':
      // checkChannel refuses it first; reaching here is a bug, not a user error.
      throw new Error('a group share cannot go through sendChatMessage')
  }
}

/**
 * The seed's `task_content` items. Youmi's RPA accounts download media themselves, so a file goes as a URL: a
 * library file as its public `/files/…` address, a linked file as its own URL. Name and format come from the file.
 * Key order follows the seed (`data` before `type`) so the JSON string reads exactly like the vendor's example.
 */
export function toYoumiItems(content: Content[], urlOf: (file: MediaFile) => string): YoumiContentItem[] {
  return content.map((c): YoumiContentItem => {
    switch (c.type) {
      case 'text':
        return { data: { content: c.text }, type: '0' }
      case 'image':
        return { data: { imgName: c.file.name, imgFormat: formatOf(c.file.name), imgMediaUrl: urlOf(c.file) }, type: '1' }
      case 'video':
        return { data: { videoName: c.file.name, videoFormat: formatOf(c.file.name), videoMediaUrl: urlOf(c.file) }, type: '2' }
      case 'link':
        return { data: { title: c.title, linkUrl: c.url, description: c.description ?? '', thumbMediaUrl: c.thumbUrl ?? '' }, type: '3' }
      case 'file':
        return { data: { fileName: c.file.name, fileFormat: formatOf(c.file.name), fileMediaUrl: urlOf(c.file) }, type: '4' }
      case 'groupShare':
        return {
          data: { flag: c.flag, roomId: c.roomId, msgType: c.msgType, roomName: c.roomName, wechatId: c.wechatId, wechatLei: c.wechatLei },
          type: '30',
        }
      case 'miniprogram':
        throw new Error('a mini program cannot go through Youmi')
    }
  })
}

export interface YoumiTaskCodes {
  taskType: number
  chooseType: number
  taskSource: number
}

/** The seed's SaveBulkSendTask body for one customer: `task_content` a JSON string, `start_time` seconds as a string. */
export function toYoumiSaveBody(input: {
  content: Content[]
  target: YoumiIdentity
  startAt: Date
  theme: string
  codes: YoumiTaskCodes
  urlOf: (file: MediaFile) => string
}): YoumiSaveBody {
  const t = input.target
  return {
    bulksend: {
      task_theme: input.theme,
      task_type: input.codes.taskType,
      choose_type: input.codes.chooseType,
      start_time: String(Math.floor(input.startAt.getTime() / 1000)),
      task_source: input.codes.taskSource,
      task_content: JSON.stringify(toYoumiItems(input.content, input.urlOf)),
    },
    listMass: [
      {
        ad_wechat_id: t.adWechatId,
        machine_key: t.machineKey,
        machine_name: t.machineName,
        qv_company_id: t.qvCompanyId,
        object_id: t.objectId,
        object_nickname: t.objectNickname,
        belong_staff_code: t.belongStaffCode,
      },
    ],
    chooseLabel: '',
  }
}
