import { z } from 'zod'

export const CampaignTaskId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)

export const Campaign = z.object({
  taskId: z.number().int(),
  name: z.string(),
  addedBy: z.string(),
  addedAt: z.iso.datetime({ offset: true }),
})
export type Campaign = z.infer<typeof Campaign>

export const CampaignList = z.object({ items: z.array(Campaign) })
export const AddCampaign = z.object({ taskId: CampaignTaskId, name: z.string().trim().min(1).max(100).optional() })
export const CampaignParams = z.object({ taskId: CampaignTaskId })
