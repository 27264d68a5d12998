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
}

const empty = (): ComposerDraft => ({
  text: '',
  linkOpen: false,
  link: { url: '', title: '', description: '', thumbUrl: '' },
  channel: null,
  schedule: 'now',
  customAt: '',
})

/** What staff typed for each chat, kept while they look at campaigns or another chat and come back. */
export const useDraftsStore = defineStore('drafts', () => {
  const drafts = reactive(new Map<string, ComposerDraft>())

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

  return { drafts, draftFor, clear }
})
