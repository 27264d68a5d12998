/**
 * WeCom's two sign-in pages: open.weixin.qq.com/connect/oauth2/authorize (inside WeCom's own browser, silent) and
 * login.work.weixin.qq.com/wwlogin/sso/login (企业微信扫码登录, a QR code for any other browser). The simulator shows
 * a page to pick a demo staff member on each (or skips it with `login_as`); both hand out the same one-time codes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { avatarSvg, escapeXml as esc } from './avatars.js'
import { queryParam, type SimContext } from './context.js'
import { demoCorp, demoStaff, findStaff } from './demo-data.js'
import { randomAlnum } from './state.js'

const CODE_LIFETIME_MS = 5 * 60 * 1000
const SCOPES = ['snsapi_base', 'snsapi_privateinfo']

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;background:#f2f3f5;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei",sans-serif;color:#1f2329;display:flex;justify-content:center;align-items:flex-start}
main{width:100%;max-width:420px;margin:32px 16px;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.06);overflow:hidden}
header{padding:28px 24px 16px;text-align:center;border-bottom:1px solid #eef0f2}
.logo{width:48px;height:48px;margin:0 auto 12px;border-radius:12px;background:#3370ff;color:#fff;font-size:26px;line-height:48px;font-weight:600}
h1{font-size:19px;margin:0 0 6px;font-weight:600}
.corp{margin:0;color:#646a73;font-size:14px}
.hint{margin:16px 24px 8px;color:#8f959e;font-size:13px}
ul{list-style:none;margin:0;padding:0 12px 12px}
li a{display:flex;align-items:center;gap:12px;padding:12px;border-radius:8px;text-decoration:none;color:inherit}
li a:hover,li a:focus{background:#f5f6f7;outline:none}
.avatar svg{display:block;width:40px;height:40px}
.who{flex:1;min-width:0}
.who strong{display:block;font-size:16px;font-weight:500}
.who small{color:#8f959e;font-size:13px}
.badge{font-size:12px;color:#3370ff;background:#e1eaff;border-radius:4px;padding:2px 6px}
.chev{color:#c0c4cc;font-size:20px}
.error{padding:24px;color:#f54a45;font-size:15px;line-height:1.6}
.qr{display:flex;flex-direction:column;align-items:center;gap:10px;padding:20px 24px 4px;color:#646a73;font-size:14px}
.qr svg{display:block;width:164px;height:164px;border:1px solid #eef0f2;border-radius:8px;padding:8px;background:#fff}
footer{padding:14px 24px 20px;color:#a0a4ab;font-size:12px;line-height:1.6;border-top:1px solid #eef0f2}
`

const OAUTH_FOOTER = '这是演示用的模拟登录页。真实环境中由企业微信客户端静默完成身份验证，不会出现此页面。'
const QR_FOOTER = '这是演示用的模拟扫码登录页。真实环境中这里是企业微信的登录二维码，用企业微信扫码并确认后登录。'

function page(title: string, body: string, footer = OAUTH_FOOTER, heading = '企业微信登录（模拟）'): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><div class="logo">企</div><h1>${esc(heading)}</h1><p class="corp">${esc(demoCorp.corpName)} · ${esc(demoCorp.agentName)}</p></header>
${body}
<footer>${esc(footer)}</footer>
</main>
</body>
</html>
`
}

function errorPage(reply: FastifyReply, message: string) {
  return reply
    .code(400)
    .type('text/html; charset=utf-8')
    .send(page('企业微信登录（模拟）· 参数错误', `<p class="error">参数错误：${esc(message)}</p>`))
}

/** The demo staff as links to this same page with `login_as` (`action`: the page's own last path segment). */
function staffList(action: string, rawQuery: string): string {
  const departments = new Map<number, string>(demoCorp.departments.map((d) => [d.id, d.name]))
  const items = demoStaff
    .map((s) => {
      // Relative, so the links also work when the page is passed through another origin (the proxy's /sim/).
      const href = `${action}?${rawQuery}${rawQuery ? '&' : ''}login_as=${encodeURIComponent(s.userId)}`
      const badge = s.isAdmin ? '<span class="badge">管理员</span>' : ''
      return `<li><a href="${esc(href)}"><span class="avatar">${avatarSvg(s.userId, s.name, 40)}</span><span class="who"><strong>${esc(s.name)}</strong><small>${esc(s.position)} · ${esc(departments.get(s.departmentId) ?? '')}（${esc(s.userId)}）</small></span>${badge}<span class="chev">›</span></a></li>`
    })
    .join('\n')
  return `<ul>\n${items}\n</ul>`
}

/**
 * A picture in the shape of a QR code (three finder squares, modules drawn from `seed`): nothing can scan it, and in
 * the demo nothing has to — the list below it stands for the phone that would.
 */
