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

/** externalcontact/groupchat/get: a customer group and its members (type 1 staff, 2 customers). */
export const WecomGroupChatAnswer = z.looseObject({
  group_chat: z.looseObject({
    chat_id: z.string(),
    name: z.string().optional().default(''),
    owner: z.string(),
    create_time: z.number().int().optional(),
    notice: z.string().optional().default(''),
    member_list: z
      .array(
        z.looseObject({
          userid: z.string(),
          type: z.number().int(),
          join_time: z.number().int().optional(),
          join_scene: z.number().int().optional(),
          invitor: z.looseObject({ userid: z.string() }).optional(),
          group_nickname: z.string().optional(),
          name: z.string().optional(),
          unionid: z.string().optional(),
        }),
      )
      .optional()
      .default([]),
    admin_list: z
      .array(z.looseObject({ userid: z.string() }))
      .optional()
      .default([]),
  }),
})

export type WecomGroupChat = z.infer<typeof WecomGroupChatAnswer>['group_chat']

/** media/upload: `created_at` is unix seconds, which WeCom sends as a string. */
export const WecomMediaUploadAnswer = z.looseObject({
  media_id: z.string().min(1),
  created_at: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]),
  type: z.string().optional(),
})

/**
 * user/get (读取成员): a staff member. A self-built app gets `name` for members in its visible range; apps that may
 * not read names get the userid in its place or no `name` at all (then the sidebar shows WeCom's open-data element).
 */
export const WecomUserAnswer = z.looseObject({
  userid: z.string(),
  name: z.string().optional(),
  department: z.array(z.number().int()).optional().default([]),
})

/** department/list (获取部门列表): every department the app can see; `name` is withheld from some apps. */
export const WecomDepartmentListAnswer = z.looseObject({
  department: z
    .array(z.looseObject({ id: z.number().int(), name: z.string().optional(), parentid: z.number().int().optional() }))
    .optional()
    .default([]),
})
