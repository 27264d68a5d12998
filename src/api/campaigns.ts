import * as z from 'zod/mini'
import { Campaign, CampaignList } from '../../contracts/campaigns.js'
import { Reach } from '../../contracts/reach.js'
import { call } from './http.js'

/** The WShoto tasks this company tracks. */
export const listCampaigns = () => call(CampaignList, { url: '/campaigns' })

/** Admins only; the proxy asks WShoto first (404 CAMPAIGN_NOT_FOUND, 409 CAMPAIGN_ALREADY_TRACKED). */
export const addCampaign = (body: { taskId: number; name?: string }) => call(Campaign, { url: '/campaigns', method: 'POST', data: body })

/** Admins only; 204. */
export const removeCampaign = (taskId: number) => call(z.undefined(), { url: `/campaigns/${taskId}`, method: 'DELETE' })

/** How far a tracked campaign reached, now (404 CAMPAIGN_NOT_TRACKED for one not in the list). */
export const fetchReach = (taskId: number) => call(Reach, { url: `/campaigns/${taskId}/reach` })
