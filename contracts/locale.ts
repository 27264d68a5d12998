/** The sidebar's languages: Simplified Chinese, the product's own, and English. */
export type Locale = 'zh-CN' | 'en'

/**
 * The language, from the first that names one: the demo's switch (kept for the tab), WeCom's user agent (`Language/en`,
 * `Language/zh_CN`), then the browser's languages. Anything but English is Simplified Chinese, the product's language.
 * One rule for the sidebar (src/i18n/index.ts) and for the pages the proxy serves itself (server/routes/login-failed.ts).
 */
export const detectLocale = (kept: string | null | undefined, ua: string, languages: readonly string[]): Locale =>
  /^en/i.test(kept ?? /Language\/(\S+)/.exec(ua)?.[1] ?? languages.find((l) => /^(en|zh)/i.test(l)) ?? '') ? 'en' : 'zh-CN'
