import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { Playground, PlaygroundMessage } from '../../contracts/demo.js'
import type { ChatMessage } from '../../contracts/sends.js'
import { fetchPlayground } from '../api/demo.js'
import { useLatest } from '../composables/latest.js'
import { describeError, failureOf, type Failure } from '../errors.js'
import { checkSimMedia, isMediaId, simMediaContentPath } from '../api/sim-media.js'
import type { HostContext } from '../host/types.js'
import { t } from '../i18n/index.js'

/** One line in a simulated chat: what the demo data says, or what the staff member sent during the visit. */
export type ChatLine =
  | { id: string; from: 'customer' | 'staff'; mine: boolean; type: 'text'; text: string; name?: string }
  | { id: string; from: 'staff'; mine: true; type: 'link'; title: string; desc: string; imgUrl: string; link: string }
  /** `src` is null once the simulator no longer keeps the bytes (the message was still delivered). */
  | { id: string; from: 'staff'; mine: true; type: 'image' | 'video' | 'file'; src: string | null; name: string; size: number | null }
  | { id: string; from: 'staff'; mine: true; type: 'miniprogram'; title: string; imgUrl: string; page: string; appid: string }

/** How the fake client answers the sidebar's `sendChatMessage`, with WeCom's own errMsg on failure. */
export type ChatSendOutcome = { ok: true } | { ok: false; errMsg: string }

/** A demo customer or customer group, as the chat list and the chat window show it. */
export interface PlaygroundChat {
  /** `contact:<externalUserId>` or `group:<chatId>`: unique across both kinds. */
  key: string
  kind: 'contact' | 'group'
  name: string
  avatar: string | null
  memberCount: number | null
  preview: string
  context: HostContext
  lines: ChatLine[]
}

const SAVED_KEY = 'playground.chats'

/** The open chat and what was sent during this browser session, as `save` wrote them (nothing if unreadable). */
function restore(): { selectedKey: string | null; added: Record<string, ChatLine[]> } {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SAVED_KEY) ?? 'null') as { selectedKey?: unknown; added?: unknown } | null
    if (saved && typeof saved === 'object' && saved.added && typeof saved.added === 'object')
      return {
        selectedKey: typeof saved.selectedKey === 'string' ? saved.selectedKey : null,
        added: saved.added as Record<string, ChatLine[]>,
      }
  } catch {
    // Storage off or a broken entry: start afresh.
  }
  return { selectedKey: null, added: {} }
}

/**
 * The playground page's simulated WeCom client: the demo chats from the proxy, which one is open, and what was sent
 * into each during this visit (kept for the browser session, so a reload keeps the open chat and its bubbles).
 */
