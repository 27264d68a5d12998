import { z } from 'zod'

// WeCom answers HTTP 200 with `errcode`/`errmsg` for success and failure alike.
export const WecomEnvelope = z.looseObject({ errcode: z.number().optional(), errmsg: z.string().optional() })

export const WecomTokenAnswer = z.looseObject({ access_token: z.string().min(1), expires_in: z.number().int().positive() })
export const WecomTicketAnswer = z.looseObject({ ticket: z.string().min(1), expires_in: z.number().int().positive() })

/** Members come back with `userid`; non-members only with `openid`. */
export const WecomUserInfo = z.looseObject({
  userid: z.string().min(1).optional(),
  openid: z.string().optional(),
  external_userid: z.string().optional(),
})

const WecomTag = z.looseObject({
  group_name: z.string().optional().default(''),
  tag_name: z.string(),
  type: z.number().optional(),
  tag_id: z.string().optional().default(''),
})

export const WecomFollowUser = z.looseObject({
  userid: z.string(),
  remark: z.string().optional().default(''),
  description: z.string().optional().default(''),
  createtime: z.number().int().optional().default(0),
  tags: z.array(WecomTag).optional().default([]),
  remark_mobiles: z.array(z.string()).optional().default([]),
  add_way: z.number().optional(),
})

export const WecomExternalContactAnswer = z.looseObject({
  external_contact: z.looseObject({
    external_userid: z.string(),
    name: z.string(),
    avatar: z.string().optional().default(''),
    type: z.union([z.literal(1), z.literal(2)]),
    gender: z.number().int().optional().default(0),
    corp_name: z.string().optional(),
    corp_full_name: z.string().optional(),
  }),
  follow_user: z.array(WecomFollowUser).optional().default([]),
})

export type WecomExternalContact = z.infer<typeof WecomExternalContactAnswer>
