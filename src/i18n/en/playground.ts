import type { Messages } from '../zh-CN/index.js'

export const playground: Messages['playground'] = {
  documentTitle: 'Customer Assistant · Demo',
  banner:
    'Demo mode: on the left a simulated WeCom chat, on the right the real Customer Assistant sidebar (data from the built-in vendor simulator)',
  bannerNarrow: 'Demo mode: “Chat” is a simulated WeCom chat, “Sidebar” the real Customer Assistant (simulated vendor data)',
  adminLink: 'Admin',
  loading: 'Preparing the demo chats…',
  loadFailed: 'Could not load the demo chats',
  empty: {
    title: 'No chats to demo',
    message: 'The signed-in member has no demo customers or groups. Sign in as another member and try again.',
  },
  list: { label: 'Demo chats', contacts: 'Customers', groups: 'Groups', group: 'Group' },
  pane: { label: 'Switch between chat and sidebar', chat: 'Chat', sidebar: 'Sidebar' },
  chat: {
    members: '({n})',
    hint: 'A simulated chat. “Send to chat” in Customer Assistant and it shows up here.',
    noMessages: 'No messages yet',
    noChat: 'Choose a chat',
    me: 'Me',
    linkPreview: '[Link] {title}',
    imagePreview: '[Image]',
    videoPreview: '[Video]',
    filePreview: '[File] {name}',
    miniprogramPreview: '[Mini program] {title}',
    mediaGone: 'The file is no longer in the simulator',
    messagesLabel: 'Messages',
    inputLabel: 'Type a message as the staff member',
    inputPlaceholder: 'Type as the staff member, shown on this page only',
    send: 'Send',
  },
  sidebar: { frameTitle: 'Customer Assistant sidebar', reload: 'Reload the sidebar', language: 'Sidebar language' },
  // The switch between the two hosts the playground can run the sidebar in (WeCom, 企客聊).
  hostSwitch: {
    label: 'Sidebar runs in',
    wecom: 'WeCom',
    qikeliao: 'Qikeliao',
    minting: 'Creating the Qikeliao entry link…',
    groupUnsupported: 'Qikeliao opens the sidebar only in a chat with one customer; for customer groups switch back to WeCom.',
    mintFailed: 'Could not create the Qikeliao entry link',
  },
}
