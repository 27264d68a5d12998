// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatNumber } from './format.js'
import { detectLocale, errorText, loadMessages, locale, messages, setLocale, t, withMessages, type MessageKey } from './index.js'
import { zhCN, zhCNLater } from './zh-CN/index.js'

describe('t', () => {
  afterEach(() => setLocale('zh-CN'))

  it('looks up nested keys', () => {
    expect(t('common.retry')).toBe('重试')
    expect(t('boot.loadFailed')).toBe('侧边栏没能启动')
    expect(t('customer.kind.wechat')).toBe('微信')
  })

  it('fills {name} placeholders', async () => {
    await loadMessages('send')
    expect(t('common.time.minutesAgo', { n: 3 })).toBe('3 分钟前')
    expect(t('send.group.members', { n: 12, customers: 9 })).toBe('12 人 · 其中客户 9 人')
    expect(t('send.composer.channelRpaHint', { account: '运营号A' })).toBe('通过群发账号 运营号A 发给客户。')
  })

  it('fills a zero (a falsy value is still a value)', () => {
    expect(t('common.time.secondsAgo', { n: 0 })).toBe('0 秒前')
    expect(t('boot.noContext.entry', { entry: '' })).toBe('当前入口：')
  })

  it('leaves a placeholder without a param as {name}', async () => {
    await loadMessages('send')
    expect(t('common.time.minutesAgo', {})).toBe('{n} 分钟前')
    expect(t('send.group.members', { n: 3 })).toBe('3 人 · 其中客户 {customers} 人')
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

  it('falls back to Simplified Chinese for an unknown locale', async () => {
    await setLocale('xx-YY')
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
      'send',
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
    expect(t('admin.title')).toBe('管理后台')
    // The composer's and group card's words come with their chunks, not with the customer card's first paint.
    expect(t('send.composer.title')).toBe('send.composer.title')
    await loadMessages('send')
    expect(t('send.composer.title')).toBe('发送给客户')
    expect(messages().content).toBeDefined()
  })
})

// WeCom's user agents as the clients send them (desktop and mobile), with the language the staff member chose.
const WECOM_EN =
  'Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107.0.0.0 Safari/537.36 wxwork/4.1.20 (MicroMessenger/6.2) WindowsWechat MailPlugin_Electron WeMail embeddisk Language/en ColorScheme/Light'
const WECOM_ZH =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0 Mobile Safari/537.36 wxwork/4.1.20 MicroMessenger/7.0.1 NetType/WIFI Language/zh_CN Lang/zh ColorScheme/Dark'
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36'

describe('detectLocale', () => {
  it("reads WeCom's Language/ in the user agent before the browser's languages", () => {
    expect(detectLocale(null, WECOM_EN, ['zh-CN', 'zh'])).toBe('en')
    expect(detectLocale(null, WECOM_ZH, ['en-US', 'en'])).toBe('zh-CN')
  })

  it("outside WeCom, the browser's first language that is English or Chinese", () => {
    expect(detectLocale(null, CHROME, ['en-GB', 'zh-CN'])).toBe('en')
    expect(detectLocale(null, CHROME, ['fr-FR', 'en-US'])).toBe('en')
    expect(detectLocale(null, CHROME, ['zh-TW', 'en-US'])).toBe('zh-CN')
    expect(detectLocale(null, CHROME, ['fr-FR', 'zh-CN', 'en'])).toBe('zh-CN')
  })

  it("the demo's choice for the tab wins over the user agent", () => {
    expect(detectLocale('en', WECOM_ZH, ['zh-CN'])).toBe('en')
    expect(detectLocale('zh-CN', WECOM_EN, ['en-US'])).toBe('zh-CN')
  })

  it('falls back to Simplified Chinese when nothing names English or Chinese', () => {
    expect(detectLocale(null, CHROME, [])).toBe('zh-CN')
    expect(detectLocale(undefined, CHROME, ['fr-FR', 'de'])).toBe('zh-CN')
    expect(detectLocale(null, '', [])).toBe('zh-CN')
  })
})

describe('English', () => {
  afterEach(() => setLocale('zh-CN'))

  it('loads the first-paint areas with the language, the later areas only with their views', async () => {
    await setLocale('en')
    expect(locale).toBe('en')
    expect(t('common.retry')).toBe('Retry')
    expect(t('customer.kind.wechat')).toBe('WeChat')
    expect(t('campaigns.list.title')).toBe('campaigns.list.title')
    expect(t('send.composer.channelChat')).toBe('send.composer.channelChat')
    await loadMessages('send')
    expect(t('send.composer.channelChat')).toBe('Send to chat')
    await withMessages(['campaigns'], async () => 'view')()
    expect(t('campaigns.list.title')).toBe('Campaigns')
    await loadMessages('setup')
    expect(messages().setup.steps).toHaveLength(6)
    // Back to Chinese: the English later areas are gone, and come back in Chinese when loaded.
    await setLocale('zh-CN')
    expect(t('common.retry')).toBe('重试')
    expect(t('campaigns.list.title')).toBe('campaigns.list.title')
    await loadMessages('campaigns')
    expect(t('campaigns.list.title')).toBe('群发活动')
  })

  it('fills placeholders in English', async () => {
    await setLocale('en')
    await loadMessages('send')
    expect(t('send.group.members', { n: 12, customers: 9 })).toBe('12 members · 9 customers')
    expect(t('common.time.minutesAgo', { n: 3 })).toBe('3 min ago')
  })

  it('formats dates and numbers by Intl for the language', async () => {
    const now = new Date(2025, 10, 20, 14, 0)
    const thisYear = new Date(2025, 10, 21, 9, 5).toISOString()
    const lastYear = new Date(2024, 11, 30, 8, 0).toISOString()
    expect(formatDate(thisYear, now)).toBe('11-21')
    expect(formatDateTime(lastYear, now)).toBe('2024-12-30 08:00')
    expect(formatNumber(1234567)).toBe('1,234,567')
    await setLocale('en')
    expect(formatDate(thisYear, now)).toBe('Nov 21')
    expect(formatDate(lastYear, now)).toBe('Dec 30, 2024')
    expect(formatDateTime(thisYear, now)).toBe('Nov 21, 09:05')
    expect(formatNumber(1234567.5)).toBe('1,234,567.5')
  })
})

describe("the proxy's refusals", () => {
  afterEach(() => setLocale('zh-CN'))

  it('keep the proxy words in Chinese; in English, the words for the code where there are some', async () => {
    expect(errorText('NOT_YOUR_CONTACT', '这位客户不是你的客户')).toBe('这位客户不是你的客户')
    await setLocale('en')
    expect(errorText('NOT_YOUR_CONTACT', '这位客户不是你的客户')).toMatch(/^This is not your customer/)
    // A code without English words keeps what the proxy said (the 企客聊 entry's refusals are pages, never answers).
    expect(errorText('QIKELIAO_REPLAYED', '链接已用过')).toBe('链接已用过')
  })
})
