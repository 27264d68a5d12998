import { defineStore } from 'pinia'
import { reactive } from 'vue'
import type { SendChannel } from '../../contracts/sends.js'

export type ScheduleChoice = 'now' | '30m' | '2h' | 'tomorrow9' | 'custom'

export interface ComposerDraft {
  text: string
  linkOpen: boolean
  link: { url: string; title: string; description: string; thumbUrl: string }
  channel: SendChannel | null
  schedule: ScheduleChoice
  /** `datetime-local` text for the custom choice. */
  customAt: string
  /** Its last 发送 was refused because the sign-in had expired (nothing went out): the composer says so after the reload. */
  unsent?: boolean
}

const empty = (): ComposerDraft => ({
  text: '',
  linkOpen: false,
  link: { url: '', title: '', description: '', thumbUrl: '' },
  channel: null,
  schedule: 'now',
  customAt: '',
  unsent: false,
})

const STORAGE_KEY = 'sidebar.drafts'

/**
 * What staff typed for each chat, kept while they look at campaigns or another chat and come back — and across
 * the page reload of a new sign-in (sessionStorage: this tab only, gone when it closes; no identity in it).
 */
export const useDraftsStore = defineStore('drafts', () => {
  const drafts = reactive(new Map<string, ComposerDraft>(restore()))

  /** Keeps the drafts for the reload that follows (sign-in again, a new release); `unsent`: chats whose 发送 it cut off. */
  function persist(unsent: readonly string[] = []): void {
    for (const key of unsent) if (drafts.has(key)) drafts.get(key)!.unsent = true
    const worth = [...drafts].filter(([, d]) => d.text.trim() || d.link.url.trim() || d.link.title.trim())
    try {
      if (worth.length) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(worth))
    } catch {
      // Storage full or disabled: the reload loses the drafts, as it would have anyway.
    }
  }

  function draftFor(key: string): ComposerDraft {
    let d = drafts.get(key)
    if (!d) {
      drafts.set(key, empty())
      d = drafts.get(key)!
    }
    return d
  }

  /** After a send went out: the words are gone, the channel choice stays. */
  function clear(key: string): void {
    const d = draftFor(key)
    Object.assign(d, { ...empty(), channel: d.channel })
  }

  return { drafts, draftFor, clear, persist }
})

function restore(): [string, ComposerDraft][] {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY)
    sessionStorage.removeItem(STORAGE_KEY)
    const parsed: unknown = raw ? JSON.parse(raw) : []
    if (!Array.isArray(parsed)) return []
    return parsed
      .filter(
        (e): e is [string, Partial<ComposerDraft>] =>
          Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'object' && e[1] !== null,
      )
      .map(([key, d]) => [key, { ...empty(), ...d, link: { ...empty().link, ...d.link } }])
  } catch {
    return []
  }
}
