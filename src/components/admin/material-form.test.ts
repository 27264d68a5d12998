// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { Material } from '../../../contracts/materials.js'
import { check, draftOf, emptyDraft, kindForFile, kindsOfFile, nameFromUrl, snapshotOf, type MaterialDraft } from './material-form.js'

const FILE_ID = '6f1c2a4e-8a7b-4c1d-9e2f-0a1b2c3d4e5f'
const MB = 1024 * 1024

function draft(kind: MaterialDraft['kind'], edit: (d: MaterialDraft) => void = () => {}): MaterialDraft {
  const d = emptyDraft(kind)
  d.title = '双十一海报'
  edit(d)
  return d
}

describe('check: the fields every material has', () => {
  it('passes a complete text material, trimmed, with the defaults filled', () => {
    const { input, problems } = check(draft('text', (d) => (d.text = '  限时八折，今晚 12 点截止  ')))
    expect(problems).toEqual({})
    expect(input).toEqual({ title: '双十一海报', folder: '', tags: [], content: { type: 'text', text: '限时八折，今晚 12 点截止' } })
  })

  it('names an empty title, a folder with a slash and a tag too long with the contract’s words', () => {
    const d = draft('text', (x) => {
      x.title = '   '
      x.folder = '活动/双十一'
      x.tags = ['新品', '这是一个特别特别特别特别长的标签名称']
      x.text = '好'
    })
    expect(check(d).problems).toEqual({
      title: '素材标题不能为空',
      folder: '文件夹名称不能包含 /',
      tags: '标签最多 16 字',
    })
    expect(check(d).input).toBeNull()
  })

  it('refuses more than 10 tags', () => {
    const d = draft('text', (x) => {
      x.text = '好'
      x.tags = Array.from({ length: 11 }, (_, i) => `标签${i}`)
    })
    expect(check(d).problems.tags).toBe('最多 10 个标签')
  })
})

describe('check: each kind', () => {
  it('text: empty and over 2000 characters', () => {
    expect(check(draft('text')).problems).toEqual({ 'content.text': '文字不能为空' })
    expect(check(draft('text', (d) => (d.text = 'a'.repeat(2001)))).problems).toEqual({ 'content.text': '文字最多 2000 字' })
    expect(check(draft('text', (d) => (d.text = 'a'.repeat(2000)))).problems).toEqual({})
  })

  it('image: asks for a file first, in the form’s words', () => {
    expect(check(draft('image')).problems['content.file']).toBe('请上传文件，或改用链接')
    const byUrl = draft('image', (d) => (d.media.source = 'url'))
    expect(check(byUrl).problems['content.file']).toBe('请填写文件链接')
  })

  it('image: an uploaded png passes with its fileId, name and size', () => {
    const d = draft('image', (x) => {
      x.media.stored = { fileId: FILE_ID, name: 'poster.png', size: 2 * MB, kinds: ['image', 'file'] }
      x.media.name = 'poster.png'
    })
    expect(check(d)).toEqual({
      problems: {},
      input: {
        title: '双十一海报',
        folder: '',
        tags: [],
        content: { type: 'image', file: { fileId: FILE_ID, name: 'poster.png', size: 2 * MB } },
      },
    })
  })

  it('image: a pdf name or a file over 10 MB is refused with the contract’s message', () => {
    const pdf = draft('image', (x) => {
      x.media.stored = { fileId: FILE_ID, name: '报价单.pdf', size: MB, kinds: ['file'] }
      x.media.name = '报价单.pdf'
    })
    expect(check(pdf).problems).toEqual({ 'content.file.name': '图片只支持 jpg / png 格式' })
    const big = draft('image', (x) => {
      x.media.stored = { fileId: FILE_ID, name: 'big.jpg', size: 11 * MB, kinds: ['file'] }
      x.media.name = 'big.jpg'
    })
    expect(check(big).problems).toEqual({ 'content.file.size': '图片不能超过 10 MB' })
  })

  it('video: only mp4', () => {
    const d = draft('video', (x) => {
      x.media.source = 'url'
      x.media.url = 'https://cdn.example.com/a.mov'
      x.media.name = 'a.mov'
    })
    expect(check(d).problems).toEqual({ 'content.file.name': '视频只支持 mp4 格式' })
    d.media.name = 'a.mp4'
    expect(check(d).input?.content).toEqual({ type: 'video', file: { url: 'https://cdn.example.com/a.mov', name: 'a.mp4' } })
  })

  it('file: needs an extension, and a URL must be http(s)', () => {
    const d = draft('file', (x) => {
      x.media.source = 'url'
      x.media.url = 'ftp://files.example.com/price'
      x.media.name = 'price'
    })
    expect(check(d).problems).toEqual({
      'content.file.url': '文件地址必须是 http(s) 链接',
      'content.file.name': '文件名需要带扩展名，例如 报价单.pdf',
    })
  })

  it('link: url and title required, thumbnail optional but http(s)', () => {
    expect(check(draft('link')).problems).toEqual({ 'content.url': '链接地址必须是 http(s) 链接', 'content.title': '链接需要标题' })
    const d = draft(
      'link',
      (x) => (x.link = { url: 'https://shop.example.com/11', title: '双十一会场', description: '', thumbUrl: 'not a url' }),
    )
    expect(check(d).problems).toEqual({ 'content.thumbUrl': '缩略图必须是 http(s) 链接' })
    d.link.thumbUrl = ''
    // Empty optional fields are left out, not sent as ''.
    expect(check(d).input?.content).toEqual({ type: 'link', url: 'https://shop.example.com/11', title: '双十一会场' })
  })

  it('miniprogram: AppID, a page ending in .html and a cover', () => {
    const d = draft('miniprogram', (x) => (x.miniprogram = { appId: 'wx123', title: '会员中心', page: 'pages/index/index', thumbUrl: '' }))
    expect(check(d).problems).toEqual({
      'content.appId': '小程序 AppID 是 wx 加 16 位十六进制字符，例如 wx8bd80126147dfa6e',
      'content.page': '小程序页面路径必须以 .html 结尾，例如 pages/index/index.html',
      'content.thumbUrl': '小程序封面必须是 http(s) 链接',
    })
    d.miniprogram = {
      appId: 'wx8bd80126147dfa6e',
      title: '会员中心',
      page: 'pages/index/index.html?from=sidebar',
      thumbUrl: 'https://img.example.com/c.png',
    }
    expect(check(d).problems).toEqual({})
  })

  it('groupShare: the seed’s example passes, numbers become numbers', () => {
    const d = draft('groupShare', (x) => {
      x.groupShare = {
        roomId: '46218981780@chatroom',
        roomName: 'VIP 客户群',
        flag: 'flag:000022',
        msgType: '6',
        wechatId: '3430',
        wechatLei: '0',
      }
    })
    expect(check(d).input?.content).toEqual({
      type: 'groupShare',
      roomId: '46218981780@chatroom',
      roomName: 'VIP 客户群',
      flag: 'flag:000022',
      msgType: '6',
      wechatId: 3430,
      wechatLei: 0,
    })
  })

  it('groupShare: a bad room id, a missing wechatId and a word for msgType are named', () => {
    const d = draft('groupShare', (x) => {
      x.groupShare = { roomId: '46218981780', roomName: 'VIP', flag: 'flag:000022', msgType: 'six', wechatId: '', wechatLei: '' }
    })
    expect(check(d).problems).toEqual({
      'content.roomId': '群 ID 形如 46218981780@chatroom',
      'content.msgType': 'msgType 是数字，例如 6',
      'content.wechatId': 'wechatId 是友米运营号的数字编号',
    })
    d.groupShare.wechatId = '34a'
    expect(check(d).problems['content.wechatId']).toBe('wechatId 是友米运营号的数字编号')
  })
})

