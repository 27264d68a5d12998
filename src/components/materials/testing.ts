// Materials for unit tests (never imported by the app): held to the contract so they stay realistic.
import type { Content } from '../../../contracts/content.js'
import { Material, MaterialList } from '../../../contracts/materials.js'

const T0 = '2025-11-20T10:00:00.000Z'
let seq = 0

export function makeMaterial(content: Content, over: Partial<Omit<Material, 'content'>> = {}): Material {
  seq += 1
  return Material.parse({
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    title: `素材 ${seq}`,
    folder: '产品图',
    tags: [],
    content,
    createdBy: 'zhangwei',
    createdAt: T0,
    updatedAt: T0,
    useCount: 0,
    ...over,
  })
}

const FILE_ID = '6f1c2a4e-8a7b-4c1d-9e2f-0a1b2c3d4e5f'

/** One of every kind, most used first, as the proxy lists them. */
export function everyKind() {
  return {
    image: makeMaterial(
      { type: 'image', file: { fileId: FILE_ID, name: '展厅外观.png', size: 245_760 } },
      { title: '展厅外观', useCount: 40, tags: ['门店'] },
    ),
    video: makeMaterial(
      { type: 'video', file: { fileId: FILE_ID, name: '新品预告.mp4', size: 3_300_000 } },
      { title: '新品预告片', folder: '视频', useCount: 30 },
    ),
    file: makeMaterial(
      { type: 'file', file: { fileId: FILE_ID, name: '报价单.pdf', size: 120_000 } },
      { title: 'X3 报价单', folder: '资料', useCount: 20 },
    ),
    link: makeMaterial(
      {
        type: 'link',
        url: 'https://example.com/x3',
        title: 'X3 Pro 开孔图',
        description: '安装前请核对门厚',
        thumbUrl: 'https://example.com/x3.png',
      },
      { title: 'X3 开孔图', folder: '资料', useCount: 10 },
    ),
    miniprogram: makeMaterial(
      {
        type: 'miniprogram',
        appId: 'wx8bd80126147dfa6e',
        title: '星禾商城',
        page: 'pages/index/index.html',
        thumbUrl: 'https://example.com/mall.png',
      },
      { title: '商城首页', folder: '', useCount: 5 },
    ),
    groupShare: makeMaterial(
      {
        type: 'groupShare',
        roomId: '46218981780@chatroom',
        roomName: '星禾老客户福利群',
        flag: 'flag:000022',
        msgType: '6',
        wechatId: 1001,
        wechatLei: 0,
      },
      { title: '福利群邀请', folder: '', useCount: 3 },
    ),
    text: makeMaterial(
      { type: 'text', text: '您好，我是星禾的客户经理。\n门店地址：杭州市西湖区文三路 1 号' },
      { title: '门店地址', folder: '话术', useCount: 1 },
    ),
  }
}

export function makeList(items: Material[], folders?: { name: string; count: number }[]): MaterialList {
  const counts = new Map<string, number>()
  for (const m of items) counts.set(m.folder, (counts.get(m.folder) ?? 0) + 1)
  return MaterialList.parse({ items, folders: folders ?? [...counts].map(([name, count]) => ({ name, count })) })
}
