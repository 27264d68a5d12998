import type { ChatMessage, SendContent } from '../../../contracts/sends.js'
import { AppError, conflict } from '../../errors.js'
import { toChatMessages } from '../send-payloads.js'
import type { MediaResolver } from './ports.js'
import { LOST_RACE, type SendRow, type SendStates } from './state.js'

/** What the sidebar reports after calling `sendChatMessage`. */
export interface ChatResult {
  ok: boolean
  errMsg?: string
  /** The staff member cancelled in WeCom's confirm: nothing went out, and nothing failed. */
  cancelled?: boolean
}

/**
 * The chat channel: the proxy hands the sidebar `sendChatMessage` parameters and the sidebar reports back. Nothing
 * here calls a vendor but WeCom's media upload.
 */
export class ChatSends {
  constructor(
    private readonly states: SendStates,
    private readonly media: MediaResolver | undefined,
  ) {}

  /** The messages for `content`, media as WeCom media ids (uploaded, or `fresh`ly uploaded again). */
  async messages(content: SendContent[], options: { fresh?: boolean } = {}): Promise<ChatMessage[]> {
    const media = this.media
    // The same file twice in one send is uploaded (or refreshed) once.
    const ids = new Map<string, Promise<string>>()
    return toChatMessages(content, (c) => {
      if (!media) throw mediaUnavailable()
      const key = `${c.type}:${c.file.fileId ?? c.file.url}`
      if (!ids.has(key)) ids.set(key, media.mediaIdFor(c.file, c.type, options))
      return ids.get(key)!
    })
  }

  /**
   * For the rpa channel: Youmi's RPA accounts download the files themselves, but only files this channel would have
   * taken — a library file that exists and is what the kind says, a URL the proxy's own fetcher would have been
   * allowed to open. Refused with the chat channel's codes, before anything is stored or sent.
   */
  async checkFiles(content: SendContent[]): Promise<void> {
    for (const c of content) {
      if (c.type !== 'image' && c.type !== 'video' && c.type !== 'file') continue
      if (!this.media) throw mediaUnavailable()
      await this.media.check(c.file, c.type)
    }
  }

  /**
   * The sidebar's report on a chat send, once: `recorded` when this report moved it, false when the same report had
   * been recorded before (a repeat answers the send as it is).
   */
  async recordResult(row: SendRow, result: ChatResult): Promise<{ row: SendRow; recorded: boolean } | typeof LOST_RACE> {
    if (row.channel !== 'chat') throw conflict('NOT_A_CHAT_SEND', '只有「发到聊天」的发送需要回报结果。')
    const status = result.ok ? 'sent' : result.cancelled ? 'cancelled' : 'failed'
    // A late report (the wait passed and the send became `unknown`) still tells what WeCom did, unless the staff
    // member settled it by hand meanwhile.
    if (row.status !== 'awaiting_client' && row.status !== 'unknown') {
      if (row.status === status) return { row, recorded: false }
      throw conflict('SEND_RESULT_ALREADY_RECORDED', '这次发送的结果已经记录过了。')
    }
    const failed = status === 'failed'
    const updated = await this.states.claim(row.id, row.status, status, {
      errorCode: failed ? 'CHAT_SEND_FAILED' : null,
      errorMessage: failed ? clientError(result.errMsg) : null,
    })
    return updated ? { row: updated, recorded: true } : LOST_RACE
  }

  /**
   * WeCom refused a media id the sidebar was handed (40007: expired or revoked early): every file of the send is
   * uploaded again and the fresh messages handed out. Once per send, so a file WeCom keeps refusing cannot loop.
   */
  async refreshMedia(row: SendRow): Promise<SendRow> {
    if (
      row.channel !== 'chat' ||
      row.status !== 'awaiting_client' ||
      !row.content.some((c) => c.type === 'image' || c.type === 'video' || c.type === 'file')
    ) {
      throw conflict('MEDIA_REFRESH_NOT_APPLICABLE', '这条发送没有等待发出的图片、视频或文件。')
    }
    if (row.mediaRefreshed)
      throw conflict('MEDIA_REFRESH_USED', '这条发送的图片、视频或文件已经重新上传过一次，仍然无法发出：请稍后重新发送。')
    const payload = await this.messages(row.content, { fresh: true })
    // Not a transition: the send stays awaiting_client, with new messages, if nobody reported or refreshed meanwhile.
    const updated = await this.states.amend(row.id, 'awaiting_client', { mediaRefreshed: false }, { payload, mediaRefreshed: true })
    if (!updated) throw conflict('MEDIA_REFRESH_USED', '这条发送的图片、视频或文件已经重新上传过一次。')
    return updated
  }

  /**
   * The client could not send the messages: the same key hands them out again as a new attempt. The row is claimed
   * (failed → awaiting_client) so two retries at once make one attempt; the other answers it as a replay.
   */
  async retry(row: SendRow): Promise<SendRow | typeof LOST_RACE> {
    // Media ids may have expired since the first attempt: the cache hands out live ones (uploading if it must).
    const payload = await this.messages(row.content)
    const claimed = await this.states.claim(row.id, 'failed', 'awaiting_client', {
      payload,
      mediaRefreshed: false,
      errorCode: null,
      errorMessage: null,
      errorStatus: null,
    })
    return claimed ?? LOST_RACE
  }
}

const mediaUnavailable = () => new AppError(503, 'MEDIA_UNAVAILABLE', '这台服务没有配置媒体上传，无法发送图片、视频或文件。')

function clientError(errMsg?: string): string {
  return errMsg ? `企业微信没有发出这条消息：${errMsg}` : '企业微信没有发出这条消息。'
}
