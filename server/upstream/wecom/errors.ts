import { VENDOR_ADVICE } from '../../../contracts/vendor-advice.js'
import { vendorCode, type UpstreamError, type VendorRetryHint } from '../errors.js'

export const WECOM_TOKEN_INVALID = new Set([40014, 42001])

/**
 * user/get and department/list codes that mean "not yours to read" rather than "broken": 60011 outside the app's
 * visible range, 60111 / 60123 no such member / department, 48002 the app may not call the contacts API. The name
 * is then withheld: the sidebar shows WeCom's open-data element inside WeCom, the id elsewhere.
 */
export const WECOM_NAME_WITHHELD = new Set([48002, 60011, 60111, 60123])

const GROUP_NOT_FOUND = {
  status: 404,
  code: 'GROUP_NOT_FOUND',
  message: '企业微信中没有这个客户群（群 ID 无效、不是客户群，或已解散）：请从客户群的聊天工具栏重新打开侧边栏。',
}

/** The code and the staff's words of a failure in the table shared with the sidebar and the status page. */
const staffWords = (key: keyof typeof VENDOR_ADVICE) => ({ code: VENDOR_ADVICE[key].code, message: VENDOR_ADVICE[key].staff })

/** The codes a staff member or an admin can act on, with what to do. Others keep WeCom's own text. */
// `retry`: "not now" rather than "no" (wecom.md: -1 busy, retry with backoff; 45009/45033 frequency and concurrency
// limits): a read is tried again after a pause (server/upstream/retry.ts), a rate limit after a longer one.
const KNOWN: Record<number, { status?: number; code: string; message: string; retry?: VendorRetryHint }> = {
  [-1]: { status: 503, code: 'WECOM_BUSY', message: '企业微信系统繁忙，请稍后重试。', retry: 'busy' },
  40001: staffWords('wecom:40001'),
  40013: staffWords('wecom:40013'),
  // WeCom's global codes for a chat id it does not know (40050 chatid不存在, 86001 不合法, 86003 不存在) and 90501 "not external group chat".
  40050: GROUP_NOT_FOUND,
  86001: GROUP_NOT_FOUND,
  86003: GROUP_NOT_FOUND,
  90501: GROUP_NOT_FOUND,
  40029: { status: 401, code: 'LOGIN_CODE_INVALID', message: '登录凭证无效或已使用，请重新打开侧边栏登录。' },
  40093: staffWords('wecom:40093'),
  45009: { status: 503, code: 'WECOM_RATE_LIMITED', message: '调用企业微信接口过于频繁，请稍后重试。', retry: 'rateLimited' },
  45033: { status: 503, code: 'WECOM_RATE_LIMITED', message: '调用企业微信接口的并发过多，请稍后重试。', retry: 'rateLimited' },
  48002: { status: 502, ...staffWords('wecom:48002') },
  60020: staffWords('wecom:60020'),
  80001: staffWords('wecom:80001'),
  84061: { status: 404, code: 'CONTACT_NOT_FOUND', message: '企业微信中没有这位客户，或你与他已不是联系人关系。' },
  // Temporary media (media/upload). The proxy checks type and size before uploading, so 40004/40006 mean WeCom's rules
  // are stricter than ours for this file; 44001 means the upload arrived empty (a fault on the way, not the file).
  40004: {
    status: 400,
    code: 'WECOM_MEDIA_TYPE_REFUSED',
    message: '企业微信不接受这个文件的类型：图片只能是 jpg / png，视频只能是 mp4，请换一个文件。',
  },
  40006: {
    status: 400,
    code: 'WECOM_MEDIA_SIZE_REFUSED',
    message: '企业微信不接受这个文件的大小：图片和视频最大 10 MB，文件最大 20 MB，且不能小于 6 个字节。',
  },
  40007: {
    status: 400,
    code: 'WECOM_MEDIA_ID_INVALID',
    message: '企业微信的临时素材已失效（media_id 无效或已过期）：请重新发送，代理会重新上传。',
  },
  44001: { status: 502, code: 'WECOM_MEDIA_EMPTY', message: '企业微信没有收到文件内容（上传为空）：请重试；如果一再出现，请联系管理员。' },
}

export function wecomError(op: string, errcode: number, errmsg: string): UpstreamError {
  return vendorCode('wecom', op, errcode, errmsg, KNOWN[errcode] ?? (isUnknownChat(op, errmsg) ? GROUP_NOT_FOUND : undefined))
}

/** Other codes WeCom uses for a bad chat id are not all published; on a group call their errmsg names the chat id. */
function isUnknownChat(op: string, errmsg: string): boolean {
  return op.startsWith('externalcontact/groupchat/') && /chat_?id|not external group chat/i.test(errmsg)
}
