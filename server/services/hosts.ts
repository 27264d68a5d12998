import { forbidden } from '../errors.js'
import type { SessionHost } from './sessions.js'

const NAMES: Record<SessionHost, string> = { wecom: '企业微信', qikeliao: '企客聊' }

/**
 * Two hosts, two identities: a session started by 企客聊's entry link and one started by WeCom's OAuth are different
 * accounts, even for the same user id (whoever holds QIKELIAO_KEY can name any UserID). Each reaches its own host's
 * customers and sends only; the other host's routes answer 403 WRONG_HOST.
 */
export function wrongHost(signedInFrom: SessionHost): Error {
  const other: SessionHost = signedInFrom === 'wecom' ? 'qikeliao' : 'wecom'
  return forbidden(
    'WRONG_HOST',
    `这里只能在${NAMES[other]}里使用：你现在是从${NAMES[signedInFrom]}登录的。请从${NAMES[other]}里打开侧边栏。`,
  ).with({ host: other, from: signedInFrom })
}
