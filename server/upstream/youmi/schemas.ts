import { z } from 'zod'

/** The seed's OAuth2 client-credentials answer (vendors.md: standard grant). */
export const YoumiTokenAnswer = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
  token_type: z.string().optional(),
})
export const YoumiTokenError = z.looseObject({ error: z.string(), error_description: z.string().optional() })

/** The seed's response envelope; `errmsg` is the numeric result code (20000 = 操作完成). */
export const YoumiEnvelope = z.looseObject({
  requestId: z.string().nullish(),
  errmsg: z.coerce.number(),
  succeed: z.boolean(),
  msgTime: z.string().nullish(),
  values: z.unknown(),
  errdesc: z.string().nullish(),
})

export const YoumiSaveAnswer = YoumiEnvelope.extend({ succeed: z.literal(true), values: z.coerce.number().int().positive() })
export const YoumiDeleteAnswer = YoumiEnvelope.extend({ succeed: z.literal(true) })

/** `task_content` items of the seed, field for field. */
export type YoumiContentItem =
  | { type: '0'; data: { content: string } }
  | { type: '1'; data: { imgName: string; imgFormat: string; imgMediaUrl: string } }
  | { type: '2'; data: { videoName: string; videoFormat: string; videoMediaUrl: string } }
  | { type: '3'; data: { title: string; linkUrl: string; description: string; thumbMediaUrl: string } }
  | { type: '4'; data: { fileName: string; fileFormat: string; fileMediaUrl: string } }
  | { type: '30'; data: { flag: string; roomId: string; msgType: string; roomName: string; wechatId: number; wechatLei: number } }

/** One target of a bulk send, exactly the seed's `listMass` entry. */
export interface YoumiMassTarget {
  ad_wechat_id: number
  machine_key: string
  machine_name: string
  qv_company_id: string
  object_id: string
  object_nickname: string
  belong_staff_code: string
}

/** The seed's request body of `POST /v2/BulkSend/SaveBulkSendTask`, field for field. */
export interface YoumiSaveBody {
  bulksend: {
    task_theme: string
    task_type: number
    choose_type: number
    start_time: string
    task_source: number
    task_content: string
  }
  listMass: YoumiMassTarget[]
  chooseLabel: ''
}
