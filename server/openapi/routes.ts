import type { ErrorCode } from './errors.js'
import { EXAMPLE_IDS as ID, exampleMaterial, examplePlayground, exampleReach, exampleSend, exampleStatus } from './examples.js'

/** A campaign list row's summary: the example reach as the list shows it. */
const exampleSummary = {
  type: { code: exampleReach.type.code, label: exampleReach.type.label },
  status: exampleReach.status,
  delivery: exampleReach.rates.delivery,
  fetchedAt: exampleReach.fetchedAt,
  stale: null,
}

/**
 * What the OpenAPI document says of each route, keyed by method and URL exactly as registered. The schemas come
 * from the routes themselves (contracts/); this adds what a schema cannot say: a summary, where it belongs, who may
 * call it, the error codes it answers with, and examples. The examples are parsed with the route's own schemas when
 * the document is built, so an example that no longer fits its contract fails the build's test.
 */
export interface RouteDoc {
  summary: string
  description?: string
  tag: Tag
  access: 'public' | 'session' | 'admin'
  /**
   * Whose sessions may call it: WeCom's, 企客聊's, or `any` (the default; public routes too). Admin routes are WeCom's.
   * A session of the other host is 403 WRONG_HOST.
   */
  host?: 'wecom' | 'qikeliao' | 'any'
  /** Besides those every route of its kind answers (see `commonErrors` in ./index.ts). */
  errors: ErrorCode[]
  examples?: { body?: unknown; querystring?: unknown; response?: unknown }
}

export const TAGS = {
  system: 'Health, app info and this document.',
  'sign-in': 'WeCom OAuth sign-in, the session, and the 企客聊 entry.',
  wecom: 'JS-SDK signatures for `ww.register`.',
  customers: 'The customer, customer group or 企客聊 friend beside the chat, and Youmi identities.',
  sends: 'Sending content to a customer: into the chat (JS-SDK) or as a Youmi task. See docs/api.md for idempotency.',
  materials: 'The materials library and its files.',
  campaigns: 'Tracked WShoto campaigns and their reach.',
  demo: 'Demo mode only: the playground and the simulator’s browser pages.',
} as const
export type Tag = keyof typeof TAGS

