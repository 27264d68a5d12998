import * as z from 'zod/mini'

export const ExternalUserId = z
  .string()
  .check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/, 'must be a WeCom external_userid'))

const text = (max: number) => z.string().check(z.maxLength(max))

/** How Youmi reaches this customer: the operator WeChat account and the friend on it (the seed's listMass fields). */
export const YoumiIdentity = z.object({
  adWechatId: z.int().check(z.nonnegative()),
  machineKey: z.string().check(z.minLength(1), z.maxLength(128)),
  machineName: text(128),
  qvCompanyId: text(128),
  objectId: z.string().check(z.minLength(1), z.maxLength(128)),
  objectNickname: text(128),
  belongStaffCode: text(128),
})
export type YoumiIdentity = z.infer<typeof YoumiIdentity>

export const ContactTag = z.object({ id: z.string(), group: z.string(), name: z.string() })

export const Contact = z.object({
  externalUserId: z.string(),
  name: z.string(),
  avatar: z.string(),
  kind: z.enum(['wechat', 'wecom']),
  corpName: z.nullable(z.string()),
  gender: z.enum(['unknown', 'male', 'female']),
  remark: z.string(),
  description: z.string(),
  tags: z.array(ContactTag),
  /** When the session's staff member added this customer (ISO). */
  addedAt: z.nullable(z.iso.datetime({ offset: true })),
  youmi: z.nullable(YoumiIdentity),
})
export type Contact = z.infer<typeof Contact>

export const ContactParams = z.object({ externalUserId: ExternalUserId })

export const ContactLinkRow = z.object({ externalUserId: ExternalUserId, youmi: YoumiIdentity })
export type ContactLinkRow = z.infer<typeof ContactLinkRow>
export const ContactLinksImport = z.array(z.unknown()).check(z.maxLength(10_000))
export const ContactLinksResult = z.object({
  added: z.int(),
  updated: z.int(),
  refused: z.array(z.object({ row: z.int(), externalUserId: z.nullable(z.string()), reason: z.string() })),
})
export type ContactLinksResult = z.infer<typeof ContactLinksResult>
