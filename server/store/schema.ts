import { sql } from 'drizzle-orm'
import type { ChatMessage, SendChannel, SendContent, SendStatus } from '../../contracts/sends.js'
import type { Reach, ReachFigures } from '../../contracts/reach.js'
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'

/** Sign-ins. The cookie carries a random token; only its hash is stored, so a database leak opens no session. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull(),
    corpId: text('corp_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Where the staff member signed in: `wecom` (OAuth; corp_id the WeCom corp) or `qikeliao` (corp_id the merchantid). */
    host: text('host').notNull().default('wecom'),
  },
  (t) => [index('sessions_expires_at_idx').on(t.expiresAt)],
)

/**
 * OAuth `state` values handed out by `/api/auth/login` and not yet used: the callback deletes its row, so a state
 * works once, at whichever instance of the proxy the browser comes back to. Only a hash is kept.
 */
export const oauthStates = pgTable(
  'oauth_states',
  {
    stateHash: text('state_hash').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('oauth_states_expires_at_idx').on(t.expiresAt)],
)

/** A customer's Youmi identity: which operator WeChat account reaches them and as which friend (the seed's listMass). */
export const contactLinks = pgTable('contact_links', {
  externalUserId: text('external_user_id').primaryKey(),
  adWechatId: bigint('ad_wechat_id', { mode: 'number' }).notNull(),
  machineKey: text('machine_key').notNull(),
  machineName: text('machine_name').notNull(),
  qvCompanyId: text('qv_company_id').notNull(),
  objectId: text('object_id').notNull(),
  objectNickname: text('object_nickname').notNull(),
  belongStaffCode: text('belong_staff_code').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
})

/**
 * Every send, written before any vendor is called. (user_id, idempotency_key) is unique: the database,
 * not the process, decides which of two simultaneous requests creates the send. Columns are listed in the table's own
 * order (later additions at the end), so a fresh database and one upgraded from the first release hold the same table.
 */
export const sends = pgTable(
  'sends',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    channel: text('channel').$type<SendChannel>().notNull(),
    /** The customer; exactly one of customer, group (`chatId`) and friend (`friendId`) is set. */
    externalUserId: text('external_user_id'),
    content: jsonb('content').$type<SendContent[]>().notNull(),
    scheduleAt: timestamp('schedule_at', { withTimezone: true }),
    /** Written only through `services/sends/state.ts`, which holds the allowed transitions. */
    status: text('status').$type<SendStatus>().notNull(),
    vendorTaskId: bigint('vendor_task_id', { mode: 'number' }),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    /** The vendor payloads (chat) so a repeated request answers exactly the first answer. */
    payload: jsonb('payload').$type<ChatMessage[]>(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** The HTTP status of a failed attempt, so a request that waited on another instance's attempt answers the same. */
    errorStatus: integer('error_status'),
    /** A customer group (chat channel only). */
    chatId: text('chat_id'),
    /** The library materials this send carried (counted as used once it is accepted). */
    materialIds: jsonb('material_ids').$type<string[]>(),
    /** The media of this chat attempt were uploaded again after WeCom refused an id (once per attempt). */
    mediaRefreshed: boolean('media_refreshed').notNull().default(false),
    /** A 企客聊 friend (`friends.id`), reached through Youmi only. */
    friendId: text('friend_id'),
    /** Who settled an `unknown` send by hand, and when (「已确认发出」 → sent, 「确认未发出，重新发送」 → failed). */
    settledBy: text('settled_by'),
    settledAt: timestamp('settled_at', { withTimezone: true }),
    /** Settled as not sent: the idempotency key of the send that carries the content again. */
    resendKey: text('resend_key'),
    /** This send carries again the content of that send, which its staff member settled as not sent. */
    retryOf: text('retry_of'),
  },
  (t) => [
    uniqueIndex('sends_user_key_uq').on(t.userId, t.idempotencyKey),
    index('sends_user_contact_created_idx').on(t.userId, t.externalUserId, t.createdAt),
    index('sends_user_created_idx').on(t.userId, t.createdAt),
    index('sends_user_chat_created_idx').on(t.userId, t.chatId, t.createdAt),
    index('sends_user_friend_created_idx').on(t.userId, t.friendId, t.createdAt),
    check('sends_one_target_ck', sql`num_nonnulls(${t.externalUserId}, ${t.chatId}, ${t.friendId}) = 1`),
  ],
)

/** WShoto has no list-tasks endpoint, so the product remembers which task ids it tracks. */
export const campaigns = pgTable('campaigns', {
  taskId: bigint('task_id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  addedBy: text('added_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
})

/**
 * Files uploaded to the materials library; the bytes live in the file store (`DATA_DIR/files/<id>`, or
 * `material_file_chunks` on a PostgreSQL server).
 */
export const materialFiles = pgTable(
  'material_files',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** The extension matching the bytes, as read from them (never from the name). */
    format: text('format').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('material_files_sha256_idx').on(t.sha256)],
)

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