export const usePlaygroundStore = defineStore('playground', () => {
  const data = shallowRef<Playground | null>(null)
  const isLoading = ref(false)
  const error = ref<Failure | null>(null)
  const saved = restore()
  const selectedKey = ref<string | null>(saved.selectedKey)
  const added = ref<Record<string, ChatLine[]>>(saved.added)
  watch([selectedKey, added], () => {
    try {
      sessionStorage.setItem(SAVED_KEY, JSON.stringify({ selectedKey: selectedKey.value, added: added.value }))
    } catch {
      // Full or off: only a reload forgets.
    }
  })
  /** How many messages the sidebar has sent during this visit (the phone layout shows them as a badge). */
  const receivedCount = ref(0)
  const latest = useLatest()
  // Ids go on from the restored lines', so a new bubble never takes an old one's key.
  let lineSeq = Math.max(0, ...Object.values(saved.added).flatMap((lines) => lines.map((l) => Number(/^sent-(\d+)$/.exec(l.id)?.[1] ?? 0))))

  const chats = computed<PlaygroundChat[]>(() => {
    if (!data.value) return []
    const contacts = data.value.contacts.map((c) =>
      withLines(
        {
          key: `contact:${c.externalUserId}`,
          kind: 'contact',
          name: c.name,
          avatar: c.avatar || null,
          memberCount: null,
          preview: c.preview,
        },
        { kind: 'contact', externalUserId: c.externalUserId },
        c.messages,
      ),
    )
    const groups = data.value.groups.map((g) =>
      withLines(
        { key: `group:${g.chatId}`, kind: 'group', name: g.name, avatar: null, memberCount: g.memberCount, preview: g.preview },
        { kind: 'group', chatId: g.chatId },
        g.messages,
      ),
    )
    return [...contacts, ...groups]
  })

  /** The demo conversation, then what was sent during this visit; the list shows the latest line. */
  function withLines(chat: Omit<PlaygroundChat, 'lines' | 'context'>, context: HostContext, messages: PlaygroundMessage[]): PlaygroundChat {
    const extra = added.value[chat.key] ?? []
    const lines = [
      ...messages.map((m, i): ChatLine => ({
        id: `${chat.key}#${i}`,
        from: m.from,
        mine: isMine(m),
        type: 'text',
        text: m.text,
        ...(m.name ? { name: m.name } : {}),
      })),
      ...extra,
    ]
    const last = extra.at(-1)
    return { ...chat, context, lines, preview: last ? previewOf(last) : chat.preview }
  }

  const selected = computed(() => chats.value.find((c) => c.key === selectedKey.value) ?? null)
  /** What the sidebar beside the open chat should see. */
  const context = computed<HostContext | null>(() => selected.value?.context ?? null)

  async function load(): Promise<void> {
    isLoading.value = true
    error.value = null
    const answer = await latest.ask(fetchPlayground)
    if (!answer) return
    isLoading.value = false
    if (!answer.ok) {
      error.value = failureOf(answer.error)
      return
    }
    data.value = answer.value
    if (!chats.value.some((c) => c.key === selectedKey.value)) selectedKey.value = chats.value[0]?.key ?? null
  }

  function select(key: string): void {
    if (chats.value.some((c) => c.key === key)) selectedKey.value = key
  }

  function append(key: string, line: ChatLine): void {
    added.value = { ...added.value, [key]: [...(added.value[key] ?? []), line] }
  }

  const nextId = () => `sent-${++lineSeq}`

  /**
   * A message the sidebar sent into the open chat. A picture, video or file is checked with the simulator first, as
   * WeCom checks its media id: an unknown, expired or revoked one fails like WeCom (40007), which makes the sidebar
   * ask the proxy for fresh ids.
   */
  async function receiveFromSidebar(message: ChatMessage): Promise<ChatSendOutcome> {
    // The chat open when the message arrived takes it, even if the visitor switches while a media id is checked.
    const key = selected.value?.key
    if (!key) return { ok: false, errMsg: 'sendChatMessage:fail no chat is open' }
    const line = await lineOf(message)
    if ('errMsg' in line) return line
    append(key, line)
    receivedCount.value += 1
    return { ok: true }
  }

  async function lineOf(message: ChatMessage): Promise<ChatLine | { ok: false; errMsg: string }> {
    const base = { id: nextId(), from: 'staff', mine: true } as const
    switch (message.msgtype) {
      case 'text':
        return { ...base, type: 'text', text: message.text.content }
      case 'news':
        return { ...base, type: 'link', ...message.news }
      case 'miniprogram':
        return { ...base, type: 'miniprogram', ...message.miniprogram }
      default: {
        const mediaId =
          message.msgtype === 'image' ? message.image.mediaid : message.msgtype === 'video' ? message.video.mediaid : message.file.mediaid
        const invalid = { ok: false, errMsg: 'sendChatMessage:fail 40007 invalid media_id' } as const
        if (!isMediaId(mediaId)) return invalid
        try {
          const media = await checkSimMedia(mediaId)
          if (!media.valid) return invalid
          if (media.type && media.type !== message.msgtype) return { ok: false, errMsg: 'sendChatMessage:fail 40004 invalid media type' }
          return {
            ...base,
            type: message.msgtype,
            src: media.contentUrl ? simMediaContentPath(mediaId) : null,
            name: media.filename ?? mediaId,
            size: media.size ?? null,
          }
        } catch (err) {
          return { ok: false, errMsg: `sendChatMessage:fail ${describeError(err)}` }
        }
      }
    }
  }

  /** What the visitor typed into the chat window as the staff member: it stays on this page. */
  function say(text: string): void {
    const key = selected.value?.key
    const trimmed = text.trim()
    if (key && trimmed) append(key, { id: nextId(), from: 'staff', mine: true, type: 'text', text: trimmed })
  }

  return { data, isLoading, error, chats, selectedKey, selected, context, receivedCount, load, select, receiveFromSidebar, say }
})

/**
 * A staff line without a name is the signed-in staff member's own (one-to-one chats); in a group a named staff line
 * is a colleague's, shown on the left with the name, as WeCom does.
 */
function isMine(m: PlaygroundMessage): boolean {
  return m.from === 'staff' && !m.name
}

function previewOf(line: ChatLine): string {
  switch (line.type) {
    case 'text':
      return line.text
    case 'link':
      return t('playground.chat.linkPreview', { title: line.title })
    case 'image':
      return t('playground.chat.imagePreview')
    case 'video':
      return t('playground.chat.videoPreview')
    case 'file':
      return t('playground.chat.filePreview', { name: line.name })
    case 'miniprogram':
      return t('playground.chat.miniprogramPreview', { title: line.title })
  }
}
