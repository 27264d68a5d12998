import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
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

  it('says what is going out, every kind in words', () => {
    const w = mount(SendProgress, {
      props: {
        attempt: attempt({
          channel: 'rpa',
          content: [
            image,
            { type: 'file', file: { fileId: FILE_ID, name: '报价单.pdf' } },
            { type: 'groupShare', roomId: '46218981780@chatroom', roomName: '福利群', flag: 'f', msgType: '6', wechatId: 1, wechatLei: 0 },
          ],
        }),
      },
    })
    expect(w.get('[data-test="send-what"]').text()).toBe('图片 · 展厅外观.png；文件 · 报价单.pdf；群共享 · 福利群')
  })
})
