import type { ChatMessage, SendContent } from '../../contracts/sends.js'
import type { YoumiIdentity } from '../../contracts/contacts.js'
import type { YoumiContentItem, YoumiSaveBody } from '../upstream/youmi/schemas.js'

/** The JS-SDK `sendChatMessage` parameters for each content item (wecom.md's msgtype table). */
export function toChatMessages(content: SendContent[]): ChatMessage[] {
  return content.map((c) =>
    c.type === 'text'
      ? { msgtype: 'text', text: { content: c.text } }
      : { msgtype: 'news', news: { link: c.url, title: c.title, desc: c.description ?? '', imgUrl: c.thumbUrl ?? '' } },
  )
}

// Key order follows the seed (`data` before `type`) so the JSON string reads exactly like the vendor's example.
export function toYoumiItems(content: SendContent[]): YoumiContentItem[] {
  return content.map((c) =>
    c.type === 'text'
      ? { data: { content: c.text }, type: '0' }
      : { data: { title: c.title, linkUrl: c.url, description: c.description ?? '', thumbMediaUrl: c.thumbUrl ?? '' }, type: '3' },
  )
}

export interface YoumiTaskCodes {
  taskType: number
  chooseType: number
  taskSource: number
}

/** The seed's SaveBulkSendTask body for one customer: `task_content` a JSON string, `start_time` seconds as a string. */
export function toYoumiSaveBody(input: {
  content: SendContent[]
  target: YoumiIdentity
  startAt: Date
  theme: string
  codes: YoumiTaskCodes
}): YoumiSaveBody {
  const t = input.target
  return {
    bulksend: {
      task_theme: input.theme,
      task_type: input.codes.taskType,
      choose_type: input.codes.chooseType,
      start_time: String(Math.floor(input.startAt.getTime() / 1000)),
      task_source: input.codes.taskSource,
      task_content: JSON.stringify(toYoumiItems(input.content)),
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
