import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useDraftsStore } from './drafts.js'

// Drafts survive the reload of a new sign-in or a new release, in this tab only.

beforeEach(() => {
  sessionStorage.clear()
  setActivePinia(createPinia())
})

describe('drafts', () => {
  it('come back after persist and a reload (a new store), once', () => {
    const drafts = useDraftsStore()
    Object.assign(drafts.draftFor('contact:wmA'), { text: '明天上午安装', channel: 'rpa', schedule: '30m' })
    drafts.draftFor('contact:wmEmpty')
    drafts.persist()

    setActivePinia(createPinia())
    const again = useDraftsStore()
    expect(again.drafts.get('contact:wmA')).toMatchObject({ text: '明天上午安装', channel: 'rpa', schedule: '30m', linkOpen: false })
    // Empty drafts are not worth a reload; what was restored is not restored twice.
    expect(again.drafts.has('contact:wmEmpty')).toBe(false)
    setActivePinia(createPinia())
    expect(useDraftsStore().drafts.size).toBe(0)
  })

  it('mark the chats whose send a sign-in cut off as not sent, through the reload; a send clears the mark', () => {
    const drafts = useDraftsStore()
    drafts.draftFor('contact:wmA').text = '今晚八点前回复报价'
    drafts.draftFor('contact:wmB').text = '还没发的草稿'
    drafts.persist(['contact:wmA', 'contact:wmGone'])

    setActivePinia(createPinia())
    const again = useDraftsStore()
    expect(again.drafts.get('contact:wmA')).toMatchObject({ text: '今晚八点前回复报价', unsent: true })
    expect(again.drafts.get('contact:wmB')?.unsent).toBeFalsy()
    expect(again.drafts.has('contact:wmGone')).toBe(false)
    again.clear('contact:wmA')
    expect(again.drafts.get('contact:wmA')?.unsent).toBeFalsy()
  })

  it('ignore what is not theirs in storage', () => {
    sessionStorage.setItem('sidebar.drafts', '{"not":"a list"}')
    expect(useDraftsStore().drafts.size).toBe(0)
    sessionStorage.setItem('sidebar.drafts', 'not json')
    setActivePinia(createPinia())
    expect(useDraftsStore().drafts.size).toBe(0)
  })

  it('clear the words after a send and keep the channel', () => {
    const drafts = useDraftsStore()
    Object.assign(drafts.draftFor('contact:wmA'), { text: 'x', channel: 'chat', linkOpen: true })
    drafts.clear('contact:wmA')
    expect(drafts.draftFor('contact:wmA')).toMatchObject({ text: '', linkOpen: false, channel: 'chat' })
  })
})
