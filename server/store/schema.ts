import { sql } from 'drizzle-orm'
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'

/** Sign-ins. The cookie carries a random token; only its hash is stored, so a database leak opens no session. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull(),
    corpId: text('corp_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_expires_at_idx').on(t.expiresAt)],
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
 * not the process, decides which of two simultaneous requests creates the send.
 */
export const sends = pgTable(
  'sends',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    channel: text('channel').$type<'rpa' | 'chat'>().notNull(),
    /** The customer, or null for a send to a customer group (`chatId`); exactly one of the two is set. */
    externalUserId: text('external_user_id'),
    chatId: text('chat_id'),
    content: jsonb('content').notNull(),
    scheduleAt: timestamp('schedule_at', { withTimezone: true }),
    status: text('status').notNull(),
    vendorTaskId: bigint('vendor_task_id', { mode: 'number' }),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    errorStatus: integer('error_status'),
    /** The vendor payloads (chat) so a repeated request answers exactly the first answer. */
    payload: jsonb('payload'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('sends_user_key_uq').on(t.userId, t.idempotencyKey),
    index('sends_user_contact_created_idx').on(t.userId, t.externalUserId, t.createdAt),
    index('sends_user_created_idx').on(t.userId, t.createdAt),
    index('sends_user_chat_created_idx').on(t.userId, t.chatId, t.createdAt),
    check('sends_one_target_ck', sql`(${t.externalUserId} IS NULL) <> (${t.chatId} IS NULL)`),
  ],
)

/** WShoto has no list-tasks endpoint, so the product remembers which task ids it tracks. */
export const campaigns = pgTable('campaigns', {
  taskId: bigint('task_id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  addedBy: text('added_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
})
