import type { YoumiIdentity } from '../../../contracts/contacts.js'
import type { MediaContent, MediaFile } from '../../../contracts/content.js'
import type { Send, SendContent } from '../../../contracts/sends.js'

// What the sends service needs from the rest of the proxy, named by what it asks rather than by who answers.

/** Turns a file into a WeCom media id (`services/media`): cached by content, uploaded again when `fresh`. */
export interface MediaResolver {
  mediaIdFor(file: MediaFile, kind: MediaContent['type'], options?: { fresh?: boolean }): Promise<string>
  /** The same checks for a file a vendor downloads itself (Youmi), refusing with the same codes; nothing is uploaded. */
  check(file: MediaFile, kind: MediaContent['type']): Promise<void>
}
/** The Youmi identity of a 企客聊 friend the staff member entered the sidebar for (`services/friends`). */
export interface FriendLookup {
  identityFor(userId: string, friendId: string): Promise<YoumiIdentity | null>
}
/** Counts library materials as used (`services/materials`): those of `ids` whose content is one of `content`. */
export interface MaterialUse {
  countUse(ids: string[], content: readonly SendContent[]): Promise<void>
}

export interface CreateOutcome {
  send: Send
  replayed: boolean
}

export interface SendLog {
  error(obj: object, msg: string): void
}
