// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { CONTENT_KINDS, type Content } from '../../contracts/content.js'
import {
  describeContent,
  describeContents,
  describeMore,
  fileSrc,
  fileTone,
  formatLabel,
  formatSize,
  unavailableReason,
} from './describe.js'

const FILE_ID = '6f1c2a4e-8a7b-4c1d-9e2f-0a1b2c3d4e5f'
const EVERY: Record<Content['type'], Content> = {
  text: { type: 'text', text: '您好，\n  新品到了' },
  image: { type: 'image', file: { fileId: FILE_ID, name: '展厅外观.png' } },
  video: { type: 'video', file: { fileId: FILE_ID, name: '新品预告.mp4' } },
  file: { type: 'file', file: { url: 'https://cdn.example.com/报价单.pdf', name: '报价单.pdf' } },
  link: { type: 'link', url: 'https://example.com', title: 'X3 Pro 开孔图' },
  miniprogram: {
    type: 'miniprogram',
    appId: 'wx8bd80126147dfa6e',
    title: '星禾商城',
    page: 'pages/index/index.html',
    thumbUrl: 'https://example.com/a.png',
  },
  groupShare: {
    type: 'groupShare',
    roomId: '46218981780@chatroom',
    roomName: '星禾老客户福利群',
    flag: 'flag:000022',
    msgType: '6',
    wechatId: 1,
    wechatLei: 0,
  },
}

describe('describeContent', () => {
  it.each([
    ['text', '您好， 新品到了'],
    ['image', '图片 · 展厅外观.png'],
    ['video', '视频 · 新品预告.mp4'],
    ['file', '文件 · 报价单.pdf'],
    ['link', '链接 · X3 Pro 开孔图'],
    ['miniprogram', '小程序 · 星禾商城'],
    ['groupShare', '群共享 · 星禾老客户福利群'],
  ] as const)('%s → %s', (kind, words) => {
    expect(describeContent(EVERY[kind])).toBe(words)
  })

  it('covers every kind the contract knows', () => {
    expect(Object.keys(EVERY).sort()).toEqual([...CONTENT_KINDS].sort())
    for (const kind of CONTENT_KINDS) expect(describeContent(EVERY[kind])).not.toMatch(/^content\.|undefined/)
  })

  it('counts several items sent together after the first, and says nothing for one', () => {
    expect(describeMore([EVERY.text, EVERY.image, EVERY.link])).toBe('等 3 项')
    expect(describeMore([EVERY.text])).toBe('')
  })

  it('names several items in sending order', () => {
    expect(describeContents([EVERY.image, EVERY.file, EVERY.text])).toBe('图片 · 展厅外观.png；文件 · 报价单.pdf；您好， 新品到了')
  })
})

describe('formatSize', () => {
  it.each([
    [512, '512 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [380 * 1024, '380 KB'],
    [2.44 * 1024 * 1024, '2.4 MB'],
    [20 * 1024 * 1024, '20 MB'],
    // The admin form's sizes read the same.
    [900, '900 B'],
    [820 * 1024, '820 KB'],
    [3.4 * 1024 * 1024, '3.4 MB'],
    [2 * 1024 * 1024, '2 MB'],
  ])('%i bytes → %s', (bytes, text) => expect(formatSize(bytes)).toBe(text))

  it('says nothing about a size nobody knows', () => expect(formatSize(undefined)).toBe(''))
})

describe('files', () => {
  it('shows a library file from its public path, an allow-listed one from its URL', () => {
    expect(fileSrc({ fileId: FILE_ID, name: '展厅 外观.png' })).toBe(`/files/${FILE_ID}/%E5%B1%95%E5%8E%85%20%E5%A4%96%E8%A7%82.png`)
    expect(fileSrc({ url: 'https://cdn.example.com/a.pdf', name: 'a.pdf' })).toBe('https://cdn.example.com/a.pdf')
    expect(fileSrc({ url: 'javascript:alert(1)', name: 'a.pdf' })).toBeNull()
  })

  it('labels and colours a file by its format', () => {
    expect(formatLabel('报价单.PDF')).toBe('PDF')
    expect(formatLabel('README')).toBe('')
    expect(fileTone('a.pdf')).toBe('pdf')
    expect(fileTone('a.xlsx')).toBe('sheet')
    expect(fileTone('a.docx')).toBe('doc')
    expect(fileTone('a.pptx')).toBe('slides')
    expect(fileTone('a.bin')).toBe('other')
  })
})

describe('unavailableReason', () => {
  it('allows what each channel carries', () => {
    for (const kind of ['text', 'image', 'video', 'file', 'link'] as const) {
      expect(unavailableReason(kind, 'chat')).toBe('')
      expect(unavailableReason(kind, 'rpa')).toBe('')
    }
    expect(unavailableReason('miniprogram', 'chat')).toBe('')
    expect(unavailableReason('groupShare', 'rpa')).toBe('')
  })

  it('says why a kind cannot go out on the other channel', () => {
    expect(unavailableReason('miniprogram', 'rpa')).toBe('小程序只能发到聊天')
    expect(unavailableReason('groupShare', 'chat')).toBe('群共享只能通过定时群发')
  })

  it('refuses everything when no channel works here', () => {
    expect(unavailableReason('text', null)).toBe('当前没有可用的发送方式')
  })
})
