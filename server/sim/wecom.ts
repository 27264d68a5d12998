/**
 * WeCom server API (qyapi.weixin.qq.com) and its OAuth page (open.weixin.qq.com), at the same paths.
 * WeCom answers everything with HTTP 200 and an errcode/errmsg pair; so does the simulator.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import type { MultipartFile } from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { InvalidJsonBody, queryParam, type SimContext } from './context.js'
import { demoContacts, demoCorp, findContact, findGroup, findStaff } from './demo-data.js'
import { installVendorHooks, recordOf } from './faults.js'
import { checkToken, issueToken, randomAlnum, type UploadedMedia } from './state.js'
import { keepMediaBytes } from './wecom-media.js'
import { oauthRoutes } from './wecom-oauth.js'

const MESSAGES: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40004: 'invalid media type',
  40006: 'invalid file size',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40050: 'invalid chatid',
  40058: 'invalid Request Parameter',
  40096: 'invalid external userid',
  40097: 'invalid args',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  41008: 'missing code',
  42001: 'access_token expired',
  44001: 'empty media data',
  45009: 'api freq out of limit',
  45033: 'api concurrent out of limit',
  47001: 'data format error',
  60020: 'not allow to access from your ip',
  60111: 'userid not found',
  60123: 'invalid party id',
  84061: 'not external contact',
}

export function wecomError(errcode: number) {
  return { errcode, errmsg: MESSAGES[errcode] ?? 'simulated error' }
}

const MB = 1024 * 1024
/** WeCom's temporary-media rules: size limits per type and the formats each type takes. */
const MEDIA_RULES = {
  image: { maxBytes: 10 * MB, formats: ['jpg', 'jpeg', 'png'] },
  video: { maxBytes: 10 * MB, formats: ['mp4'] },
  file: { maxBytes: 20 * MB, formats: null },
} as const
export const MEDIA_PARSE_LIMIT = 20 * MB + 1
const MEDIA_LIFETIME_MS = 3 * 24 * 3600 * 1000

