import { describe, expect, it } from 'vitest'
import { channelsFor, Content, formatOf, MEDIA_LIMITS } from './content.js'

const MB = 1024 * 1024
const FILE_ID = '6f1c1c1e-2f7a-4a55-9d8e-3b1b2f0f5a11'
const messages = (v: unknown) => {
  const r = Content.safeParse(v)
  return r.success ? [] : r.error.issues.map((i) => i.message)
}

describe('Content: each kind with its limits, in words a person understands', () => {
  it('text: 1–2000 characters after trimming', () => {
    expect(messages({ type: 'text', text: '您好' })).toEqual([])
    expect(messages({ type: 'text', text: '   ' })).toEqual(['文字不能为空'])
    expect(messages({ type: 'text', text: '字'.repeat(2001) })).toEqual(['文字最多 2000 字'])
  })

  it('image: jpg or png, at most 10 MB', () => {
    expect(messages({ type: 'image', file: { fileId: FILE_ID, name: '展厅.JPG', size: MEDIA_LIMITS.image } })).toEqual([])
    expect(messages({ type: 'image', file: { fileId: FILE_ID, name: '展厅.gif' } })).toEqual(['图片只支持 jpg / png 格式'])
    expect(messages({ type: 'image', file: { fileId: FILE_ID, name: '展厅.png', size: 10 * MB + 1 } })).toEqual(['图片不能超过 10 MB'])
  })

  it('video: mp4, at most 10 MB', () => {
    expect(messages({ type: 'video', file: { url: 'https://cdn.example.com/a.mp4', name: 'a.mp4' } })).toEqual([])
    expect(messages({ type: 'video', file: { fileId: FILE_ID, name: 'a.mov' } })).toEqual(['视频只支持 mp4 格式'])
    expect(messages({ type: 'video', file: { fileId: FILE_ID, name: 'a.mp4', size: 11 * MB } })).toEqual(['视频不能超过 10 MB'])
  })

  it('file: any format with an extension, at most 20 MB', () => {
    expect(messages({ type: 'file', file: { fileId: FILE_ID, name: '价目表.xlsx', size: 20 * MB } })).toEqual([])
    expect(messages({ type: 'file', file: { fileId: FILE_ID, name: '价目表' } })).toEqual(['文件名需要带扩展名，例如 报价单.pdf'])
    expect(messages({ type: 'file', file: { fileId: FILE_ID, name: 'a.pdf', size: 20 * MB + 1 } })).toEqual(['文件不能超过 20 MB'])
  })

  it('a file has exactly one source and a safe name', () => {
    expect(messages({ type: 'file', file: { name: 'a.pdf' } })).toEqual(['文件请只给一个来源：素材库文件（fileId）或链接（url）'])
    expect(messages({ type: 'file', file: { fileId: FILE_ID, url: 'https://x.example.com/a.pdf', name: 'a.pdf' } })).toHaveLength(1)
    expect(messages({ type: 'file', file: { fileId: FILE_ID, name: '../etc/passwd.txt' } })).toEqual(['文件名不能包含 / \\ 或控制字符'])
    expect(messages({ type: 'file', file: { url: 'ftp://x.example.com/a.pdf', name: 'a.pdf' } })).toEqual(['文件地址必须是 http(s) 链接'])
  })

  it('link: url and title required', () => {
    expect(messages({ type: 'link', url: 'https://a.example.com', title: '活动' })).toEqual([])
    expect(messages({ type: 'link', url: 'javascript:alert(1)', title: '活动' })).toEqual(['链接地址必须是 http(s) 链接'])
  })

  it('miniprogram: a wx AppID, a page ending in .html, a cover', () => {
    const ok = {
      type: 'miniprogram',
      appId: 'wx8bd80126147dfa6e',
      title: '预约试驾',
      page: 'pages/booking/index.html?from=sidebar',
      thumbUrl: 'https://a.example.com/c.png',
    }
    expect(messages(ok)).toEqual([])
    expect(messages({ ...ok, page: 'pages/booking/index' })).toEqual(['小程序页面路径必须以 .html 结尾，例如 pages/index/index.html'])
    expect(messages({ ...ok, appId: 'gh_1234' })).toEqual(['小程序 AppID 是 wx 加 16 位十六进制字符，例如 wx8bd80126147dfa6e'])
    expect(messages({ ...ok, thumbUrl: undefined })).toHaveLength(1)
  })

  it('groupShare: the seed example parses and defaults msgType and wechatLei', () => {
    const seed = { type: 'groupShare', flag: 'flag:000022', roomId: '46218981780@chatroom', roomName: '8.22群共享', wechatId: 3430 }
    expect(Content.parse(seed)).toEqual({ ...seed, msgType: '6', wechatLei: 0 })
    expect(messages({ ...seed, roomId: '46218981780' })).toEqual(['群 ID 形如 46218981780@chatroom'])
  })

  it('channels: a mini program only in the chat, a group share only through Youmi', () => {
    expect(channelsFor('miniprogram')).toEqual(['chat'])
    expect(channelsFor('groupShare')).toEqual(['rpa'])
    expect(channelsFor('image')).toEqual(['rpa', 'chat'])
  })

  it('formatOf reads the extension, lower-cased', () => {
    expect(formatOf('报价单.PDF')).toBe('pdf')
    expect(formatOf('.bashrc')).toBe('')
    expect(formatOf('a.')).toBe('')
  })
})
