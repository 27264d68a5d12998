/**
 * Checks a SaveBulkSendTask body against the seed (000): field names, types, the six task_content
 * item formats and the listMass entries. The first problem found becomes the 200003 errdesc.
 */
import { z } from 'zod'
import { InvalidJsonBody } from './context.js'

type Issue = { input?: unknown }
const typed = (what: string) => ({ error: (iss: Issue) => (iss.input === undefined ? '缺少该字段' : `必须是${what}`) })
const str = () => z.string(typed('字符串'))
const filled = () => str().min(1, { error: '不能为空字符串' })
const int = () => z.int(typed('整数'))
const obj = <T extends z.ZodRawShape>(shape: T) => z.object(shape, typed('对象'))

const bulksendSchema = obj({
  task_theme: filled(),
  task_type: int(),
  choose_type: int(),
  start_time: str().regex(/^\d+$/, { error: '必须是由数字组成的字符串（Unix 秒），例如 "1734624000"' }),
  task_source: int(),
  task_content: str(),
})

const listMassEntry = obj({
  ad_wechat_id: int(),
  machine_key: filled(),
  machine_name: str(),
  qv_company_id: str(),
  object_id: filled(),
  object_nickname: str(),
  belong_staff_code: str(),
})

const labelSchema = obj({ ad_label_id: int(), ad_label_info_id: int(), ad_label_info_name: str() })

const ITEM_TYPES = {
  '0': { label: '文本', data: obj({ content: filled() }) },
  '1': { label: '图片', data: obj({ imgName: filled(), imgFormat: filled(), imgMediaUrl: filled() }) },
  '2': { label: '视频', data: obj({ videoName: filled(), videoFormat: filled(), videoMediaUrl: filled() }) },
  '3': { label: '链接', data: obj({ title: filled(), linkUrl: filled(), description: str(), thumbMediaUrl: str() }) },
  '4': { label: '文件', data: obj({ fileName: filled(), fileFormat: filled(), fileMediaUrl: filled() }) },
  '30': {
    label: '群共享',
    data: obj({ flag: str(), roomId: filled(), msgType: str(), roomName: str(), wechatId: int(), wechatLei: int() }),
  },
} as const
const TYPE_LIST = Object.entries(ITEM_TYPES)
  .map(([t, v]) => `"${t}"${v.label}`)
  .join('、')

export type SaveCheck = { ok: true; startTime: number } | { ok: false; errdesc: string }

function pathText(base: string, path: readonly PropertyKey[]): string {
  let out = base
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`
  return out
}

function firstIssue(base: string, error: z.ZodError): string {
  const issue = error.issues[0]!
  return `参数错误：${pathText(base, issue.path)} ${issue.message}`
}

const fail = (errdesc: string): SaveCheck => ({ ok: false, errdesc })

export function checkSaveBody(body: unknown): SaveCheck {
  if (body instanceof InvalidJsonBody) return fail('参数错误：请求体不是合法的 JSON')
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('参数错误：请求体必须是 JSON 对象')
  const b = body as Record<string, unknown>

  const bulksend = bulksendSchema.safeParse(b.bulksend)
  if (!bulksend.success) return fail(firstIssue('bulksend', bulksend.error))

  const itemsCheck = checkTaskContent(bulksend.data.task_content)
  if (itemsCheck) return fail(itemsCheck)

  if (!Array.isArray(b.listMass)) {
    return fail(`参数错误：listMass ${b.listMass === undefined ? '缺少该字段' : '必须是数组'}`)
  }
  if (b.listMass.length === 0) return fail('参数错误：listMass 不能为空数组，至少需要一个发送对象')
  const mass = z.array(listMassEntry).safeParse(b.listMass)
  if (!mass.success) return fail(firstIssue('listMass', mass.error))

  const label = b.chooseLabel
  if (label === undefined) return fail('参数错误：chooseLabel 缺少该字段（不按标签群发时传空字符串 ""）')
  if (label !== '') {
    if (!Array.isArray(label)) return fail('参数错误：chooseLabel 必须是空字符串 "" 或标签数组')
    const labels = z.array(labelSchema).safeParse(label)
    if (!labels.success) return fail(firstIssue('chooseLabel', labels.error))
  }
  return { ok: true, startTime: Number(bulksend.data.start_time) }
}

/** task_content is itself a JSON string of an array of {type, data}; returns the problem or null. */
function checkTaskContent(text: string): string | null {
  const where = 'bulksend.task_content'
  let items: unknown
  try {
    items = JSON.parse(text)
  } catch {
    return `参数错误：${where} 必须是 JSON 字符串（数组序列化后的文本）`
  }
  if (!Array.isArray(items)) return `参数错误：${where} 解析后必须是数组`
  if (items.length === 0) return `参数错误：${where} 至少需要一条发送内容`
  for (const [i, item] of items.entries()) {
    const at = `${where}[${i}]`
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return `参数错误：${at} 必须是对象 {type, data}`
    const { type, data } = item as Record<string, unknown>
    if (typeof type !== 'string' || !(type in ITEM_TYPES)) {
      return `参数错误：${at}.type 不支持的内容类型 ${JSON.stringify(type)}，可选值（字符串）：${TYPE_LIST}`
    }
    const parsed = ITEM_TYPES[type as keyof typeof ITEM_TYPES].data.safeParse(data)
    if (!parsed.success) return firstIssue(`${at}.data`, parsed.error)
  }
  return null
}