describe('files and kinds', () => {
  it('kindsOfFile follows the contract’s formats and limits', () => {
    expect(kindsOfFile('a.PNG', MB)).toEqual(['image', 'file'])
    expect(kindsOfFile('a.jpg', 11 * MB)).toEqual(['file'])
    expect(kindsOfFile('a.mp4', 3 * MB)).toEqual(['video', 'file'])
    expect(kindsOfFile('a.pdf', 3 * MB)).toEqual(['file'])
    expect(kindsOfFile('a.pdf', 21 * MB)).toEqual([])
  })

  it('kindForFile keeps a kind the file allows, else prefers a picture or video to a plain file', () => {
    expect(kindForFile('file', ['image', 'file'])).toBe('file')
    expect(kindForFile('image', ['image', 'file'])).toBe('image')
    expect(kindForFile('image', ['video', 'file'])).toBe('video')
    expect(kindForFile('video', ['file'])).toBe('file')
    expect(kindForFile('text', ['image', 'file'])).toBe('image')
    expect(kindForFile('image', [])).toBeNull()
  })

  it('nameFromUrl', () => {
    expect(nameFromUrl('https://cdn.example.com/a/%E6%B5%B7%E6%8A%A5.png?x=1')).toBe('海报.png')
    expect(nameFromUrl('nope')).toBe('')
  })
})

describe('draftOf', () => {
  const base = {
    id: FILE_ID,
    title: '报价单',
    folder: '销售',
    tags: ['B2B'],
    createdBy: 'zhangwei',
    createdAt: '2025-11-20T10:00:00.000Z',
    updatedAt: '2025-11-20T10:00:00.000Z',
    useCount: 3,
  }

  it('round-trips every kind: an unchanged draft checks to the same input and is not dirty', () => {
    const materials: Material[] = [
      { ...base, content: { type: 'text', text: '你好' } },
      { ...base, content: { type: 'file', file: { fileId: FILE_ID, name: '报价单.pdf', size: 3 * MB } } },
      { ...base, content: { type: 'image', file: { url: 'https://cdn.example.com/p.jpg', name: 'p.jpg' } } },
      { ...base, content: { type: 'link', url: 'https://a.example.com', title: '会场', description: '八折' } },
      {
        ...base,
        content: {
          type: 'miniprogram',
          appId: 'wx8bd80126147dfa6e',
          title: '会员',
          page: 'pages/a.html',
          thumbUrl: 'https://img.example.com/c.png',
        },
      },
      {
        ...base,
        content: {
          type: 'groupShare',
          roomId: '46218981780@chatroom',
          roomName: '群',
          flag: 'flag:000022',
          msgType: '6',
          wechatId: 3430,
          wechatLei: 0,
        },
      },
    ]
    for (const m of materials) {
      const d = draftOf(m)
      expect(check(d).input).toEqual({ title: m.title, folder: m.folder, tags: m.tags, content: m.content })
      expect(snapshotOf(d)).toBe(snapshotOf(draftOf(m)))
    }
  })

  it('a stored file knows its kinds from its name and size', () => {
    const d = draftOf({ ...base, content: { type: 'file', file: { fileId: FILE_ID, name: 'x.png', size: MB } } })
    expect(d.media.stored?.kinds).toEqual(['image', 'file'])
    expect(d.kind).toBe('file')
  })
})