const link = {
  type: 'link',
  title: '新品发布会邀请',
  url: 'https://example.com/launch',
  desc: '本周六下午两点',
  imgUrl: 'https://example.com/cover.png',
}
const youmiIdentity = {
  adWechatId: 41,
  machineKey: 'rpa-01',
  machineName: '门店一号机',
  qvCompanyId: 'qv1',
  objectId: 'wxid_chen',
  objectNickname: '陈女士',
  belongStaffCode: 'zhangwei',
}
const text = { type: 'text', text: '您好，这是本周的新品价目表。' }

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  'GET /api/health': {
    summary: 'Liveness: the process answers',
    tag: 'system',
    access: 'public',
    errors: [],
    examples: { response: { status: 'ok' } },
  },
  'GET /api/ready': {
    summary: 'Readiness: the database answers and every migration is applied',
    description:
      'For load balancers and orchestrators: 200 when ready, 503 with the reason otherwise. `GET /api/health` is the cheap liveness check.',
    tag: 'system',
    access: 'public',
    errors: [],
    examples: { response: { status: 'ready', migrationsApplied: 2, migrationsExpected: 2 } },
  },
  'GET /api/admin/status': {
    summary: '系统状态: vendors, signatures, PUBLIC_URL, database and instances, with what to do',
    description:
      'Per vendor: real or simulated, base URL, whether its credentials work (live token and ticket fetches), breaker, the last hour by error code, the last error and what to do, clock skew. Runs the live checks on first call.',
    tag: 'system',
    access: 'admin',
    errors: [],
    examples: { response: exampleStatus },
  },
  'POST /api/admin/status/recheck': {
    summary: '重新检查: run the live checks again (at most every 30 s)',
    tag: 'system',
    access: 'admin',
    errors: [],
    examples: { response: exampleStatus },
  },
  'GET /api/app-info': {
    summary: 'Whether this proxy runs the demo',
    description: 'Public, so a plain browser learns it is outside WeCom before being sent to OAuth.',
    tag: 'system',
    access: 'public',
    errors: [],
    examples: { response: { demo: false } },
  },
  'GET /api/openapi.json': { summary: 'This document (OpenAPI 3.1)', tag: 'system', access: 'public', errors: [] },
  'GET /api/auth/login': {
    summary: 'Start WeCom sign-in',
    description:
      '302 to WeCom’s authorize page, or for an admin page (`/admin…`) outside WeCom’s own browser to 企业微信扫码登录 (its QR code); `state` is bound to this browser by a signed 10-minute cookie. `returnTo` must be a path of this origin.',
    tag: 'sign-in',
    access: 'public',
    errors: [],
    examples: { querystring: { returnTo: '/contacts' } },
  },
  'GET /api/auth/callback': {
    summary: 'Finish WeCom OAuth',
    description:
      'Exchanges the code, sets the session cookie and answers 302 to `returnTo`. Failures are HTML pages (400 foreign state or a declined QR scan, 401 bad code, 403 non-member), each with a link to start again.',
    tag: 'sign-in',
    access: 'public',
    errors: ['UPSTREAM_FAILED', 'UPSTREAM_TIMEOUT'],
    examples: { querystring: { code: 'CODE_FROM_WECOM', state: 'q3Cg1xXb2m9Vh5tQ' } },
  },
  'POST /api/auth/logout': {
    summary: 'End this browser’s session',
    description: '204 whether or not there was one.',
    tag: 'sign-in',
    access: 'public',
    errors: [],
  },
  'GET /api/session': {
    summary: 'Who is signed in',
    tag: 'sign-in',
    access: 'session',
    errors: [],
    examples: {
      response: { userId: 'zhangwei', corpId: 'ww1234567890abcdef', agentId: '1000002', host: 'wecom', isAdmin: true, demo: false },
    },
  },
  'GET /api/qikeliao/enter': {
    summary: '企客聊 opens the sidebar',
    description:
      'Decrypts the staff member (`UserID`) and the customer (`PKID`), checks freshness and replay, starts a session and answers 302 to the sidebar. Refusals are HTML pages with a `QIKELIAO_…` code (docs/api.md).',
    tag: 'sign-in',
    access: 'public',
    errors: [],
  },
  'POST /api/wecom/signatures': {
    host: 'wecom',
    summary: 'Sign a page for the JS-SDK',
    description:
      'Signs `url` with the corp and the app jsapi tickets (`ww.register`’s `getConfigSignature` and `getAgentConfigSignature`).',
    tag: 'wecom',
    access: 'session',
    errors: ['URL_NOT_ALLOWED', 'VENDOR_UNAVAILABLE', 'UPSTREAM_FAILED', 'UPSTREAM_TIMEOUT'],
    examples: {
      body: { url: 'https://sidebar.example.com/?host=wecom' },
      response: {
        corpId: 'ww1234567890abcdef',
        agentId: '1000002',
        corp: { timestamp: 1764662400, nonceStr: 'Wm3WZYTPz0wzccnW', signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed' },
        agent: { timestamp: 1764662400, nonceStr: 'a8P0qXnVd2LmK9sT', signature: '6a0c1f6f2d86c1b7c0a1e6c1d3b0e8f4a9d2c7b1' },
      },
    },
  },
  'GET /api/contacts/:externalUserId': {
    host: 'wecom',
    summary: 'The customer beside the chat',
    tag: 'customers',
    access: 'session',
    errors: ['NOT_YOUR_CONTACT', 'CONTACT_NOT_FOUND', 'VENDOR_UNAVAILABLE', 'UPSTREAM_FAILED', 'UPSTREAM_TIMEOUT'],
    examples: {
      response: {
        externalUserId: ID.contact,
        name: '陈女士',
        avatar: 'https://wework.qpic.cn/avatar/0',
        kind: 'wechat',
        corpName: null,
        gender: 'female',
        remark: '陈女士（门店）',
        description: '关注智能门锁 X1',
        tags: [{ id: 'et1', group: '意向', name: '高' }],
        addedAt: '2026-11-20T08:30:00.000Z',
        youmi: null,
      },
    },
  },
  'PUT /api/admin/contact-links': {
    summary: 'Import Youmi identities of customers',
    description: 'JSON rows or `text/csv` (up to 5 MB). Valid rows are saved even when others are refused.',
    tag: 'customers',
    access: 'admin',
    errors: ['CSV_HEADER_INVALID'],
    examples: {
      body: [
        {
          externalUserId: ID.contact,
          youmi: youmiIdentity,
        },
      ],
      response: { added: 1, updated: 0, refused: [] },
    },
  },
  'GET /api/groups/:chatId': {
    host: 'wecom',
    summary: 'The customer group beside the chat',
    tag: 'customers',
    access: 'session',
    errors: ['NOT_YOUR_GROUP', 'GROUP_NOT_FOUND', 'VENDOR_UNAVAILABLE', 'UPSTREAM_FAILED', 'UPSTREAM_TIMEOUT'],
    examples: {
      response: {
        chatId: ID.group,
        name: '门店老客户群',
        owner: 'zhangwei',
        ownerName: '张伟',
        notice: '每周六上新',
        createdAt: '2026-10-01T02:00:00.000Z',
        memberCount: 38,
        customerCount: 35,
        members: [
          { kind: 'staff', name: '张伟', userId: 'zhangwei', owner: true },
          { kind: 'staff', name: '李娜', userId: 'lina', owner: false },
          { kind: 'customer', name: '陈晓雯', userId: null, owner: false },
        ],
      },
    },
  },
  'GET /api/friends/:id': {
    host: 'qikeliao',
    summary: 'A 企客聊 friend',
    tag: 'customers',
    access: 'session',
    errors: ['FRIEND_NOT_FOUND'],
    examples: {
      response: {
        id: ID.friend,
        wechatId: 'wxid_chen',
        nickname: '陈女士',
        phoneMasked: '138****5678',
        tenantId: '640462692',
        youmi: youmiIdentity,
      },
    },
  },
  'POST /api/sends': {
    summary: 'Send content to a customer, group or friend',
    description:
      'Stored before any vendor is called. The same `idempotencyKey` from the same staff member answers the same send (header `idempotent-replayed: true`). `chat` answers `messages` for `ww.sendChatMessage`; `rpa` creates a Youmi task.',
    tag: 'sends',
    access: 'session',
    errors: [
      'CONTENT_NOT_ON_CHANNEL',
      'GROUP_NEEDS_CHAT_CHANNEL',
      'FRIEND_NEEDS_RPA_CHANNEL',
      'SCHEDULE_NOT_SUPPORTED',
      'SCHEDULE_IN_PAST',
      'SCHEDULE_TOO_FAR',
      'NOT_YOUR_CONTACT',
      'NOT_YOUR_GROUP',
      'FRIEND_NOT_FOUND',
      'NO_YOUMI_IDENTITY',
      'IDEMPOTENCY_KEY_REUSED',
      'SEND_IN_PROGRESS',
      'SEND_BUSY',
      'SEND_OUTCOME_UNKNOWN',
      'MATERIAL_FILE_NOT_FOUND',
      'MEDIA_URL_INVALID',
      'MEDIA_SCHEME_NOT_ALLOWED',
      'MEDIA_HOST_NOT_ALLOWED',
      'MEDIA_ADDRESS_FORBIDDEN',
      'MEDIA_TOO_MANY_REDIRECTS',
      'MEDIA_FETCH_FAILED',
      'MEDIA_TOO_LARGE',
      'MEDIA_TOO_SMALL',
      'MEDIA_TYPE_MISMATCH',
      'MEDIA_UNAVAILABLE',
      'VENDOR_UNAVAILABLE',
      'UPSTREAM_FAILED',
      'UPSTREAM_TIMEOUT',
    ],
    examples: {
      body: { idempotencyKey: 'send-7f3c2a9e', channel: 'rpa', contact: { externalUserId: ID.contact }, content: [text, link] },
      response: exampleSend,
    },
  },
  'GET /api/sends': {
    summary: 'Recent sends of the signed-in staff member',
    description: 'Newest first, for one customer, group or friend; `nextCursor` pages on.',
    tag: 'sends',
    access: 'session',
    errors: ['CURSOR_INVALID'],
    examples: { querystring: { contact: ID.contact, limit: 20 }, response: { items: [exampleSend], nextCursor: null } },
  },
  'POST /api/sends/:id/result': {
    summary: 'Report how `ww.sendChatMessage` ended',
    description:
      '`{ ok: true }`: sent. `{ ok: false, errMsg }`: failed (the same key may try again). `{ ok: false, cancelled: true }`: the staff member tapped 取消 in WeCom’s confirm, nothing went out: `cancelled`, with no error.',
    tag: 'sends',
    access: 'session',
    errors: ['SEND_NOT_FOUND', 'NOT_A_CHAT_SEND', 'SEND_RESULT_ALREADY_RECORDED', 'SEND_BUSY'],
    examples: { body: { ok: false, errMsg: 'sendChatMessage:fail invalid media' }, response: exampleSend },
  },
  'POST /api/sends/:id/settle': {
    summary: 'Settle a send whose outcome is unknown',
    description:
      'Only by its own staff member, after checking Youmi’s console or the chat. `sent` (「已确认发出」) marks it sent and counts its materials; `not_sent` (「确认未发出，重新发送」) marks it failed and sends the same content again under the new `idempotencyKey` (answered as `resend`, with `retryOf` naming the first). Who and when are recorded in `settled`. The same request again answers the same.',
    tag: 'sends',
    access: 'session',
    errors: [
      'SEND_NOT_FOUND',
      'SEND_NOT_SETTLEABLE',
      'SEND_ALREADY_SETTLED',
      'IDEMPOTENCY_KEY_REUSED',
      'SEND_BUSY',
      'NOT_YOUR_CONTACT',
      'NOT_YOUR_GROUP',
      'FRIEND_NOT_FOUND',
      'NO_YOUMI_IDENTITY',
      'SEND_OUTCOME_UNKNOWN',
      'MATERIAL_FILE_NOT_FOUND',
      'MEDIA_TYPE_MISMATCH',
      'VENDOR_UNAVAILABLE',
      'UPSTREAM_FAILED',
      'UPSTREAM_TIMEOUT',
    ],
    examples: {
      body: { outcome: 'not_sent', idempotencyKey: 'send-9b41d07c' },
      response: {
        send: {
          ...exampleSend,
          status: 'failed',
          error: { code: 'SETTLED_NOT_SENT', message: '已确认没有发出，已重新发送。' },
          settled: { by: 'zhangwei', at: '2026-11-28T03:10:00.000Z', outcome: 'not_sent' },
          retryOf: null,
        },
        resend: { ...exampleSend, id: '5d2e9c1a-8b7f-4e3d-9c2b-1a0f8e7d6c5b', retryOf: exampleSend.id, settled: null },
      },
    },
  },
  'POST /api/sends/:id/media-refresh': {
    summary: 'Upload a chat send’s files to WeCom again after 40007',
    description: 'Once per attempt; answers the send with new `messages`.',
    tag: 'sends',
    access: 'session',
    errors: ['SEND_NOT_FOUND', 'NOT_A_CHAT_SEND', 'MEDIA_REFRESH_NOT_APPLICABLE', 'MEDIA_REFRESH_USED', 'MEDIA_UNAVAILABLE'],
    examples: { response: exampleSend },
  },
  'DELETE /api/sends/:id': {
    summary: 'Cancel a scheduled Youmi send',
    tag: 'sends',
    access: 'session',
    errors: [
      'SEND_NOT_FOUND',
      'SEND_NOT_CANCELLABLE',
      'CANCEL_IN_PROGRESS',
      'SEND_BUSY',
      'VENDOR_UNAVAILABLE',
      'UPSTREAM_FAILED',
      'UPSTREAM_TIMEOUT',
    ],
    examples: { response: { ...exampleSend, status: 'cancelled' } },
  },
  'GET /api/materials': {
    summary: 'The materials library, most used first',
    tag: 'materials',
    access: 'session',
    errors: [],
    examples: { querystring: { q: '价目', kind: 'file' }, response: { items: [exampleMaterial], folders: [{ name: '价目表', count: 1 }] } },
  },
  'GET /api/materials/:id': {
    summary: 'One material',
    tag: 'materials',
    access: 'session',
    errors: ['MATERIAL_NOT_FOUND'],
    examples: { response: exampleMaterial },
  },
  'POST /api/materials': {
    summary: 'Create a material',
    tag: 'materials',
    access: 'admin',
    errors: ['FILE_NOT_FOUND', 'MEDIA_TYPE_MISMATCH', 'MEDIA_TOO_LARGE'],
    examples: {
      body: { title: exampleMaterial.title, folder: exampleMaterial.folder, tags: exampleMaterial.tags, content: exampleMaterial.content },
      response: exampleMaterial,
    },
  },
  'PUT /api/materials/:id': {
    summary: 'Replace a material',
    tag: 'materials',
    access: 'admin',
    errors: ['MATERIAL_NOT_FOUND', 'FILE_NOT_FOUND', 'MEDIA_TYPE_MISMATCH', 'MEDIA_TOO_LARGE'],
    examples: { body: { title: exampleMaterial.title, content: exampleMaterial.content }, response: exampleMaterial },
  },
  'DELETE /api/materials/:id': {
    summary: 'Delete a material',
    description: 'Its file is deleted too (`/files/<id>/…` then answers 404) unless another material or a Youmi send yet to run names it.',
    tag: 'materials',
    access: 'admin',
    errors: ['MATERIAL_NOT_FOUND'],
  },
  'GET /api/admin/orphan-files': {
    summary: 'Library files nothing uses any more',
    description:
      'Files no material refers to and no Youmi send yet to run names, uploaded more than an hour ago (an abandoned upload, a file a send kept).',
    tag: 'materials',
    access: 'admin',
    errors: [],
    examples: {
      response: {
        items: [
          {
            fileId: ID.file,
            name: '旧价目表.pdf',
            format: 'pdf',
            size: 48213,
            createdBy: 'zhangwei',
            createdAt: '2026-11-28T03:00:00.000Z',
          },
        ],
      },
    },
  },
  'DELETE /api/admin/orphan-files/:fileId': {
    summary: 'Remove an orphaned library file',
    description: '204; `/files/<id>/…` answers 404 from then on. A file still in use is 409 `FILE_IN_USE` and stays.',
    tag: 'materials',
    access: 'admin',
    errors: ['FILE_NOT_FOUND', 'FILE_IN_USE'],
  },
  'POST /api/material-files': {
    summary: 'Upload a library file (multipart, field `file`)',
    description: 'Checked by its bytes: the answer says which content kinds it can be.',
    tag: 'materials',
    access: 'admin',
    errors: ['FILE_MISSING', 'FILE_EMPTY', 'FILE_TOO_LARGE', 'FILE_NAME_INVALID', 'TOO_MANY_FILES', 'INVALID_MULTIPART'],
    examples: {
      response: { fileId: ID.file, name: '2025 价目表.pdf', format: 'pdf', mime: 'application/pdf', size: 48213, kinds: ['file'] },
    },
  },
  'GET /files/:fileId/:name': {
    summary: 'A library file',
    description: 'Public by its random id, for Youmi’s RPA accounts and thumbnails; byte ranges supported.',
    tag: 'materials',
    access: 'public',
    errors: ['FILE_NOT_FOUND', 'RANGE_NOT_SATISFIABLE'],
  },
  'GET /api/campaigns': {
    summary: 'The campaigns this company tracks, each with its summary',
    description:
      'Each campaign with what the list shows of its reach (type, status, delivery share, `fetchedAt`, `stale`), from the same ' +
      'figures `GET /api/campaigns/:taskId/reach` answers: WShoto is asked at most once per campaign per `REACH_FRESH_S`. A ' +
      'campaign whose figures cannot be had has `summary: null` and its `error`; the others still show. `refresh=1` (a pull-to-' +
      'refresh) asks WShoto now, at most once per 2 s per campaign.',
    tag: 'campaigns',
    access: 'session',
    errors: [],
    examples: {
      response: {
        items: [
          {
            taskId: ID.campaign,
            name: '双十二会员日',
            addedBy: 'zhangwei',
            addedAt: '2026-11-28T03:00:00.000Z',
            summary: exampleSummary,
            error: null,
          },
        ],
      },
    },
  },
  'POST /api/campaigns': {
    summary: 'Track a WShoto campaign',
    description: 'WShoto is asked for the task first; the answer is the new list row, with its summary from that same answer.',
    tag: 'campaigns',
    access: 'admin',
    errors: ['CAMPAIGN_ALREADY_TRACKED', 'CAMPAIGN_NOT_FOUND', 'VENDOR_UNAVAILABLE', 'UPSTREAM_FAILED', 'UPSTREAM_TIMEOUT'],
    examples: {
      body: { taskId: ID.campaign, name: '双十二会员日' },
      response: {
        taskId: ID.campaign,
        name: '双十二会员日',
        addedBy: 'zhangwei',
        addedAt: '2026-11-28T03:00:00.000Z',
        summary: exampleSummary,
        error: null,
      },
    },
  },
  'DELETE /api/campaigns/:taskId': {
    summary: 'Stop tracking a campaign',
    tag: 'campaigns',
    access: 'admin',
    errors: ['CAMPAIGN_NOT_TRACKED'],
  },
  'GET /api/campaigns/:taskId/reach': {
    summary: 'How far a campaign reached',
    description:
      'From WShoto’s task detail, in product words, asked at most once per campaign per `REACH_FRESH_S` however many staff ' +
      'look (answers in between carry the last figures and their `fetchedAt`); `refresh=1` asks sooner, at most once per 2 s. ' +
      'While WShoto fails, the last figures with `stale` set.',
    tag: 'campaigns',
    access: 'session',
    errors: ['CAMPAIGN_NOT_TRACKED', 'CAMPAIGN_NOT_FOUND', 'VENDOR_UNAVAILABLE', 'UPSTREAM_FAILED', 'UPSTREAM_TIMEOUT'],
    examples: { response: exampleReach },
  },
  'GET /api/campaigns/:taskId/reach/history': {
    summary: 'A campaign’s reach over time',
    description:
      'From the reach snapshots (one per WShoto fetch, kept `REACH_HISTORY_DAYS`), oldest first: every snapshot up to ' +
      '200, beyond that the latest of each of 200 equal spans of time (the latest snapshot always included). ' +
      '`measured` counts the snapshots kept. Reading it asks nothing of WShoto.',
    tag: 'campaigns',
    access: 'session',
    errors: ['CAMPAIGN_NOT_TRACKED'],
    examples: {
      response: {
        taskId: ID.campaign,
        measured: 2,
        points: [
          {
            fetchedAt: '2026-11-25T14:00:00.000Z',
            delivery: 0.5,
            staffCompletion: 0.75,
            targets: { planned: 2480, delivered: 1240 },
            staff: { planned: 36, succeeded: 27 },
          },
          {
            fetchedAt: exampleReach.fetchedAt,
            delivery: exampleReach.rates.delivery,
            staffCompletion: exampleReach.rates.staffCompletion,
            targets: { planned: exampleReach.targets.planned, delivered: exampleReach.targets.delivered },
            staff: { planned: exampleReach.staff.planned, succeeded: exampleReach.staff.succeeded },
          },
        ],
      },
    },
  },
  'GET /api/admin/campaigns/:taskId/reach/history.csv': {
    summary: 'A campaign’s reach history as a CSV file',
    description:
      '`text/csv`, UTF-8 with a byte-order mark (spreadsheets keep the Chinese headers), CRLF line ends, as an attachment: ' +
      'one row per snapshot, oldest first (thinned evenly beyond 10 000), columns 获取时间（北京时间）, 送达率, 员工执行率, ' +
      '计划发送对象, 已送达对象, 计划执行员工, 已执行员工.',
    tag: 'campaigns',
    access: 'admin',
    errors: ['CAMPAIGN_NOT_TRACKED'],
  },
  'GET /api/demo/playground': {
    summary: 'The playground’s demo customers and groups',
    tag: 'demo',
    access: 'session',
    errors: [],
    examples: { response: examplePlayground },
  },
  'GET /api/demo/qikeliao-entry': {
    summary: 'A fresh 企客聊 entry link for a demo customer',
    tag: 'demo',
    access: 'session',
    errors: ['DEMO_CONTACT_NOT_FOUND', 'NOT_YOUR_CONTACT', 'NO_YOUMI_IDENTITY'],
    examples: {
      querystring: { contact: ID.contact },
      response: { url: '/api/qikeliao/enter?Type=WL&PKID=…&time=1764662400&neber=…&UserID=…' },
    },
  },
  'GET /sim/*': {
    summary: 'The simulator’s pages for browsers',
    description: 'Only the OAuth staff picker, avatars and WeCom temporary media; everything else is 404.',
    tag: 'demo',
    access: 'public',
    errors: [],
  },
}
