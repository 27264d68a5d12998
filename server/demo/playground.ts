import type { Playground, PlaygroundMessage } from '../../contracts/demo.js'
import { demoContactChats, demoGroupChats, type DemoChatLine } from '../sim/demo-chats.js'
import { avatarSvg } from '../sim/avatars.js'
import { demoContacts, demoGroups, findStaff } from '../sim/demo-data.js'

/**
 * The chat list's avatars ride in the answer as `data:` URLs: the very pictures the simulator serves (its SVG of a
 * coloured circle and an initial, sized for the list's 40 px), without one request each. Eight of them were eight
 * requests of ≈ 330 bytes of SVG and ≈ 450 of headers before the sidebar's frame showed a name; in the answer they
 * compress together (brotli) to a few hundred bytes. The sidebar's own card still asks the simulator, through the
 * proxy's /sim pass-through, as it would ask WeCom's CDN.
 */
const avatarUrl = (id: string, name: string) => `data:image/svg+xml,${encodeURIComponent(avatarSvg(id, name, 40))}`
/** The signed-in staff member's own lines carry no name: the playground draws them on the right, as「我」. */
const messageFor =
  (myName: string | undefined) =>
  (l: DemoChatLine): PlaygroundMessage => ({
    from: l.from,
    text: l.text,
    ...(l.name && !(l.from === 'staff' && l.name === myName) ? { name: l.name } : {}),
  })

/**
 * What the playground shows a signed-in staff member: their demo customers and customer groups, in the demo data's
 * order, each with a short conversation. Read from the demo data itself: it is the simulated chat, not vendor data.
 */
export function playgroundFor(userId: string): Playground {
  const message = messageFor(findStaff(userId)?.name)
  const contacts = demoContacts.flatMap((c) => {
    const follow = c.follows.find((f) => f.userId === userId)
    if (!follow) return []
    const messages = (demoContactChats[c.externalUserId] ?? []).map(message)
    return [
      {
        externalUserId: c.externalUserId,
        name: follow.remark || c.name,
        avatar: avatarUrl(c.externalUserId, c.name),
        preview: messages.at(-1)?.text ?? '',
        messages,
      },
    ]
  })
  const groups = demoGroups
    .filter((g) => g.owner === userId || g.members.some((m) => m.type === 1 && m.userId === userId))
    .map((g) => {
      const messages = (demoGroupChats[g.chatId] ?? []).map(message)
      const last = messages.at(-1)
      // A group's chat list shows who wrote the last line, as WeCom does.
      return {
        chatId: g.chatId,
        name: g.name,
        memberCount: g.members.length,
        preview: last ? `${last.name ? `${last.name}：` : ''}${last.text}` : '',
        messages,
      }
    })
  return { contacts, groups }
}
