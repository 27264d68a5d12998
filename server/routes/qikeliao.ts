import type { FastifyReply, FastifyRequest } from 'fastify'
import { QikeliaoEntryLink, QikeliaoEntryLinkQuery } from '../../contracts/demo.js'
import { demoEntryQuery } from '../services/qikeliao/demo.js'
import { QikeliaoEntry, type EntryQuery, type Refusal } from '../services/qikeliao/entry.js'
import { ENTRY_PATH } from '../services/qikeliao/mint.js'
import { ReplayGuard } from '../services/qikeliao/replay.js'
import { escapeHtml, startSession } from './auth.js'
import { requireSession, sessionUser, type App, type Services } from './context.js'
import { htmlPage } from './html.js'

/**
 * 企客聊 opens `${PUBLIC_URL}/api/qikeliao/enter?Type=WL&PKID=…&time=…&neber=…&UserID=…` in its sidebar each time
 * staff click a customer (vendors.md). The entry checks and decrypts it, remembers the friend, signs the staff member
 * in and sends the browser on to the sidebar. A browser opened it, so every refusal is a page that says what to check;
 * the log gets one line with the code and never a value from the link (the request log drops this path's query).
 */
export async function qikeliaoRoutes(app: App, s: Services): Promise<void> {
  const settings = s.config.qikeliao
  const entry = settings ? new QikeliaoEntry(settings) : null
  const replay = new ReplayGuard(s.db, s.now)

  app.get(ENTRY_PATH, async (request, reply) => {
    // A link is good once: a HEAD (a prefetcher, a link checker) must not use it up or sign anyone in.
    if (request.method === 'HEAD') return reply.code(204).header('cache-control', 'no-store').send()
    if (!entry || !settings) {
      return refused(request, reply, {
        status: 404,
        code: 'QIKELIAO_NOT_CONFIGURED',
        title: '企客聊入口未开启',
        message: '这个侧边栏还没有配置企客聊。',
        check: '请管理员设置 QIKELIAO_KEY 等变量（见部署文档「企客聊」一节）后重启服务。',
      })
    }
    const checked = entry.check((request.query ?? {}) as EntryQuery, s.now())
    if ('code' in checked) return refused(request, reply, checked)
    if (!(await replay.claim(checked.replayKeys, settings.maxAgeS))) {
      return refused(request, reply, {
        status: 401,
        code: 'QIKELIAO_REPLAYED',
        title: '链接已用过',
        message: '这个链接已经打开过一次，不能再用。',
        check: '请回到企客聊，重新点击客户的手机号、微信号或侧边栏按钮：每次点击都会生成新链接。',
      })
    }
    const { friend } = checked
    const friendId = await s.friends.upsert(friend)
    await startSession(request, reply, s, { userId: friend.userId, corpId: friend.tenantId, host: 'qikeliao' })
    request.log.info({ code: 'QIKELIAO_ENTERED', userId: friend.userId, tenantId: friend.tenantId, friendId }, 'qikeliao entry')
    return reply.redirect(`/?host=qikeliao&friend=${encodeURIComponent(friendId)}`, 302)
  })

  // Demo only, with keys made up for this run: the playground's 企客聊 switch opens the sidebar through a real entry.
  if (settings?.simulated && entry && s.config.vendors.wecom.simulated) {
    app.get(
      '/api/demo/qikeliao-entry',
      { onRequest: requireSession, schema: { querystring: QikeliaoEntryLinkQuery, response: { 200: QikeliaoEntryLink } } },
      async (request) => {
        const query = demoEntryQuery(entry, {
          userId: sessionUser(request).userId,
          externalUserId: request.query.contact,
          tenantId: s.config.vendors.youmi.tenantId,
          now: s.now(),
        })
        return { url: `${ENTRY_PATH}?${query}` }
      },
    )
  }
}

function refused(request: FastifyRequest, reply: FastifyReply, r: Refusal) {
  request.log.warn({ code: r.code, status: r.status, ...(r.detail ? { detail: r.detail } : {}) }, 'qikeliao entry refused')
  const body =
    `<p>${escapeHtml(r.message)}</p>` + `<p>${escapeHtml(r.check)}</p>` + `<p><small>HTTP ${r.status} · ${escapeHtml(r.code)}</small></p>`
  return reply
    .code(r.status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(htmlPage(escapeHtml(r.title), body))
}
