/**
 * How each kind of content is named, everywhere (content/describe.ts `kindLabel`): recent sends, send progress, the
 * 素材 tab, the admin pages, the playground's chat bubbles.
 */
export const content = {
  kind: {
    text: '文字',
    image: '图片',
    video: '视频',
    file: '文件',
    link: '链接',
    miniprogram: '小程序',
    groupShare: '群共享',
  },
  /** `{what}` is the kind above, `{name}` the file name, title or group name. */
  line: '{what} · {name}',
  /** After the first of several items sent together: `{n}` items in all. */
  andMore: '等 {n} 项',
  /** Only one channel carries these kinds (contracts/content.ts `channelsFor`). */
  onlyChat: '小程序只能发到聊天',
  onlyRpa: '群共享只能通过定时群发',
  noChannel: '当前没有可用的发送方式',
  size: {
    b: '{n} B',
    kb: '{n} KB',
    mb: '{n} MB',
  },
}
