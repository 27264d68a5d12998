import * as z from 'zod/mini'
import { CampaignList, CampaignListItem } from '../../contracts/campaigns.js'
import { Reach, ReachHistory } from '../../contracts/reach.js'
import { call } from './http.js'

/**
 * The WShoto tasks this company tracks, each with what its row shows of its reach: the whole list in one request.
 * `refresh` (a pull-to-refresh): the proxy asks WShoto now, unless it just did.
 */
export const listCampaigns = (options: { refresh?: boolean } = {}) =>
  call(CampaignList, { url: '/campaigns', ...(options.refresh ? { params: { refresh: '1' } } : {}) })

/** Admins only; the proxy asks WShoto first (404 CAMPAIGN_NOT_FOUND, 409 CAMPAIGN_ALREADY_TRACKED): the new row, summary and all. */
export const addCampaign = (body: { taskId: number; name?: string }) =>
  call(CampaignListItem, { url: '/campaigns', method: 'POST', data: body })

/** Admins only; 204. */
export const removeCampaign = (taskId: number) => call(z.undefined(), { url: `/campaigns/${taskId}`, method: 'DELETE' })

/**
 * How far a tracked campaign reached (404 CAMPAIGN_NOT_TRACKED for one not in the list), as fresh as `REACH_FRESH_S`;
 * `refresh` (a pull-to-refresh): asked of WShoto now, unless it just was.
 */
export const fetchReach = (taskId: number, options: { refresh?: boolean } = {}) =>
  call(Reach, { url: `/campaigns/${taskId}/reach`, ...(options.refresh ? { params: { refresh: '1' } } : {}) })

/** A campaign's reach over time, from the proxy's snapshots (at most 200 points); asks nothing of WShoto. */
export const fetchReachHistory = (taskId: number) => call(ReachHistory, { url: `/campaigns/${taskId}/reach/history` })

/** Admins only: where the browser downloads the history as a CSV file (a link, not an `/api` call parsed here). */
export const reachHistoryCsvUrl = (taskId: number) => `/api/admin/campaigns/${taskId}/reach/history.csv`
