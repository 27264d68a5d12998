import { computed, toValue, watchEffect, type MaybeRefOrGetter } from 'vue'
import type { YoumiIdentity } from '../../contracts/contacts.js'
import type { SendChannel } from '../../contracts/sends.js'
import { targetKey, type ChatTarget } from '../stores/contact.js'
import { useDraftsStore } from '../stores/drafts.js'

export interface SendChannelOptions {
  target: MaybeRefOrGetter<ChatTarget>
  /** The host can put messages into this chat (WeCom, the playground). */
  canChat: MaybeRefOrGetter<boolean>
  /** The customer's Youmi identity: 定时群发 needs one. */
  youmi: MaybeRefOrGetter<YoumiIdentity | null>
}

/**
 * The channel staff chose for this chat, shared by the composer and the 素材 tab (it lives in the chat's draft, so it
 * also survives a chat switch). Picks one that works here, and moves off one that stopped working (another chat,
 * another host).
 */
export function useSendChannel(options: SendChannelOptions) {
  const drafts = useDraftsStore()
  const draft = computed(() => drafts.draftFor(targetKey(toValue(options.target))))
  const canChat = computed(() => toValue(options.canChat))
  // Youmi reaches one person: a WeCom customer or a 企客聊 friend with a Youmi identity, never a group.
  const canRpa = computed(() => toValue(options.target).kind !== 'group' && !!toValue(options.youmi))

  watchEffect(() => {
    const d = draft.value
    if (d.channel === 'chat' && !canChat.value) d.channel = null
    if (d.channel === 'rpa' && !canRpa.value) d.channel = null
    d.channel ??= canChat.value ? 'chat' : canRpa.value ? 'rpa' : null
  })

  const channel = computed<SendChannel | null>({
    get: () => draft.value.channel,
    set: (next) => {
      if ((next === 'chat' && canChat.value) || (next === 'rpa' && canRpa.value)) draft.value.channel = next
    },
  })

  return { channel, canChat, canRpa }
}
