import * as z from 'zod/mini'
import { call } from './http.js'

// The playground's fake WeCom client asks the simulator about a media id, as the real client asks WeCom
// (server/sim/wecom-media.ts, passed through the proxy at /sim/* in demo mode). Not part of the proxy's API.

const MediaCheck = z.object({
  valid: z.boolean(),
  errcode: z.number(),
  errmsg: z.string(),
  type: z.optional(z.enum(['image', 'video', 'file'])),
  filename: z.optional(z.string()),
  size: z.optional(z.number()),
  /** Present while the simulator still holds the bytes. */
  contentUrl: z.optional(z.string()),
})
export type MediaCheck = z.infer<typeof MediaCheck>

/** Simulator media ids are letters and digits; anything else is not one (and must not shape the path). */
export const isMediaId = (id: string) => /^[A-Za-z0-9]{1,128}$/.test(id)

export const checkSimMedia = (mediaId: string) => call(MediaCheck, { baseURL: '/', url: `/sim/wecom/media/${mediaId}` })

/** Where the page shows the bytes: always our own origin (the pass-through), whatever host the simulator names. */
export const simMediaContentPath = (mediaId: string) => `/sim/wecom/media/${mediaId}/content`
