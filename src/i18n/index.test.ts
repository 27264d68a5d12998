// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { loadMessages, locale, messages, setLocale, t, withMessages, type MessageKey } from './index.js'
import { zhCN, zhCNLater } from './zh-CN/index.js'

describe('t', () => {
  afterEach(() => setLocale('zh-CN'))

  it('looks up nested keys', () => {
    expect(t('common.retry')).toBe('重试')
    expect(t('boot.loadFailed')).toBe('侧边栏没能启动')
    expect(t('customer.composer.channelRpa')).toBe('定时群发')
  })

  it('fills {name} placeholders', () => {
    expect(t('common.time.minutesAgo', { n: 3 })).toBe('3 分钟前')
    expect(t('customer.group.members', { n: 12, customers: 9 })).toBe('12 人 · 其中客户 9 人')
    expect(t('customer.composer.channelRpaHint', { account: '运营号A' })).toBe('通过群发账号 运营号A 发给客户。')
  })

  it('fills a zero (a falsy value is still a value)', () => {
    expect(t('common.time.secondsAgo', { n: 0 })).toBe('0 秒前')
    expect(t('boot.noContext.entry', { entry: '' })).toBe('当前入口：')
  })

  it('leaves a placeholder without a param as {name}', () => {
    expect(t('common.time.minutesAgo', {})).toBe('{n} 分钟前')
    expect(t('customer.group.members', { n: 3 })).toBe('3 人 · 其中客户 {customers} 人')
    expect(t('common.time.minutesAgo')).toBe('{n} 分钟前')
  })

  it('puts a param in literally, even with $ patterns in it', () => {
    expect(t('boot.host.unknown', { detail: "a $& b $1 $' c" })).toBe("企业微信返回了错误：a $& b $1 $' c")
  })

  it('returns the key itself for an unknown key, or one that is not a string', () => {
    expect(t('common.nope' as MessageKey)).toBe('common.nope')
    expect(t('nothing.here.at.all' as MessageKey)).toBe('nothing.here.at.all')
    expect(t('common.time' as MessageKey)).toBe('common.time')
    expect(t('boot.host' as MessageKey)).toBe('boot.host')
  })

  it('falls back to Simplified Chinese for an unknown locale', () => {
    setLocale('xx-YY')
    expect(locale).toBe('zh-CN')
    expect(t('common.retry')).toBe('重试')
    expect(messages().boot.host.cancelled).toBe('已取消。')
  })
})

describe('areas loaded with their views', () => {
  afterEach(() => setLocale('zh-CN'))

  it('the first chunk carries only the areas the customer card and the boot draw', () => {
    expect(Object.keys(zhCN).sort()).toEqual(['boot', 'common', 'customer', 'qikeliao'])
    expect(Object.keys(zhCNLater).sort()).toEqual([
      'admin',
      'adminStatus',
      'campaigns',
      'content',
      'materials',
      'playground',
      'recovery',
      'setup',
    ])
  })

  it('a later area is unknown until loaded, then known; the view loader brings its words along', async () => {
    // A fresh table (setLocale) holds only the first chunk's areas until the later ones it had are fetched again.
    setLocale('zh-CN')
    expect(t('common.retry')).toBe('重试')
    expect(t('campaigns.list.title')).toBe('campaigns.list.title')
    const view = { name: 'CampaignsView' }
    const loader = withMessages(['campaigns'], async () => view)
    expect(await loader()).toBe(view)
    expect(t('campaigns.list.title')).toBe('群发活动')
    await loadMessages('admin', 'content')
    expect(t('admin.title')).toBe('素材库管理')
    expect(messages().content).toBeDefined()
  })
})
