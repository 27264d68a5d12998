import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { Send } from '../../../contracts/sends.js'
import type { SendAttempt, SendDraft } from '../../stores/sends.js'
import SendProgress from './SendProgress.vue'

const FILE_ID = '6f1c2a4e-8a7b-4c1d-9e2f-0a1b2c3d4e5f'
const attempt = (draft: SendDraft, phase: SendAttempt['phase'] = 'preparing'): SendAttempt => ({
  key: 'k-12345678',
  target: { kind: 'contact', externalUserId: 'wmA' },
  draft,
  phase,
  error: null,
  send: null,
  delivered: 0,
})
const image = { type: 'image', file: { fileId: FILE_ID, name: '展厅外观.png' } } as const
const SEND: Send = {
  id: 'b7e2c1d0-0000-4000-8000-000000000001',
  channel: 'rpa',
  status: 'submitted',
  taskId: 7,
  contact: { externalUserId: 'wmA' },
  group: null,
  content: [{ type: 'text', text: '周末体验店开放日' }],
  scheduleAt: null,
  createdAt: '2026-12-03T04:45:00.000Z',
  updatedAt: '2026-12-03T04:45:00.000Z',
  error: null,
}
const label = (a: SendAttempt) =>
  mount(SendProgress, { props: { attempt: a } })
    .get('.label')
    .text()

describe('SendProgress', () => {
  it('says the file is being uploaded to WeCom while a chat send of media is prepared', () => {
    expect(label(attempt({ channel: 'chat', content: [{ type: 'text', text: '您好' }, image] }))).toBe('正在把文件传到企业微信…')
    expect(label(attempt({ channel: 'rpa', content: [image] }))).toBe('正在准备…')
    expect(label(attempt({ channel: 'chat', content: [{ type: 'text', text: '您好' }] }))).toBe('正在准备…')
    expect(label(attempt({ channel: 'chat', content: [image] }, 'sending'))).toBe('正在发送…')
  })

  it('names what went out: the first item, and how many there were when several went together (多选)', () => {
    const texts = ['您好，我是星禾智能家居的顾问～感谢添加！', '滨江样板间每周六、周日 10:00–17:00 开放', '双十一全屋智能焕新季']
    const several = mount(SendProgress, {
      props: { attempt: attempt({ channel: 'chat', content: texts.map((text) => ({ type: 'text', text })) }, 'sent') },
    })
    expect(several.get('[data-test="send-what"] .first').text()).toBe(texts[0])
    expect(several.get('[data-test="send-what-more"]').text()).toBe('等 3 项')
    const kinds = mount(SendProgress, {
      props: {
        attempt: attempt({
          channel: 'rpa',
          content: [
            image,
            { type: 'groupShare', roomId: '46218981780@chatroom', roomName: '福利群', flag: 'f', msgType: '6', wechatId: 1, wechatLei: 0 },
          ],
        }),
      },
    })
    expect(kinds.get('[data-test="send-what"]').text().replace(/\s+/g, ' ')).toBe('图片 · 展厅外观.png 等 2 项')
    const one = mount(SendProgress, { props: { attempt: attempt({ channel: 'rpa', content: [image] }) } })
    expect(one.get('[data-test="send-what"]').text()).toBe('图片 · 展厅外观.png')
    expect(one.find('[data-test="send-what-more"]').exists()).toBe(false)
  })

  it('a task scheduled for later lights 已定时 as its last step, not 完成: nothing has gone out yet', () => {
    const at = '2026-12-03T05:15:00.000Z'
    const scheduled: SendAttempt = {
      ...attempt({ channel: 'rpa', content: [{ type: 'text', text: '周末体验店开放日' }], scheduleAt: at }, 'scheduled'),
      send: { ...SEND, status: 'scheduled', scheduleAt: at },
    }
    const w = mount(SendProgress, { props: { attempt: scheduled } })
    const last = w.get('[data-step="done"]')
    expect(last.text()).toBe('已定时')
    expect(w.text()).not.toContain('完成')
    expect(w.get('.label').text()).toMatch(/^已定时，.+ 发送$/)
    const sent = mount(SendProgress, { props: { attempt: attempt({ channel: 'chat', content: [image] }, 'sent') } })
    expect(sent.get('[data-step="done"]').text()).toBe('完成')
    expect(sent.get('[data-step="done"]').classes()).toContain('done')
  })

  it('a cancel in WeCom’s confirm reads as the staff member’s choice: neutral 已取消，未发送, no error, no 重试', () => {
    const w = mount(SendProgress, {
      props: { attempt: attempt({ channel: 'chat', content: [{ type: 'text', text: '先不发' }] }, 'cancelled') },
    })
    const card = w.get('[data-test="send-progress"]')
    expect(card.classes()).toContain('neutral')
    expect(card.classes()).not.toContain('danger')
    expect(w.get('.label').text()).toBe('已取消，未发送')
    expect(w.get('[data-test="send-cancelled-hint"]').text()).toContain('取消')
    expect(w.find('[data-test="send-error"]').exists()).toBe(false)
    expect(w.find('[data-test="send-retry"]').exists()).toBe(false)
    expect(w.find('[data-test="send-dismiss"]').exists()).toBe(true)
    // It stopped before 发送: only 准备 is lit.
    expect(w.findAll('.steps li').map((li) => li.classes().includes('done'))).toEqual([true, false, false])
  })
})
