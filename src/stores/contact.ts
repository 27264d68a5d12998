import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { Contact } from '../../contracts/contacts.js'
import type { Friend } from '../../contracts/friends.js'
import type { Group } from '../../contracts/groups.js'
import { fetchContact, fetchGroup } from '../api/contacts.js'
import { fetchFriend } from '../api/friends.js'
import { useLatest, type IsLatest } from '../composables/latest.js'
import { failureOf, type Failure } from '../errors.js'
import type { HostContext } from '../host/index.js'

export type ChatTarget =
  | { kind: 'contact'; externalUserId: string }
  | { kind: 'group'; chatId: string }
  /** A 企客聊 friend: reached through Youmi only. */
  | { kind: 'friend'; friendId: string }

export const targetKey = (t: ChatTarget) =>
  t.kind === 'contact' ? `contact:${t.externalUserId}` : t.kind === 'group' ? `group:${t.chatId}` : `friend:${t.friendId}`

export function targetOf(context: HostContext | null): ChatTarget | null {
  if (context?.kind === 'contact') return { kind: 'contact', externalUserId: context.externalUserId }
  if (context?.kind === 'group') return { kind: 'group', chatId: context.chatId }
  if (context?.kind === 'friend') return { kind: 'friend', friendId: context.friendId }
  return null
}

/**
 * The customer (or customer group) beside the sidebar. Profiles already seen are kept, so switching back to a chat
 * shows it at once while a fresh copy loads.
 */
export const useContactStore = defineStore('contact', () => {
  const contacts = ref(new Map<string, Contact>())
  const groups = ref(new Map<string, Group>())
  const friends = ref(new Map<string, Friend>())
  const target = shallowRef<ChatTarget | null>(null)
  const loading = ref(false)
  const error = ref<Failure | null>(null)
  const latest = useLatest()
  /** The load of the current target while it is on its way: asking again for the same customer joins it. */
  let inflight: Promise<void> | null = null

  async function show(next: ChatTarget | null, options: { force?: boolean } = {}): Promise<void> {
    // The boot asks as soon as the host names the customer, the view again when it mounts: one request.
    if (!options.force && inflight && next && target.value && targetKey(next) === targetKey(target.value)) return inflight
    target.value = next
    error.value = null
    inflight = null
    // A new question, even "nobody": whatever the previous load answers now is stale.
    const isLatest = latest.next()
    if (!next) return
    const cached =
      next.kind === 'contact'
        ? contacts.value.get(next.externalUserId)
        : next.kind === 'group'
          ? groups.value.get(next.chatId)
          : friends.value.get(next.friendId)
    const load = refresh(next, isLatest, !!cached && !options.force)
    inflight = load
    void load.finally(() => {
      if (inflight === load) inflight = null
    })
    // Shown from memory: refreshed quietly behind it.
    if (cached && !options.force) return
    await load
  }

  async function refresh(next: ChatTarget, isLatest: IsLatest, quiet: boolean): Promise<void> {
    if (!quiet) loading.value = true
    try {
      if (next.kind === 'contact') {
        const c = await fetchContact(next.externalUserId)
        contacts.value.set(c.externalUserId, c)
      } else if (next.kind === 'group') {
        const g = await fetchGroup(next.chatId)
        groups.value.set(g.chatId, g)
      } else {
        const f = await fetchFriend(next.friendId)
        friends.value.set(f.id, f)
      }
    } catch (err) {
      if (isLatest() && !quiet) error.value = failureOf(err)
    } finally {
      if (isLatest()) loading.value = false
    }
  }

  const reload = () => show(target.value, { force: true })

  return { contacts, groups, friends, target, loading, error, show, reload }
})
