import type { Messages } from '../zh-CN/index.js'

export const content: Messages['content'] = {
  kind: {
    text: 'Text',
    image: 'Image',
    video: 'Video',
    file: 'File',
    link: 'Link',
    miniprogram: 'Mini program',
    groupShare: 'Group invite',
  },
  line: '{what} · {name}',
  andMore: '({n} items)',
  onlyChat: 'Mini programs can only be sent to the chat',
  onlyRpa: 'Group invites can only go out as a scheduled broadcast',
  noChannel: 'No way to send this right now',
  size: { b: '{n} B', kb: '{n} KB', mb: '{n} MB' },
}
