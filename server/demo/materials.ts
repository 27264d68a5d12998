import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { inArray } from 'drizzle-orm'
import { Content } from '../../contracts/content.js'
import { materialFilePath } from '../../contracts/materials.js'
import type { Db } from '../store/db.js'
import { materials } from '../store/schema.js'
import type { MaterialFileStore } from '../services/material-files.js'

/**
 * The demo's materials library: a dozen materials of every kind in the voice of 星禾智能家居's sales team, with the
 * small image, video, PDF and spreadsheet files scripts/demo-media/ generates into server/demo-media/. Fixed ids, so
 * a restart adds nothing twice; a demo material someone deleted comes back on the next start, like the campaigns.
 */

/** From the sources (server/demo/) and from the build (dist/node/server/demo/). */
const MEDIA_DIRS = [resolve(import.meta.dirname, '../demo-media'), resolve(import.meta.dirname, '../../../../server/demo-media')]

interface DemoFile {
  id: string
  file: string
  name: string
}

export const DEMO_FILES = {
  lock: { id: '5f3c9a10-7b2e-4c1d-9e0a-00000000f001', file: 'x1-lock.png', name: '星禾X1智能指纹锁.png' },
  robot: { id: '5f3c9a10-7b2e-4c1d-9e0a-00000000f002', file: 'r7-robot.png', name: '星禾R7扫地机器人.png' },
  home: { id: '5f3c9a10-7b2e-4c1d-9e0a-00000000f003', file: 'h5-home.jpg', name: '全屋智能套装H5效果图.jpg' },
  unlock: { id: '5f3c9a10-7b2e-4c1d-9e0a-00000000f004', file: 'x1-unlock.mp4', name: 'X1指纹开锁演示.mp4' },
  prices: { id: '5f3c9a10-7b2e-4c1d-9e0a-00000000f005', file: 'price-list-2025.pdf', name: '星禾智能家居产品价格表2025.pdf' },
  booking: { id: '5f3c9a10-7b2e-4c1d-9e0a-00000000f006', file: 'install-booking.xlsx', name: '上门安装预约登记表.xlsx' },
} satisfies Record<string, DemoFile>
type FileKey = keyof typeof DEMO_FILES

interface DemoMaterial {
  id: string
  title: string
  folder: string
  tags: string[]
  useCount: number
  /** Built once the files are stored: media need their ids, thumbnails their URLs. */
  content: (f: { file: (k: FileKey) => { fileId: string; name: string; size: number }; url: (k: FileKey) => string }) => Content
  needs?: FileKey[]
}

const id = (n: number) => `5f3c9a10-7b2e-4c1d-9e0a-00000000a${String(n).padStart(3, '0')}`

