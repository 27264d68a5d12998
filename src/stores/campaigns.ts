import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CampaignListItem } from '../../contracts/campaigns.js'
import { addCampaign, listCampaigns, removeCampaign } from '../api/campaigns.js'
import { useLatest } from '../composables/latest.js'
import { ApiFailure, failureOf, type Failure } from '../errors.js'

/**
 * The WShoto tasks this company tracks (WShoto has no list of its own), each with its summary (status, delivery,
 * when fetched): the list is one request. Admins add and remove them.
 */
export const useCampaignsStore = defineStore('campaigns', () => {
  const items = ref<CampaignListItem[]>([])
  /** True once a list has arrived: an empty list before that means "not asked yet", not "none". */
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<Failure | null>(null)
  const latest = useLatest()

  /**
   * Reads the list again (`refresh`: a pull-to-refresh, the proxy asks WShoto now); an answer to an older question, or
   * one overtaken by an add or remove, is ignored.
   */
  async function load(options: { refresh?: boolean } = {}): Promise<void> {
    loading.value = true
    const answer = await latest.ask(() => listCampaigns(options.refresh ? { refresh: true } : {}))
    if (!answer) return
    loading.value = false
    if (answer.ok) {
      items.value = answer.value.items
      loaded.value = true
      error.value = null
    } else error.value = failureOf(answer.error)
  }

  /** Admins only. Throws the proxy's `ApiFailure` (404 CAMPAIGN_NOT_FOUND, 409 CAMPAIGN_ALREADY_TRACKED…) for the form. */
  async function add(input: { taskId: number; name?: string }): Promise<CampaignListItem> {
    const name = input.name?.trim()
    const campaign = await addCampaign(name ? { taskId: input.taskId, name } : { taskId: input.taskId })
    settle()
    items.value = [...items.value.filter((c) => c.taskId !== campaign.taskId), campaign]
    return campaign
  }

  /** Admins only. A campaign someone else removed already counts as removed. */
  async function remove(taskId: number): Promise<void> {
    try {
      await removeCampaign(taskId)
    } catch (err) {
      if (!(err instanceof ApiFailure && err.code === 'CAMPAIGN_NOT_TRACKED')) throw err
    }
    settle()
    items.value = items.value.filter((c) => c.taskId !== taskId)
  }

  /** A list still on its way was asked before this change: it must not undo it. */
  function settle() {
    latest.drop()
    loading.value = false
  }

  const find = (taskId: number) => items.value.find((c) => c.taskId === taskId)

  return { items, loaded, loading, error, load, add, remove, find }
})
