import { defineStore } from 'pinia'
import { ref } from 'vue'

export type SendTab = 'compose' | 'materials'

/**
 * The tab of the send area staff chose (「编辑」 or 「素材」). A rep who works from 素材 keeps it from customer to
 * customer: the send area is mounted again for a customer not seen yet, so the choice cannot live in it. Memory only:
 * a fresh open of the sidebar starts at 编辑. Both tabs work for every chat (a group, a customer without Youmi: the
 * channel switch says which channel is open), so the choice never needs undoing.
 */
export const useSendTabStore = defineStore('send-tab', () => {
  const tab = ref<SendTab>('compose')
  return { tab }
})