/**
 * A library file's bytes on a PostgreSQL server (server/services/file-store/postgres-file-store.ts): every chunk but
 * the last is exactly CHUNK_BYTES long, so a byte range names its chunks. `file_id` is a material file's id, or an
 * upload's temporary key until the whole file is in. The migration stores `bytes` uncompressed (STORAGE EXTERNAL):
 * media is compressed already, and PostgreSQL can then read part of a chunk without reading all of it.
 */
export const materialFileChunks = pgTable(
  'material_file_chunks',
  {
    fileId: text('file_id').notNull(),
    seq: integer('seq').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.seq] })],
)

/** The library staff send from: one `Content` item each (`contracts/materials.ts`). */
export const materials = pgTable(
  'materials',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    folder: text('folder').notNull().default(''),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    kind: text('kind').notNull(),
    content: jsonb('content').notNull(),
    createdBy: text('created_by').notNull(),
    useCount: integer('use_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  // NULLS FIRST is what a bare DESC means in PostgreSQL (the index as first created); drizzle would write NULLS LAST.
  (t) => [index('materials_use_count_idx').on(t.useCount.desc().nullsFirst(), t.updatedAt.desc().nullsFirst())],
)

/** WeCom temporary media ids (3-day life) by content hash and media type: one upload per file per life. */
export const mediaUploads = pgTable(
  'media_uploads',
  {
    sha256: text('sha256').notNull(),
    type: text('type').$type<'image' | 'video' | 'file'>().notNull(),
    mediaId: text('media_id').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
    /** Before WeCom's 3 days end, so an id is never handed out in its last hours. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'media_uploads_pkey', columns: [t.sha256, t.type] })],
)

/**
 * Personal-WeChat friends of Youmi accounts, known from 企客聊 sidebar entries, per staff member: the sidebar and sends
 * name them by `id`, never by the decrypted payload.
 */
export const friends = pgTable(
  'friends',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    wechatId: text('wechat_id').notNull(),
    nickname: text('nickname').notNull(),
    /** Only the masked phone is ever stored (`138****5678`). */
    phoneMasked: text('phone_masked').notNull(),
    /** The Youmi identity (`contracts/contacts.ts` YoumiIdentity) the entry mapped to. */
    youmi: jsonb('youmi').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('friends_user_tenant_wechat_uq').on(t.userId, t.tenantId, t.wechatId)],
)

/** 企客聊 entries already used: the same `neber` + `time` twice is a replay. Rows older than the age window are purged. */
export const qikeliaoEntries = pgTable(
  'qikeliao_entries',
  {
    neber: text('neber').notNull(),
    time: text('time').notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'qikeliao_entries_pkey', columns: [t.neber, t.time] }), index('qikeliao_entries_seen_at_idx').on(t.seenAt)],
)

/**
 * Proxy processes seen recently: each writes its row at start and every 30 s (server/services/status/heartbeat.ts),
 * so the admins' status page lists the instances sharing this database, their versions and when each was last alive.
 */
export const instances = pgTable('instances', {
  id: text('id').primaryKey(),
  host: text('host').notNull(),
  version: text('version').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
})

/**
 * Vendor access tokens and JS tickets, shared by every instance on this database so the cluster fetches each once
 * (server/services/vendor-credentials.ts). `name` says which credential of which app and vendor address; `value` is
 * the token itself (short-lived: hours at most). Instances use a row until `refresh_at`, shortly before `expires_at`.
 */
export const vendorCredentials = pgTable('vendor_credentials', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
  refreshAt: timestamp('refresh_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
})

/**
 * Rate-limit counters of every instance on a PostgreSQL server (server/store/rate-limit-store.ts): one row per bucket
 * (`sends:zhangwei`), its hits in the window that ends at `resets_at`. The migration makes it UNLOGGED (no WAL: a
 * crash empties it, which only forgives a minute of counts) with room on each page for HOT updates.
 */
export const rateLimitCounters = pgTable('rate_limit_counters', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  resetsAt: timestamp('resets_at', { withTimezone: true }).notNull(),
})

/**
 * Every reach WShoto gave, one row per fetch (server/services/reach-snapshots.ts): the latest row younger than
 * `REACH_FRESH_S` answers every instance, and the rows together are the campaign's history. `figures` holds the counts
 * and rates the history shows (a few hundred bytes); `reach` the whole answer, kept on the latest row only (the
 * stale-on-failure answer), cleared from older rows as a newer one is written. Rows older than `REACH_HISTORY_DAYS`
 * are deleted.
 */
export const reachSnapshots = pgTable(
  'reach_snapshots',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    taskId: bigint('task_id', { mode: 'number' }).notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
    figures: jsonb('figures').$type<ReachFigures>().notNull(),
    reach: jsonb('reach').$type<Reach>(),
  },
  (t) => [index('reach_snapshots_task_fetched_idx').on(t.taskId, t.fetchedAt), index('reach_snapshots_fetched_idx').on(t.fetchedAt)],
)