function qrPicture(seed: string): string {
  const n = 25
  let h = 2166136261
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619)
  h ||= 1
  // xorshift32: the same state draws the same picture.
  const coin = () => ((h ^= h << 13), (h ^= h >>> 17), (h ^= h << 5), h & 1)
  const corners = [
    [0, 0],
    [n - 7, 0],
    [0, n - 7],
  ] as const
  const cells: string[] = []
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      const corner = corners.find(([ox, oy]) => x >= ox - 1 && x <= ox + 7 && y >= oy - 1 && y <= oy + 7)
      // A finder square is dark but for its second ring (ring 2); the strip around it (ring 4) stays light.
      const ring = corner ? Math.max(Math.abs(x - corner[0] - 3), Math.abs(y - corner[1] - 3)) : -1
      const dark = corner ? ring < 4 && ring !== 2 : coin()
      if (dark) cells.push(`M${x} ${y}h1v1h-1z`)
    }
  return `<svg viewBox="0 0 ${n} ${n}" role="img" aria-label="登录二维码（模拟）" shape-rendering="crispEdges"><path fill="#1f2329" d="${cells.join('')}"/></svg>`
}

function chooserPage(rawQuery: string): string {
  return page('企业微信登录（模拟）', `<p class="hint">请选择以哪位成员的身份登录</p>\n${staffList('authorize', rawQuery)}`)
}

function qrPage(rawQuery: string, state: string): string {
  const qr = `<div class="qr">${qrPicture(state)}<span>请使用企业微信扫描二维码登录</span></div>`
  const title = '企业微信扫码登录（模拟）'
  return page(title, `${qr}\n<p class="hint">演示：选择扫码的成员</p>\n${staffList('login', rawQuery)}`, QR_FOOTER, title)
}

/** Adds code and state to the redirect URI without re-encoding the query it already has. */
function withCode(redirectUri: string, code: string, state: string): string {
  const hash = redirectUri.indexOf('#')
  const base = hash === -1 ? redirectUri : redirectUri.slice(0, hash)
  const fragment = hash === -1 ? '' : redirectUri.slice(hash)
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?'
  return `${base}${sep}code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}${fragment}`
}

export function oauthRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { credentials, state, now } = ctx

  /** The redirect_uri's checks both pages make, or the reason it is refused. */
  const redirectRefusal = (redirectUri: string | undefined, outside: (origin: string) => string): string | null => {
    if (!redirectUri) return '缺少 redirect_uri'
    let parsed: URL
    try {
      parsed = new URL(redirectUri)
    } catch {
      return 'redirect_uri 不是合法的网址'
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'redirect_uri 必须是 http 或 https 网址'
    // WeCom sends the code only to the app's registered domain: anywhere else, a page could collect staff members' codes.
    if (ctx.trustedOrigin && parsed.origin !== ctx.trustedOrigin) return outside(ctx.trustedOrigin)
    return null
  }

  /** The staff picker, or (with `login_as`) a one-time code for that staff member, sent back to redirect_uri. */
  const pickOrRedirect = (request: FastifyRequest, reply: FastifyReply, scope: string, picker: (rawQuery: string) => string) => {
    const q = (key: string) => queryParam(request, key)
    const loginAs = q('login_as')
    if (loginAs === undefined) {
      const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : ''
      return reply.type('text/html; charset=utf-8').send(picker(rawQuery))
    }
    const staff = findStaff(loginAs)
    if (!staff) return errorPage(reply, `成员 ${loginAs} 不存在`)
    const code = randomAlnum(43)
    state.wecom.codes.set(code, { code, userId: staff.userId, scope, expiresAt: now() + CODE_LIFETIME_MS })
    return reply.redirect(withCode(q('redirect_uri')!, code, q('state') ?? ''), 302)
  }

  app.get('/connect/oauth2/authorize', async (request, reply) => {
    const q = (key: string) => queryParam(request, key)
    if (q('appid') !== credentials.wecom.corpId) return errorPage(reply, 'appid 与企业的 CorpID 不一致')
    const refused = redirectRefusal(
      q('redirect_uri'),
      (o) => `redirect_uri 不在应用的可信域名（${o}）下（50001 redirect_url 未登记可信域名）`,
    )
    if (refused) return errorPage(reply, refused)
    if (q('response_type') !== 'code') return errorPage(reply, 'response_type 必须为 code')
    const scope = q('scope') ?? ''
    if (!SCOPES.includes(scope)) return errorPage(reply, 'scope 必须为 snsapi_base 或 snsapi_privateinfo')
    const agentid = q('agentid')
    if (agentid !== undefined && agentid !== credentials.wecom.agentId) return errorPage(reply, 'agentid 与应用不一致')
    if (scope === 'snsapi_privateinfo' && agentid === undefined) return errorPage(reply, 'snsapi_privateinfo 需要 agentid')
    return pickOrRedirect(request, reply, scope, chooserPage)
  })

  // 企业微信扫码登录 for a self-built app (login_type=CorpApp): appid and agentid both required; the code it hands out
  // is read with the same auth/getuserinfo.
  app.get('/wwlogin/sso/login', async (request, reply) => {
    const q = (key: string) => queryParam(request, key)
    if (q('login_type') !== 'CorpApp') return errorPage(reply, 'login_type 必须为 CorpApp（企业自建应用）')
    if (q('appid') !== credentials.wecom.corpId) return errorPage(reply, 'appid 与企业的 CorpID 不一致')
    if (q('agentid') !== credentials.wecom.agentId) return errorPage(reply, 'agentid 与应用不一致')
    const refused = redirectRefusal(q('redirect_uri'), (o) => `redirect_uri 不在应用「企业微信授权登录」的授权回调域（${o}）下`)
    if (refused) return errorPage(reply, refused)
    return pickOrRedirect(request, reply, 'snsapi_base', (rawQuery) => qrPage(rawQuery, q('state') ?? ''))
  })
}
