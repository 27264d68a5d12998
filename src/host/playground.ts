import * as z from 'zod/mini'
import { ChatMessage } from '../../contracts/sends.js'
import {
  HostError,
  PLAYGROUND_CHANNEL,
  sameHostContext,
  type Host,
  type HostContext,
  type PlaygroundToSidebar,
  type SidebarToPlayground,
} from './types.js'

// Both ends of the playground's postMessage protocol are parsed here, so the page (views/PlaygroundView.vue) and the
// sidebar agree on one definition. Anything that does not parse is someone else's message and is ignored silently.

const Context = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('contact'), externalUserId: z.string().check(z.minLength(1), z.maxLength(256)) }),
  z.object({ kind: z.literal('group'), chatId: z.string().check(z.minLength(1), z.maxLength(256)) }),
  z.object({ kind: z.literal('none'), entry: z.string().check(z.maxLength(256)) }),
])

const channel = z.literal(PLAYGROUND_CHANNEL)
const messageId = z.string().check(z.minLength(1), z.maxLength(128))

const ToSidebar: z.ZodMiniType<PlaygroundToSidebar> = z.discriminatedUnion('type', [
  z.object({ channel, type: z.literal('context'), context: Context }),
  z.object({
    channel,
    type: z.literal('sendResult'),
    id: messageId,
    ok: z.boolean(),
    errMsg: z.optional(z.string().check(z.maxLength(2000))),
  }),
])

const ToPlayground: z.ZodMiniType<SidebarToPlayground> = z.discriminatedUnion('type', [
  z.object({ channel, type: z.literal('ready') }),
  z.object({ channel, type: z.literal('send'), id: messageId, message: ChatMessage }),
])

/** A message from the playground page, or null when it is not one. */
export function parsePlaygroundToSidebar(data: unknown): PlaygroundToSidebar | null {
  const parsed = ToSidebar.safeParse(data)
  return parsed.success ? parsed.data : null
}

/** A message from the sidebar in the playground's iframe, or null when it is not one. */
export function parseSidebarToPlayground(data: unknown): SidebarToPlayground | null {
  const parsed = ToPlayground.safeParse(data)
  return parsed.success ? parsed.data : null
}

export interface PlaygroundHostOptions {
  /** The sidebar's own window; its parent is the playground page. */
  win?: Window
  /** How long the first context may take before the page counts as gone. */
  contextTimeoutMs?: number
  /** How long the page may take to answer a send. */
  sendTimeoutMs?: number
}

interface Waiter {
  resolve: (context: HostContext) => void
  reject: (err: HostError) => void
  timer: ReturnType<typeof setTimeout>
}

interface PendingSend {
  resolve: () => void
  reject: (err: HostError) => void
  timer: ReturnType<typeof setTimeout>
}

/**
 * The sidebar inside the playground page's iframe: the page plays the WeCom client. It says which chat is open
 * (`context`) and takes the messages the sidebar sends into that chat (`send` → `sendResult`). Only our own page
 * may talk to us: same origin and the window that framed us.
 */
export function createPlaygroundHost(options: PlaygroundHostOptions = {}): Host {
  const win = options.win ?? window
  const contextTimeoutMs = options.contextTimeoutMs ?? 5_000
  const sendTimeoutMs = options.sendTimeoutMs ?? 10_000
  const origin = win.location.origin

  let context: HostContext | null = null
  let disposed = false
  const waiters = new Set<Waiter>()
  const sends = new Map<string, PendingSend>()
  const listeners = new Set<() => void>()
  let sequence = 0

  const post = (message: SidebarToPlayground) => win.parent.postMessage(message, origin)

  function onMessage(event: MessageEvent): void {
    if (event.origin !== origin || event.source !== win.parent) return
    const message = parsePlaygroundToSidebar(event.data)
    if (!message) return
    if (message.type === 'context') receiveContext(message.context)
    else settleSend(message.id, message.ok, message.errMsg)
  }

  function receiveContext(next: HostContext): void {
    const previous = context
    context = next
    const hadWaiters = waiters.size > 0
    for (const waiter of waiters) {
      clearTimeout(waiter.timer)
      waiter.resolve(next)
    }
    waiters.clear()
    // The first context answers whoever asked; only a later change (or a first one nobody waited for, after a
    // timeout) is news for the listeners.
    const changed = previous ? !sameHostContext(previous, next) : !hadWaiters
    if (changed) for (const listener of [...listeners]) listener()
  }

  function settleSend(id: string, ok: boolean, errMsg: string | undefined): void {
    const pending = sends.get(id)
    if (!pending) return
    sends.delete(id)
    clearTimeout(pending.timer)
    if (ok) pending.resolve()
    else {
      const detail = errMsg ?? 'sendChatMessage:fail'
      pending.reject(new HostError(/:cancel$/.test(detail) ? 'cancelled' : 'unknown', detail))
    }
  }

  function nextId(): string {
    sequence += 1
    const random = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : Math.random().toString(36).slice(2)
    return `${random}-${sequence}`
  }

  win.addEventListener('message', onMessage)
  post({ channel: PLAYGROUND_CHANNEL, type: 'ready' })

  return {
    kind: 'playground',
    canSendToChat: true,
    getContext(): Promise<HostContext> {
      if (disposed) return Promise.reject(new HostError('playgroundLost', 'the playground host was disposed'))
      if (context) return Promise.resolve(context)
      // Asked again after a timeout: the page may have missed our first `ready` (it reloads, or loaded late).
      if (waiters.size === 0) post({ channel: PLAYGROUND_CHANNEL, type: 'ready' })
      return new Promise<HostContext>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter)
            reject(new HostError('playgroundLost', `no chat context from the playground page in ${contextTimeoutMs} ms`))
          }, contextTimeoutMs),
        }
        waiters.add(waiter)
      })
    },
    onContextChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    sendChatMessage(message: ChatMessage): Promise<void> {
      if (disposed) return Promise.reject(new HostError('playgroundLost', 'the playground host was disposed'))
      // Parsing also copies: a reactive proxy from a store cannot cross postMessage (DataCloneError).
      const plain = ChatMessage.safeParse(message)
      if (!plain.success) return Promise.reject(new HostError('unknown', `sendChatMessage:fail invalid message (${plain.error.message})`))
      const id = nextId()
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          sends.delete(id)
          reject(new HostError('playgroundLost', `the playground page did not answer send ${id} in ${sendTimeoutMs} ms`))
        }, sendTimeoutMs)
        sends.set(id, { resolve, reject, timer })
        try {
          post({ channel: PLAYGROUND_CHANNEL, type: 'send', id, message: plain.data })
        } catch (err) {
          sends.delete(id)
          clearTimeout(timer)
          reject(new HostError('playgroundLost', err instanceof Error ? err.message : String(err)))
        }
      })
    },
    dispose() {
      disposed = true
      win.removeEventListener('message', onMessage)
      const lost = new HostError('playgroundLost', 'the playground host was disposed')
      for (const pending of [...waiters, ...sends.values()]) {
        clearTimeout(pending.timer)
        pending.reject(lost)
      }
      waiters.clear()
      sends.clear()
      listeners.clear()
    },
  }
}
