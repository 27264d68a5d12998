import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { Contact } from '../../../contracts/contacts.js'
import ContactCard from './ContactCard.vue'

const contact: Contact = {
  externalUserId: 'wm1',
  name: '陈晓雯',
  avatar: 'https://wework.qpic.cn/a.png',
  kind: 'wechat',
  corpName: null,
  gender: 'female',
  remark: '',
  description: '',
  tags: [],
  addedAt: null,
  youmi: null,
}

describe('ContactCard avatar', () => {
  it('is a plain image of the customer, named by the alt text', () => {
    const img = mount(ContactCard, { props: { contact } }).get('img[data-test="contact-avatar"]')
    expect(img.attributes('src')).toBe(contact.avatar)
    expect(img.attributes('alt')).toBe('陈晓雯')
  })

  it('a broken image gives way to the grey disc; a new URL is tried again', async () => {
    const card = mount(ContactCard, { props: { contact } })
    await card.get('img[data-test="contact-avatar"]').trigger('error')
    expect(card.find('img').exists()).toBe(false)
    expect(card.get('[data-test="contact-avatar"]').element.tagName).toBe('SPAN')
    await card.setProps({ contact: { ...contact, avatar: 'https://wework.qpic.cn/b.png' } })
    expect(card.get('img[data-test="contact-avatar"]').attributes('src')).toBe('https://wework.qpic.cn/b.png')
  })

  it('no avatar: the disc, no image request', () => {
    const card = mount(ContactCard, { props: { contact: { ...contact, avatar: '' } } })
    expect(card.find('img').exists()).toBe(false)
    expect(card.find('[data-test="contact-avatar"]').exists()).toBe(true)
  })
})
