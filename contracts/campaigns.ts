import * as z from 'zod/mini'
import { Reach } from './reach.js'

export const CampaignTaskId = z.coerce.number().check(z.int(), z.positive(), z.lte(Number.MAX_SAFE_INTEGER))

export const Campaign = z.object({
  taskId: z.int(),
  name: z.string(),
  addedBy: z.string(),
  addedAt: z.iso.datetime({ offset: true }),
})
export type Campaign = z.infer<typeof Campaign>

/**
 * What the campaign list shows of a campaign's reach, taken from the same figures `GET /api/campaigns/:taskId/reach`
 * answers (and as fresh: the same `REACH_FRESH_S` window).
 */
export const CampaignSummary = z.object({
  type: z.pick(Reach.shape.type, { code: true, label: true }),
  status: Reach.shape.status,
  /** The delivery share, 0..1; null when nothing was planned. */
  delivery: Reach.shape.rates.shape.delivery,
  fetchedAt: Reach.shape.fetchedAt,
  stale: Reach.shape.stale,
})
export type CampaignSummary = z.infer<typeof CampaignSummary>

/** A tracked campaign with its summary, or why its figures could not be had (the rest of the list still shows). */
export const CampaignListItem = z.extend(Campaign, {
  summary: z.nullable(CampaignSummary),
  error: z.nullable(z.object({ code: z.string(), message: z.string() })),
})
export type CampaignListItem = z.infer<typeof CampaignListItem>

export const CampaignList = z.object({ items: z.array(CampaignListItem) })
/** `refresh=1` (a pull-to-refresh): figures asked of WShoto now, unless they were asked within the last 2 s. */
export const RefreshQuery = z.object({ refresh: z.optional(z.literal('1')) })
export const AddCampaign = z.object({
  taskId: CampaignTaskId,
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
})
export const CampaignParams = z.object({ taskId: CampaignTaskId })
