/**
 * open.weixin.qq.com/connect/oauth2/authorize. Inside WeCom this step is silent; the simulator
 * shows a page to pick a demo staff member instead (or skips it with `login_as`).
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
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
footer{padding:14px 24px 20px;color:#a0a4ab;font-size:12px;line-height:1.6;border-top:1px solid #eef0f2}
`

function page(title: string, body: string): string {
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
<header><div class="logo">企</div><h1>企业微信登录（模拟）</h1><p class="corp">${esc(demoCorp.corpName)} · ${esc(demoCorp.agentName)}</p></header>
${body}
<footer>这是演示用的模拟登录页。真实环境中由企业微信客户端静默完成身份验证，不会出现此页面。</footer>
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

function chooserPage(rawQuery: string): string {
  const departments = new Map<number, string>(demoCorp.departments.map((d) => [d.id, d.name]))
  const items = demoStaff
    .map((s) => {
      // Relative, so the links also work when the page is passed through another origin (the proxy's /sim/).
      const href = `authorize?${rawQuery}${rawQuery ? '&' : ''}login_as=${encodeURIComponent(s.userId)}`
      const badge = s.isAdmin ? '<span class="badge">管理员</span>' : ''
      return `<li><a href="${esc(href)}"><span class="avatar">${avatarSvg(s.userId, s.name, 40)}</span><span class="who"><strong>${esc(s.name)}</strong><small>${esc(s.position)} · ${esc(departments.get(s.departmentId) ?? '')}（${esc(s.userId)}）</small></span>${badge}<span class="chev">›</span></a></li>`
    })
    .join('\n')
  return page('企业微信登录（模拟）', `<p class="hint">请选择以哪位成员的身份登录</p>\n<ul>\n${items}\n</ul>`)
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

  app.get('/connect/oauth2/authorize', async (request, reply) => {
    const q = (key: string) => queryParam(request, key)
    if (q('appid') !== credentials.wecom.corpId) return errorPage(reply, 'appid 与企业的 CorpID 不一致')
    const redirectUri = q('redirect_uri')
    if (!redirectUri) return errorPage(reply, '缺少 redirect_uri')
    let parsed: URL
    try {
      parsed = new URL(redirectUri)
    } catch {
      return errorPage(reply, 'redirect_uri 不是合法的网址')
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return errorPage(reply, 'redirect_uri 必须是 http 或 https 网址')
    // WeCom sends the code only to the app's trusted domain: anywhere else, a page could collect staff members' codes.
    if (ctx.trustedOrigin && parsed.origin !== ctx.trustedOrigin) {
      return errorPage(reply, `redirect_uri 不在应用的可信域名（${ctx.trustedOrigin}）下（50001 redirect_url 未登记可信域名）`)
    }
    if (q('response_type') !== 'code') return errorPage(reply, 'response_type 必须为 code')
    const scope = q('scope') ?? ''
    if (!SCOPES.includes(scope)) return errorPage(reply, 'scope 必须为 snsapi_base 或 snsapi_privateinfo')
    const agentid = q('agentid')
    if (agentid !== undefined && agentid !== credentials.wecom.agentId) return errorPage(reply, 'agentid 与应用不一致')
    if (scope === 'snsapi_privateinfo' && agentid === undefined) return errorPage(reply, 'snsapi_privateinfo 需要 agentid')

    const loginAs = q('login_as')
    if (loginAs === undefined) {
      const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : ''
      return reply.type('text/html; charset=utf-8').send(chooserPage(rawQuery))
    }
    const staff = findStaff(loginAs)
    if (!staff) return errorPage(reply, `成员 ${loginAs} 不存在`)
    const code = randomAlnum(43)
    state.wecom.codes.set(code, { code, userId: staff.userId, scope, expiresAt: now() + CODE_LIFETIME_MS })
    return reply.redirect(withCode(redirectUri, code, q('state') ?? ''), 302)
  })
}
