import { defineStore } from 'pinia'
import { shallowRef, ref } from 'vue'
import { useLatest } from '../composables/latest.js'
import { createHost, HostError, type Host, type HostApp, type HostContext, type HostKind } from '../host/index.js'
import { sameHostContext } from '../host/types.js'

export type HostState = 'starting' | 'ready' | 'failed'

/** The place the sidebar runs and the chat it sits beside, kept current when the chat changes. */
export const useHostStore = defineStore('host', () => {
  const host = shallowRef<Host | null>(null)
  const context = ref<HostContext | null>(null)
  const state = ref<HostState>('starting')
  const error = shallowRef<HostError | null>(null)
  const latest = useLatest()
  let started: (() => Promise<void>) | null = null
  let starting: Promise<void> | null = null

  /**
   * Creates the host once; a second call while it is being created waits for the same one. `app` may still be on its
   * way (the session check): only WeCom's adapter waits for it, the others start at once.
   */
  function start(kind: HostKind, app: HostApp | Promise<HostApp>, make = createHost): Promise<void> {
    if (host.value) return Promise.resolve()
    started = () => start(kind, app, make)
    starting ??= (async () => {
      state.value = 'starting'
      try {
        host.value = await make(kind, app)
      } catch (err) {
        fail(err)
        return
      }
      host.value.onContextChange(() => void readContext())
      await readContext()
    })().finally(() => (starting = null))
    return starting
  }

  /** Asks the host again; an answer to an older question is ignored. */
  async function readContext(): Promise<void> {
    const asking = host.value
    if (!asking) return
    if (state.value !== 'ready') state.value = 'starting'
    const answer = await latest.ask(() => asking.getContext())
    if (!answer) return
    if (!answer.ok) return fail(answer.error)
    const next = answer.value
    if (!sameHostContext(context.value, next) || canChatOf(context.value) !== canChatOf(next)) context.value = next
    error.value = null
    state.value = 'ready'
  }

  /** After a failure: start the host again if it never came up, else ask for the context again. */
  async function retry(): Promise<void> {
    if (host.value) return readContext()
    if (started) return started()
  }

  function fail(err: unknown) {
    error.value = err instanceof HostError ? err : new HostError('unknown', err instanceof Error ? err.message : String(err))
    state.value = 'failed'
  }

  return { host, context, state, error, start, readContext, retry }
})

const canChatOf = (c: HostContext | null) => (c?.kind === 'contact' ? c.canChat : undefined)
