import { inArray, sql } from 'drizzle-orm'
import { ContactLinkRow, type ContactLinksResult } from '../../contracts/contacts.js'
import { badRequest } from '../errors.js'
import type { Db } from '../store/db.js'
import { contactLinks } from '../store/schema.js'
import { parseCsv } from './csv.js'

export const CSV_HEADER = [
  'externalUserId',
  'adWechatId',
  'machineKey',
  'machineName',
  'qvCompanyId',
  'objectId',
  'objectNickname',
  'belongStaffCode',
] as const

/** CSV rows as the JSON form, so both go through one validation. */
export function csvToRows(text: string): unknown[] {
  const [header, ...rows] = parseCsv(text)
  const names = header?.map((h) => h.trim())
  if (!names || CSV_HEADER.some((h, i) => names[i] !== h) || names.length !== CSV_HEADER.length) {
    throw badRequest('CSV_HEADER_INVALID', `CSV 的第一行必须是：${CSV_HEADER.join(',')}`).with({ header: CSV_HEADER.join(',') })
  }
  return rows.map((cells) => {
    const get = (name: (typeof CSV_HEADER)[number]) => cells[CSV_HEADER.indexOf(name)]?.trim() ?? ''
    const id = get('adWechatId')
    return {
      externalUserId: get('externalUserId'),
      youmi: {
        adWechatId: /^\d+$/.test(id) ? Number(id) : id,
        machineKey: get('machineKey'),
        machineName: get('machineName'),
        qvCompanyId: get('qvCompanyId'),
        objectId: get('objectId'),
        objectNickname: get('objectNickname'),
        belongStaffCode: get('belongStaffCode'),
      },
    }
  })
}

/** Upserts the valid rows and says, per refused row, why — an import is never all-or-nothing for one typo. */
export async function importContactLinks(db: Db, rows: unknown[], now: Date): Promise<ContactLinksResult> {
  const refused: ContactLinksResult['refused'] = []
  const valid = new Map<string, ContactLinkRow>()
  rows.forEach((row, i) => {
    const parsed = ContactLinkRow.safeParse(row)
    const id =
      typeof (row as { externalUserId?: unknown })?.externalUserId === 'string' ? (row as { externalUserId: string }).externalUserId : null
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      refused.push({ row: i + 1, externalUserId: id, reason: `${issue.path.join('.')}: ${issue.message}` })
    } else if (valid.has(parsed.data.externalUserId)) {
      refused.push({ row: i + 1, externalUserId: id, reason: 'externalUserId 在本次导入中重复出现' })
    } else valid.set(parsed.data.externalUserId, parsed.data)
  })
  if (valid.size === 0) return { added: 0, updated: 0, refused }
  const ids = [...valid.keys()]
  const existing = new Set(
    (await db.select({ id: contactLinks.externalUserId }).from(contactLinks).where(inArray(contactLinks.externalUserId, ids))).map(
      (r) => r.id,
    ),
  )
  const values = [...valid.values()].map((r) => ({ externalUserId: r.externalUserId, ...r.youmi, updatedAt: now }))
  await db
    .insert(contactLinks)
    .values(values)
    .onConflictDoUpdate({
      target: contactLinks.externalUserId,
      set: {
        adWechatId: sql`excluded.ad_wechat_id`,
        machineKey: sql`excluded.machine_key`,
        machineName: sql`excluded.machine_name`,
        qvCompanyId: sql`excluded.qv_company_id`,
        objectId: sql`excluded.object_id`,
        objectNickname: sql`excluded.object_nickname`,
        belongStaffCode: sql`excluded.belong_staff_code`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
  return { added: ids.filter((id) => !existing.has(id)).length, updated: ids.filter((id) => existing.has(id)).length, refused }
}

/** The admin's import of customers' Youmi identities (PUT /api/admin/contact-links), as CSV text or JSON rows. */
export class ContactLinkService {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    /** Told after every import (ContactService forgets the identities it keeps for a few seconds). */
    private readonly onImported: () => void = () => undefined,
  ) {}

  async import(body: string | unknown[]): Promise<ContactLinksResult> {
    const rows = typeof body === 'string' ? csvToRows(body) : body
    try {
      return await importContactLinks(this.db, rows, new Date(this.now()))
    } finally {
      // Even after a failure: part of it may have been written.
      this.onImported()
    }
  }
}
