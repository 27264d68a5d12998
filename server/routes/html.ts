/** A small self-contained page for answers a browser shows directly (login failures): no scripts, no outside assets. */
export function htmlPage(title: string, body: string, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title>
<style>
  :root { color-scheme: light dark; font-family: -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; }
  body { margin: 0; padding: 32px 20px; line-height: 1.6; }
  main { max-width: 420px; margin: 0 auto; }
  h1 { font-size: 18px; margin: 0 0 12px; }
  a { color: #1677ff; }
</style></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}
