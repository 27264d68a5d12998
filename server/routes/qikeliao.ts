import type { FastifyReply, FastifyRequest } from 'fastify'
import type { EntryQuery, Refusal } from '../services/qikeliao/entry.js'
import { ENTRY_PATH } from '../services/qikeliao/mint.js'
import type { App, Services } from './context.js'
import { escapeHtml, htmlPage } from './html.js'
import { startSession } from './session-cookie.js'

/**
 * Public. 企客聊 opens `${PUBLIC_URL}/api/qikeliao/enter?Type=WL&PKID=…&time=…&neber=…&UserID=…` in its sidebar each
 * time staff click a customer (vendors.md). The entry checks and decrypts it, remembers the friend, signs the staff
 * member in and sends the browser on to the sidebar. A browser opened it, so every refusal is a page that says what
 * to check; the log gets one line with the code and never a value from the link (the request log drops this path's
 * query).
 */
export async function qikeliaoRoutes(app: App, s: Services): Promise<void> {
  app.get(ENTRY_PATH, async (request, reply) => {
    // A link is good once: a HEAD (a prefetcher, a link checker) must not use it up or sign anyone in.
    if (request.method === 'HEAD') return reply.code(204).header('cache-control', 'no-store').send()
    const outcome = await s.qikeliao.enter((request.query ?? {}) as EntryQuery)
    if ('refused' in outcome) return refused(request, reply, outcome.refused)
    const { friend, friendId, user } = outcome
    await startSession(request, reply, s, user)
    request.log.info({ code: 'QIKELIAO_ENTERED', userId: friend.userId, tenantId: friend.tenantId, friendId }, 'qikeliao entry')
    return reply.redirect(`/?host=qikeliao&friend=${encodeURIComponent(friendId)}`, 302)
  })
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
