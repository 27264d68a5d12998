/** How each kind of content is named in one line: recent sends, send progress, the materials list. */
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
