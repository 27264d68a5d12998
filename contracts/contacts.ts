import { z } from 'zod'

export const ExternalUserId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a WeCom external_userid')

/** How Youmi reaches this customer: the operator WeChat account and the friend on it (the seed's listMass fields). */
export const YoumiIdentity = z.object({
  adWechatId: z.number().int().nonnegative(),
  machineKey: z.string().min(1).max(128),
  machineName: z.string().max(128),
  qvCompanyId: z.string().max(128),
  objectId: z.string().min(1).max(128),
  objectNickname: z.string().max(128),
  belongStaffCode: z.string().max(128),
})
export type YoumiIdentity = z.infer<typeof YoumiIdentity>

export const ContactTag = z.object({ id: z.string(), group: z.string(), name: z.string() })

export const Contact = z.object({
  externalUserId: z.string(),
  name: z.string(),
  avatar: z.string(),
  kind: z.enum(['wechat', 'wecom']),
  corpName: z.string().nullable(),
  gender: z.enum(['unknown', 'male', 'female']),
  remark: z.string(),
  description: z.string(),
  tags: z.array(ContactTag),
  /** When the session's staff member added this customer (ISO). */
  addedAt: z.iso.datetime({ offset: true }).nullable(),
  youmi: YoumiIdentity.nullable(),
})
export type Contact = z.infer<typeof Contact>

export const ContactParams = z.object({ externalUserId: ExternalUserId })

export const ContactLinkRow = z.object({ externalUserId: ExternalUserId, youmi: YoumiIdentity })
export type ContactLinkRow = z.infer<typeof ContactLinkRow>
export const ContactLinksImport = z.array(z.unknown()).max(10_000)
export const ContactLinksResult = z.object({
  added: z.number().int(),
  updated: z.number().int(),
  refused: z.array(z.object({ row: z.number().int(), externalUserId: z.string().nullable(), reason: z.string() })),
})
export type ContactLinksResult = z.infer<typeof ContactLinksResult>