export function wecomPlugin(ctx: SimContext) {
  const { state, now, credentials } = ctx
  const creds = credentials.wecom

  return async function wecom(app: FastifyInstance) {
    installVendorHooks(app, {
      vendor: 'wecom',
      state,
      now,
      counters: {
        '/cgi-bin/gettoken': 'wecomToken',
        '/cgi-bin/get_jsapi_ticket': 'wecomCorpTicket',
        '/cgi-bin/ticket/get': 'wecomAgentTicket',
      },
      codeReply: (_path, code) => ({ status: 200, body: wecomError(Number(code)) }),
    })

    /** Answers the token error and returns false when the call's access_token is not usable. */
    function authorised(request: FastifyRequest, reply: FastifyReply): boolean {
      const check = checkToken(state.wecom.tokens, queryParam(request, 'access_token'), now())
      if (check === 'ok') return true
      const code = check === 'missing' ? 41001 : check === 'expired' ? 42001 : 40014
      void reply.send(wecomError(code))
      return false
    }

    app.get('/cgi-bin/gettoken', async (request) => {
      const corpid = queryParam(request, 'corpid')
      const secret = queryParam(request, 'corpsecret')
      if (!corpid) return wecomError(41002)
      if (corpid !== creds.corpId) return wecomError(40013)
      if (!secret) return wecomError(41004)
      if (secret !== creds.secret) return wecomError(40001)
      // Each call issues a new token; earlier ones stay valid until they expire, as at WeCom.
      const issued = issueToken(state.wecom.tokens, randomAlnum(64), now(), state.tokenTtlSeconds)
      return { errcode: 0, errmsg: 'ok', access_token: issued.token, expires_in: state.tokenTtlSeconds }
    })

    function issueTicket(kind: 'corp' | 'agent') {
      const ticket = randomAlnum(86)
      state.wecom.tickets.push({ kind, ticket, expiresAt: now() + state.tokenTtlSeconds * 1000, revoked: false })
      return { errcode: 0, errmsg: 'ok', ticket, expires_in: state.tokenTtlSeconds }
    }

    app.get('/cgi-bin/get_jsapi_ticket', async (request, reply) => {
      if (!authorised(request, reply)) return reply
      return issueTicket('corp')
    })

    app.get('/cgi-bin/ticket/get', async (request, reply) => {
      if (!authorised(request, reply)) return reply
      if (queryParam(request, 'type') !== 'agent_config') return wecomError(40097)
      return issueTicket('agent')
    })

    app.get('/cgi-bin/auth/getuserinfo', async (request, reply) => {
      if (!authorised(request, reply)) return reply
      const code = queryParam(request, 'code')
      if (!code) return wecomError(41008)
      const found = state.wecom.codes.get(code)
      // A code works once: it is gone whether this call succeeds or finds it expired.
      state.wecom.codes.delete(code)
      if (!found || now() >= found.expiresAt) return wecomError(40029)
      const answer: Record<string, unknown> = { errcode: 0, errmsg: 'ok', userid: found.userId }
      if (found.scope === 'snsapi_privateinfo') {
        answer.user_ticket = randomAlnum(64)
        answer.expires_in = 1800
      }
      return answer
    })

    // 读取成员: a self-built app reads members in its visible range (every demo staff member).
    app.get('/cgi-bin/user/get', async (request, reply) => {
      if (!authorised(request, reply)) return reply
      const member = findStaff(queryParam(request, 'userid') ?? '')
      if (!member) return wecomError(60111)
      return {
        errcode: 0,
        errmsg: 'ok',
        userid: member.userId,
        name: member.name,
        department: [member.departmentId],
        main_department: member.departmentId,
        position: member.position,
        gender: String(member.gender),
        status: 1,
      }
    })

    // 获取部门列表: the department and its sub-departments (the whole tree without `id`).
    app.get('/cgi-bin/department/list', async (request, reply) => {
      if (!authorised(request, reply)) return reply
      const id = queryParam(request, 'id')
      const all = demoCorp.departments.map((d) => ({ id: d.id, name: d.name, parentid: d.id === 1 ? 0 : 1, order: 100_000_000 - d.id }))
      if (id === undefined || id === '') return { errcode: 0, errmsg: 'ok', department: all }
      const root = all.find((d) => String(d.id) === id)
      if (!root) return wecomError(60123)
      return { errcode: 0, errmsg: 'ok', department: all.filter((d) => d.id === root.id || d.parentid === root.id) }
    })

    app.get('/cgi-bin/externalcontact/get', async (request, reply) => {
      if (!authorised(request, reply)) return reply
      const id = queryParam(request, 'external_userid')
      if (!id) return wecomError(40096)
      const contact = demoContacts.find((c) => c.externalUserId === id)
      if (!contact) return wecomError(84061)
      const external_contact: Record<string, unknown> = {
        external_userid: contact.externalUserId,
        name: contact.name,
        avatar: ctx.publicBaseUrl(request) + contact.avatarPath,
        type: contact.type,
        gender: contact.gender,
      }
      if (contact.unionId) external_contact.unionid = contact.unionId
      if (contact.type === 2) {
        external_contact.position = contact.position ?? ''
        external_contact.corp_name = contact.corpName ?? ''
        external_contact.corp_full_name = contact.corpFullName ?? ''
      }
      const follow_user = contact.follows.map((f) => ({
        userid: f.userId,
        remark: f.remark,
        description: f.description,
        createtime: f.createtime,
        tags: f.tags.map((t) => ({ ...t })),
        ...(f.remarkCorpName ? { remark_corp_name: f.remarkCorpName } : {}),
        remark_mobiles: [...f.remarkMobiles],
        add_way: f.addWay,
        oper_userid: f.operUserId,
      }))
      return { errcode: 0, errmsg: 'ok', external_contact, follow_user }
    })

    app.post('/cgi-bin/externalcontact/groupchat/get', async (request, reply) => {
      if (!authorised(request, reply)) return reply
      if (request.body instanceof InvalidJsonBody) return wecomError(47001)
      const body = (request.body ?? {}) as { chat_id?: unknown; need_name?: unknown }
      if (typeof body.chat_id !== 'string' || body.chat_id === '') return wecomError(40058)
      const group = findGroup(body.chat_id)
      if (!group) return wecomError(40050)
      // WeCom names members only when asked (need_name=1).
      const needName = Number(body.need_name) === 1
      const member_list = group.members.map((m) => {
        const contact = m.type === 2 ? findContact(m.userId) : undefined
        return {
          userid: m.userId,
          type: m.type,
          join_time: m.joinTime,
          join_scene: m.joinScene,
          ...(m.invitor ? { invitor: { userid: m.invitor } } : {}),
          group_nickname: m.groupNickname,
          ...(needName ? { name: contact?.name ?? findStaff(m.userId)?.name ?? '' } : {}),
          ...(contact?.type === 1 && contact.unionId ? { unionid: contact.unionId } : {}),
        }
      })
      return {
        errcode: 0,
        errmsg: 'ok',
        group_chat: {
          chat_id: group.chatId,
          name: group.name,
          owner: group.owner,
          create_time: group.createTime,
          notice: group.notice,
          member_list,
          admin_list: group.admins.map((userid) => ({ userid })),
          member_version: memberVersion(group.chatId, member_list.length),
        },
      }
    })

    app.post('/cgi-bin/media/upload', async (request, reply) => {
      if (!authorised(request, reply)) return reply
      const type = queryParam(request, 'type')
      if (type !== 'image' && type !== 'video' && type !== 'file') return wecomError(40004)
      if (!request.isMultipart()) return wecomError(44001)
      const part: MultipartFile | undefined = await request.file({
        limits: { fileSize: MEDIA_PARSE_LIMIT, files: 1 },
        throwFileSizeLimit: false,
      })
      if (!part) return wecomError(44001)
      const buffer = await part.toBuffer()
      const truncated = part.file.truncated
      const record = recordOf(request)
      if (record) {
        record.body = { [part.fieldname]: { filename: part.filename, mimetype: part.mimetype, size: buffer.length, truncated } }
      }
      if (part.fieldname !== 'media') return wecomError(44001)
      const rule = MEDIA_RULES[type]
      const ext = path.extname(part.filename).slice(1).toLowerCase()
      if (rule.formats && !(rule.formats as readonly string[]).includes(ext)) return wecomError(40004)
      // WeCom also refuses files of 5 bytes or less.
      if (truncated || buffer.length > rule.maxBytes || buffer.length <= 5) return wecomError(40006)
      const createdAt = now()
      const media: UploadedMedia = {
        mediaId: '3' + randomAlnum(63),
        type,
        filename: part.filename,
        mimetype: part.mimetype,
        size: buffer.length,
        createdAt,
        expiresAt: createdAt + MEDIA_LIFETIME_MS,
        revoked: false,
      }
      state.wecom.media.push(media)
      keepMediaBytes(state, media, buffer)
      // The empty errmsg on success is WeCom's own quirk for this call.
      return { errcode: 0, errmsg: '', type, media_id: media.mediaId, created_at: String(Math.floor(createdAt / 1000)) }
    })

    oauthRoutes(app, ctx)
  }
}

/** WeCom's member_version is an opaque 32-hex string that changes when the members do. */
function memberVersion(chatId: string, count: number): string {
  return createHash('md5').update(`${chatId}:${count}`).digest('hex')
}
