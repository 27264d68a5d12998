import * as z from 'zod/mini'

export const CampaignTaskId = z.coerce.number().check(z.int(), z.positive(), z.lte(Number.MAX_SAFE_INTEGER))

export const Campaign = z.object({
  taskId: z.int(),
  name: z.string(),
  addedBy: z.string(),
  addedAt: z.iso.datetime({ offset: true }),
})
export type Campaign = z.infer<typeof Campaign>

export const CampaignList = z.object({ items: z.array(Campaign) })
export const AddCampaign = z.object({
  taskId: CampaignTaskId,
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
})
export const CampaignParams = z.object({ taskId: CampaignTaskId })
