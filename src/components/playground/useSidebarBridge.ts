import { onBeforeUnmount, onMounted, ref, toValue, watch, type MaybeRefOrGetter } from 'vue'
import type { ChatMessage } from '../../../contracts/sends.js'
import { parseSidebarToPlayground } from '../../host/playground.js'
import { sameHostContext } from '../../host/types.js'
import { PLAYGROUND_CHANNEL, type HostContext, type PlaygroundToSidebar } from '../../host/types.js'
import type { ChatSendOutcome } from '../../stores/playground.js'

export interface SidebarBridgeOptions {
  /** The iframe the real sidebar runs in. */
  frame: MaybeRefOrGetter<HTMLIFrameElement | null>
  /** The chat the playground has open, as the sidebar should see it. */
  context: MaybeRefOrGetter<HostContext | null>
  /**
   * Puts what the sidebar sent into the open chat: true, or false when there is no chat to take it; or, for a check
   * that takes a moment (a media id), the outcome with WeCom's errMsg.
   */
  receive: (message: ChatMessage) => boolean | ChatSendOutcome | Promise<boolean | ChatSendOutcome>
  win?: Window
}

/**
 * The page's half of the playground protocol (the sidebar's half is host/playground.ts): plays the WeCom client for
 * the sidebar in our iframe. Listens only to that iframe's window on our own origin, and talks only to it.
 */
export function useSidebarBridge(options: SidebarBridgeOptions) {
  const win = options.win ?? window
  const origin = win.location.origin
  /** The sidebar said hello since its iframe last loaded: it listens now. */
  const ready = ref(false)

  function post(message: PlaygroundToSidebar): void {
    toValue(options.frame)?.contentWindow?.postMessage(message, origin)
  }

  function postContext(): void {
    const context = toValue(options.context)
    // A plain copy: the context comes from a store, and a reactive proxy cannot be cloned across windows.
    if (ready.value && context) post({ channel: PLAYGROUND_CHANNEL, type: 'context', context: { ...context } })
  }

  /** A quick answer goes back at once; one that takes a moment (a media id check) when it is known. */
  function answer(id: string, message: ChatMessage): void {
    const settle = (result: boolean | ChatSendOutcome) => {
      const outcome: ChatSendOutcome =
        result === true ? { ok: true } : result === false ? { ok: false, errMsg: 'sendChatMessage:fail no chat is open' } : result
      post(
        outcome.ok
          ? { channel: PLAYGROUND_CHANNEL, type: 'sendResult', id, ok: true }
          : { channel: PLAYGROUND_CHANNEL, type: 'sendResult', id, ok: false, errMsg: outcome.errMsg.slice(0, 2000) },
      )
    }
    const failed = (err: unknown) =>
      settle({ ok: false, errMsg: `sendChatMessage:fail ${err instanceof Error ? err.message : String(err)}` })
    try {
      const result = options.receive(message)
      if (result instanceof Promise) result.then(settle, failed)
      else settle(result)
    } catch (err) {
      failed(err)
    }
  }

  function onMessage(event: MessageEvent): void {
    const sidebar = toValue(options.frame)?.contentWindow
    if (!sidebar || event.source !== sidebar || event.origin !== origin) return
    const message = parseSidebarToPlayground(event.data)
    if (!message) return
    if (message.type === 'ready') {
      // Also after the sidebar reloaded itself (sign-in, refresh): it has forgotten the chat.
      ready.value = true
      postContext()
      return
    }
    answer(message.id, message.message)
  }

  watch(
    () => toValue(options.context),
    (next, previous) => {
      if (!sameHostContext(next, previous ?? null)) postContext()
    },
  )
  // A new iframe element (reload) has to say hello again before it is told anything.
  watch(
    () => toValue(options.frame),
    () => (ready.value = false),
  )

  onMounted(() => win.addEventListener('message', onMessage))
  onBeforeUnmount(() => win.removeEventListener('message', onMessage))

  return { ready }
}