/** Newest first in this list: each is created a day before the one above it. */
export const DEMO_MATERIALS: readonly DemoMaterial[] = [
  {
    id: id(1),
    title: '开场问候（新客户）',
    folder: '常用话术',
    tags: ['问候', '新客户'],
    useCount: 42,
    content: () => ({
      type: 'text',
      text: '您好，我是星禾智能家居的顾问～感谢添加！家里是新房装修还是老房升级？方便的话告诉我户型和预算，我帮您搭一套合适的门锁 + 照明方案，先发几张实拍图给您参考。',
    }),
  },
  {
    id: id(2),
    title: '邀约周末到样板间体验',
    folder: '常用话术',
    tags: ['到店', '样板间'],
    useCount: 27,
    content: () => ({
      type: 'text',
      text: '滨江样板间每周六、周日 10:00–17:00 开放，指纹开锁、灯光场景、扫地机器人都能现场体验。您看这周末哪天方便？我帮您预约，停车报「星禾」即可免费。',
    }),
  },
  {
    id: id(3),
    title: 'X1 智能指纹锁 产品图',
    folder: '产品图片',
    tags: ['门锁', 'X1'],
    useCount: 35,
    needs: ['lock'],
    content: (f) => ({ type: 'image', file: f.file('lock') }),
  },
  {
    id: id(4),
    title: 'R7 扫地机器人 产品图',
    folder: '产品图片',
    tags: ['扫地机器人', 'R7'],
    useCount: 12,
    needs: ['robot'],
    content: (f) => ({ type: 'image', file: f.file('robot') }),
  },
  {
    id: id(5),
    title: 'H5 全屋智能套装 效果图',
    folder: '产品图片',
    tags: ['全屋智能', 'H5'],
    useCount: 18,
    needs: ['home'],
    content: (f) => ({ type: 'image', file: f.file('home') }),
  },
  {
    id: id(6),
    title: 'X1 指纹开锁演示（4 秒）',
    folder: '产品视频',
    tags: ['门锁', 'X1', '演示'],
    useCount: 9,
    needs: ['unlock'],
    content: (f) => ({ type: 'video', file: f.file('unlock') }),
  },
  {
    id: id(7),
    title: '2025 产品价格表（PDF）',
    folder: '价格政策',
    tags: ['价格', '报价'],
    useCount: 23,
    needs: ['prices'],
    content: (f) => ({ type: 'file', file: f.file('prices') }),
  },
  {
    id: id(8),
    title: '上门安装预约登记表',
    folder: '售后服务',
    tags: ['安装', '预约'],
    useCount: 6,
    needs: ['booking'],
    content: (f) => ({ type: 'file', file: f.file('booking') }),
  },
  {
    id: id(9),
    title: '双十一全屋智能焕新季',
    folder: '活动',
    tags: ['双十一', '全屋智能'],
    useCount: 31,
    needs: ['home'],
    content: (f) => ({
      type: 'link',
      url: 'https://m.xinghe-home.example/activity/double11',
      title: '双十一全屋智能焕新季：套装 8.8 折，门锁立减 300',
      description: '11 月 1 日–11 日下单，免费上门设计，前 100 名加送智能网关 G1。',
      thumbUrl: f.url('home'),
    }),
  },
  {
    id: id(10),
    title: '老客户门锁以旧换新补贴',
    folder: '价格政策',
    tags: ['老客户', '门锁', '以旧换新'],
    useCount: 14,
    needs: ['lock'],
    content: (f) => ({
      type: 'link',
      url: 'https://m.xinghe-home.example/activity/lock-trade-in',
      title: '老客户专享：旧门锁换 X1，再补贴 300 元',
      description: '任意品牌旧锁均可折价，含拆旧和安装，可与会员价同享。',
      thumbUrl: f.url('lock'),
    }),
  },
  {
    id: id(11),
    title: '星禾商城小程序·门锁专区',
    folder: '活动',
    tags: ['小程序', '门锁'],
    useCount: 8,
    needs: ['lock'],
    content: (f) => ({
      type: 'miniprogram',
      appId: 'wx8bd80126147dfa6e',
      title: '星禾智能家居商城：门锁专区',
      page: 'pages/category/index.html?cat=lock',
      thumbUrl: f.url('lock'),
    }),
  },
  {
    id: id(12),
    title: '邀请进滨江样板间体验群',
    folder: '活动',
    tags: ['社群', '样板间'],
    useCount: 4,
    content: () => ({
      type: 'groupShare',
      roomId: '46218981780@chatroom',
      roomName: '滨江样板间体验群',
      flag: 'flag:000022',
      msgType: '6',
      // zhangwei's Youmi operator account (demo-data.ts), which owns the group.
      wechatId: 45292,
      wechatLei: 0,
    }),
  },
]

const DAY = 24 * 3600_000

function readDemoFile(file: string): Buffer | null {
  const dir = MEDIA_DIRS.find((d) => existsSync(join(d, file)))
  return dir ? readFileSync(join(dir, file)) : null
}

/**
 * Stores the demo files (through the file store, so they are served at /files/… like any upload) and adds the
 * materials not there yet. Link and mini-program thumbnails point at our own file URLs under `publicUrl`.
 * A material whose file is missing from the build is left out.
 */
export async function seedDemoMaterials(
  db: Db,
  files: MaterialFileStore,
  o: { publicUrl: string; createdBy: string; now: Date },
): Promise<void> {
  const existing = new Set(
    (
      await db
        .select({ id: materials.id })
        .from(materials)
        .where(
          inArray(
            materials.id,
            DEMO_MATERIALS.map((m) => m.id),
          ),
        )
    ).map((r) => r.id),
  )
  const stored = new Map<FileKey, { fileId: string; name: string; size: number }>()
  for (const [key, f] of Object.entries(DEMO_FILES) as Array<[FileKey, DemoFile]>) {
    const bytes = readDemoFile(f.file)
    if (!bytes) continue
    const s = await files.ensure(f.id, bytes, f.name, o.createdBy)
    stored.set(key, { fileId: s.fileId, name: s.name, size: s.size })
  }
  const helpers = {
    file: (k: FileKey) => stored.get(k)!,
    url: (k: FileKey) => `${o.publicUrl}${materialFilePath(stored.get(k)!.fileId, stored.get(k)!.name)}`,
  }
  const rows = DEMO_MATERIALS.flatMap((m, i) => {
    if (existing.has(m.id) || m.needs?.some((k) => !stored.has(k))) return []
    const content = Content.parse(m.content(helpers))
    const at = new Date(o.now.getTime() - i * DAY)
    return [
      {
        id: m.id,
        title: m.title,
        folder: m.folder,
        tags: m.tags,
        kind: content.type,
        content,
        createdBy: o.createdBy,
        useCount: m.useCount,
        createdAt: at,
        updatedAt: at,
      },
    ]
  })
  // Another instance starting at the same moment may have added them: theirs stay.
  if (rows.length) await db.insert(materials).values(rows).onConflictDoNothing()
}
