import { writePdf, type Box, type Line, type TextLine } from './pdf.js'
import { writeXlsx } from './xlsx.js'

/** The demo company's documents: a price list (PDF) and an installation booking sheet (xlsx). */

const NAVY = [29, 43, 79] as const
const PALE = [238, 243, 251] as const
const GREY = [110, 122, 145] as const

const PRODUCTS: Array<[model: string, name: string, retail: string, member: string, install: string]> = [
  ['X1', '智能指纹锁 X1', '1,999', '1,799', '免费上门安装'],
  ['X1 Pro', '3D 人脸识别锁 X1 Pro', '2,999', '2,699', '免费上门安装'],
  ['R7', '扫地机器人 R7', '2,499', '2,299', '无需安装'],
  ['L3', '智能照明套装 L3（8 灯）', '1,280', '1,099', '168 元/套'],
  ['G1', '智能网关 G1', '399', '349', '随套装免费'],
  ['H5', '全屋智能套装 H5（三室两厅）', '19,800', '17,800', '含设计与调试'],
]

export function priceListPdf(): Uint8Array {
  const boxes: Box[] = [{ x: 0, y: 752, w: 595, h: 90, color: NAVY }]
  const lines: Line[] = []
  const texts: TextLine[] = [
    { x: 48, y: 800, size: 24, text: '星禾智能家居 产品价格表', color: [255, 255, 255] },
    { x: 48, y: 774, size: 10, text: 'XINGHE SMART HOME  PRICE LIST 2025', color: [201, 212, 234] },
    { x: 48, y: 716, size: 11, text: '适用门店：杭州滨江样板间、宁波体验店、苏州服务中心', color: GREY },
  ]
  const cols = [48, 112, 318, 396, 468]
  const header = ['型号', '产品名称', '零售价（元）', '会员价（元）', '安装']
  boxes.push({ x: 40, y: 670, w: 515, h: 26, color: PALE })
  header.forEach((h, i) => texts.push({ x: cols[i]!, y: 679, size: 11, text: h, color: NAVY }))
  PRODUCTS.forEach((row, r) => {
    const y = 646 - r * 30
    if (r % 2 === 1) boxes.push({ x: 40, y: y - 9, w: 515, h: 30, color: [248, 250, 253] })
    row.forEach((cell, i) =>
      texts.push({ x: cols[i]!, y, size: 11, text: cell, bold: i === 0 || i === 3, color: i === 3 ? [214, 90, 30] : [34, 34, 34] }),
    )
    lines.push({ x1: 40, y1: y - 9, x2: 555, y2: y - 9, color: [220, 226, 236], width: 0.5 })
  })
  const notes = [
    '1. 价格含税，含标准安装；特殊门型（防火门、铜门）需另行报价。',
    '2. 老客户以旧换新：智能门锁再减 300 元，可与会员价同享。',
    '3. 全屋智能套装含上门设计与调试，安装周期 3-5 个工作日。',
    '4. 本价格表自 2025 年 1 月 1 日起执行，如有调整以门店公示为准。',
  ]
  texts.push({ x: 48, y: 440, size: 12, text: '说明', color: NAVY })
  notes.forEach((n, i) => texts.push({ x: 48, y: 414 - i * 22, size: 10.5, text: n, color: [68, 68, 68] }))
  boxes.push({ x: 40, y: 268, w: 515, h: 44, color: PALE })
  texts.push({ x: 56, y: 285, size: 12, text: '咨询热线 400-826-1888    企业微信搜索「星禾智能家居」', color: NAVY })
  texts.push({ x: 48, y: 48, size: 9, text: '杭州星禾智能家居有限公司', color: GREY })
  return writePdf({ boxes, lines, texts }, '星禾智能家居 产品价格表')
}

export function bookingSheetXlsx(): Uint8Array {
  return writeXlsx(
    '安装预约',
    [
      ['客户姓名', '联系电话', '小区 / 详细地址', '产品型号', '预约日期', '时段', '负责顾问', '备注'],
      ['陈女士', '138****2231', '滨江区星光小区 3 幢 1201', 'X1', '2025-03-08', '上午', '张伟', '新房，需确认门厚'],
      ['周先生', '135****1076', '西湖区云栖别墅 17 号', 'H5', '2025-03-09', '全天', '张伟', '全屋智能，先上门设计'],
      ['', '', '', '', '', '', '', ''],
    ],
    [12, 14, 28, 10, 12, 8, 10, 24],
  )
}
