import type { ChatMessage } from '../../contracts/sends.js'

/** Where the sidebar runs. Each has an adapter behind `Host`; the rest of the app never asks which. */
export type HostKind = 'wecom' | 'playground' | 'qikeliao'

/** What the chat beside the sidebar is about. */
export type HostContext =
  /** `canChat` false: the host shows this customer where messages cannot be sent (WeCom's profile page). */
  | { kind: 'contact'; externalUserId: string; canChat?: boolean }
  | { kind: 'group'; chatId: string }
  /** A 企客聊 friend (personal WeChat, reached through Youmi), as the entry stored it (`GET /api/friends/:id`). */
  | { kind: 'friend'; friendId: string }
  /** Opened somewhere that is not a customer chat (`entry` as the host names it). */
  | { kind: 'none'; entry: string }

export interface Host {
  readonly kind: HostKind
  /** Whether 「发到聊天」 can work here at all. */
  readonly canSendToChat: boolean
  /** Asks the host which chat the sidebar sits beside. Rejects with a `HostError`. */
  getContext(): Promise<HostContext>
  /** Tells when the chat beside the sidebar may have changed; returns the unsubscribe. */
  onContextChange(listener: () => void): () => void
  /** Puts one message into the current chat (the host may ask the staff member to confirm). Rejects with a `HostError`. */
  sendChatMessage(message: ChatMessage): Promise<void>
  /**
   * WeCom only: shows a name WeCom withholds from the app inside `el`, with WeCom's open-data element (the JS-SDK's
   * `createOpenDataFrameFactory`); resolves to the unmount once it shows, rejects when it cannot.
   */
  showOpenData?(el: HTMLElement, kind: OpenDataKind, id: string): Promise<() => void>
  dispose(): void
}

/** What WeCom's open-data element can name: a staff member (userid) or a department (id). */
export type OpenDataKind = 'userName' | 'departmentName'

/** Why a host call failed, in terms of what someone has to fix (see `boot.host.*` in i18n). */
export type HostErrorReason =
  | 'noPermission'
  | 'noContactContext'
  | 'badSignature'
  | 'untrustedDomain'
  | 'aborted'
  | 'cancelled'
  | 'unsupported'
  | 'timeout'
  | 'playgroundLost'
  | 'wrongChat'
  | 'unknown'

/** The same chat (customer, group or non-chat entry), whatever else the host says about it. */
export function sameHostContext(a: HostContext | null, b: HostContext | null): boolean {
  if (!a || !b) return a === b
  if (a.kind === 'contact' && b.kind === 'contact') return a.externalUserId === b.externalUserId
  if (a.kind === 'group' && b.kind === 'group') return a.chatId === b.chatId
  if (a.kind === 'friend' && b.kind === 'friend') return a.friendId === b.friendId
  return a.kind === 'none' && b.kind === 'none' && a.entry === b.entry
}

export class HostError extends Error {
  // Assigned, not class fields: see ApiFailure (src/errors.ts).
  declare readonly reason: HostErrorReason
  /** The host's own words (e.g. the JS-SDK's errMsg), for the log and the "unknown" message. */
  declare readonly detail: string

  constructor(reason: HostErrorReason, detail: string) {
    super(`${reason}: ${detail}`)
    this.name = 'HostError'
    this.reason = reason
    this.detail = detail
  }
}

/** Messages between the playground page and the sidebar in its iframe (same origin only). */
export type PlaygroundToSidebar =
  | { channel: 'sidebar-playground'; type: 'context'; context: HostContext }
  | { channel: 'sidebar-playground'; type: 'sendResult'; id: string; ok: boolean; errMsg?: string }

export type SidebarToPlayground =
  { channel: 'sidebar-playground'; type: 'ready' } | { channel: 'sidebar-playground'; type: 'send'; id: string; message: ChatMessage }

export const PLAYGROUND_CHANNEL = 'sidebar-playground'
