import { HostError, type Host, type HostContext } from './types.js'

/**
 * The sidebar inside 企客聊. There is no JS bridge (vendors.md): 企客聊 opens the page by URL for one customer at a
 * time, so the context is the friend the entry named, and it changes only by 企客聊 opening the page again. Nothing
 * is sent into the chat from here; sends go through Youmi (「定时群发」).
 */
export function createQikeliaoHost(options: { friendId: string }): Host {
  const context: HostContext = { kind: 'friend', friendId: options.friendId }
  return {
    kind: 'qikeliao',
    canSendToChat: false,
    getContext: () => Promise.resolve(context),
    onContextChange: () => () => undefined,
    sendChatMessage: () => Promise.reject(new HostError('unsupported', 'sendChatMessage: 企客聊 has no chat bridge')),
    dispose: () => undefined,
  }
}
