import * as ww from '@wecom/jssdk'
import type { Signatures } from '../../contracts/signatures.js'
import type { ChatMessage } from '../../contracts/sends.js'
import { fetchSignatures } from '../api/signatures.js'
import { toHostError } from './wecom-errors.js'
import { HostError, type Host, type HostContext, type OpenDataKind } from './types.js'

export interface WecomHostOptions {
  corpId: string
  agentId: string
  /** How long a JS-SDK call may take before the sidebar says WeCom did not answer. */
  timeoutMs?: number
  /** `sendChatMessage` waits for the staff member to confirm in WeCom: it gets much longer. */
  sendTimeoutMs?: number
  signatures?: (url: string) => Promise<Signatures>
}

const JS_API_LIST = ['getContext', 'getCurExternalContact', 'getCurExternalChat', 'sendChatMessage']
const CONTACT_ENTRIES = new Set(['single_chat_tools', 'contact_profile', 'single_kf_tools'])
const GROUP_ENTRIES = new Set(['group_chat_tools'])
const CHAT_ENTRIES = new Set(['single_chat_tools', 'group_chat_tools', 'single_kf_tools', 'chat_attachment'])

/** The sidebar inside the WeCom client: the real `@wecom/jssdk`, signed by the proxy. */
export function createWecomHost(options: WecomHostOptions): Host {
  const timeoutMs = options.timeoutMs ?? 10_000
  const sendTimeoutMs = options.sendTimeoutMs ?? 5 * 60_000
  const sign = signOncePerUrl(options.signatures ?? fetchSignatures)
  let entry: string | null = null

  ww.register({
    corpId: options.corpId,
    agentId: options.agentId,
    jsApiList: JS_API_LIST,
    // Clients before 3.0.24 run the corp `config` before `agentConfig`; newer ones only the latter. Both are
    // answered by the one signatures call for that URL.
    getConfigSignature: async (url) => (await sign(url)).corp,
    getAgentConfigSignature: async (url) => (await sign(url)).agent,
  })

  const guarded = <T>(run: () => Promise<T>, limitMs = timeoutMs): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new HostError('timeout', `no answer in ${limitMs} ms`)), limitMs)
      run().then(
        (value) => (clearTimeout(timer), resolve(value)),
        (err: unknown) => (clearTimeout(timer), reject(toHostError(err))),
      )
    })

  const listeners = new Set<() => void>()
  // Switching chats in WeCom keeps the sidebar page; it becomes visible again beside the next chat.
  const onVisible = () => {
    if (document.visibilityState === 'visible') for (const l of listeners) l()
  }
  document.addEventListener('visibilitychange', onVisible)
  // One factory for the page: it initialises WeCom's open data once (after agentConfig) for every name shown.
  let openData: ReturnType<typeof ww.createOpenDataFrameFactory> | null = null

  return {
    kind: 'wecom',
    canSendToChat: true,
    async getContext(): Promise<HostContext> {
      const context = await guarded(() => ww.getContext())
      entry = context.entry
      if (CONTACT_ENTRIES.has(entry)) {
        const { userId } = await guarded(() => ww.getCurExternalContact())
        // From a customer's profile page there is no chat to send into.
        return { kind: 'contact', externalUserId: userId, canChat: CHAT_ENTRIES.has(entry) }
      }
      if (GROUP_ENTRIES.has(entry)) {
        const { chatId } = await guarded(() => ww.getCurExternalChat())
        return { kind: 'group', chatId }
      }
      return { kind: 'none', entry }
    },
    onContextChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async sendChatMessage(message: ChatMessage): Promise<void> {
      if (entry && !CHAT_ENTRIES.has(entry)) throw new HostError('noContactContext', `sendChatMessage from ${entry}`)
      await guarded(() => ww.sendChatMessage(message as Parameters<typeof ww.sendChatMessage>[0]), sendTimeoutMs)
    },
    showOpenData(el: HTMLElement, kind: OpenDataKind, id: string): Promise<() => void> {
      openData ??= ww.createOpenDataFrameFactory()
      const factory = openData
      return guarded(
        () =>
          new Promise<() => void>((resolve, reject) => {
            const frame: { dispose(): void } = factory.createOpenDataFrame({
              el,
              data: { kind, id },
              template: '<ww-open-data type="{{kind}}" openid="{{id}}"></ww-open-data>',
              style: 'ww-open-data { font: inherit; color: inherit; }',
              handleMounted: () => resolve(() => frame.dispose()),
              handleError: (err: unknown) => {
                frame.dispose()
                reject(err)
              },
            })
          }),
      )
    },
    dispose() {
      document.removeEventListener('visibilitychange', onVisible)
      listeners.clear()
    },
  }
}

/** Both signature callbacks for one URL share one request; a new URL (history routing) asks again. */
function signOncePerUrl(fetch: (url: string) => Promise<Signatures>) {
  let last: { url: string; answer: Promise<Signatures> } | null = null
  return (url: string): Promise<Signatures> => {
    if (last?.url !== url) {
      const answer = fetch(url)
      last = { url, answer }
      // A failed request must not be remembered: the next attempt asks again.
      answer.catch(() => {
        if (last?.answer === answer) last = null
      })
    }
    return last.answer
  }
}
