/**
 * The schema's history, applied in order and once each, the same on PGlite and on a PostgreSQL server.
 * Never edit a shipped migration: add the next one. `schema.ts` must describe the result (a test compares them).
 */
export const migrations: Array<{ id: string; sql: string }> = [
  {
    id: '0001_init',
    sql: `
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL,
  corp_id text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE contact_links (
  external_user_id text PRIMARY KEY,
  ad_wechat_id bigint NOT NULL,
  machine_key text NOT NULL,
  machine_name text NOT NULL,
  qv_company_id text NOT NULL,
  object_id text NOT NULL,
  object_nickname text NOT NULL,
  belong_staff_code text NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE sends (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  channel text NOT NULL,
  external_user_id text NOT NULL,
  content jsonb NOT NULL,
  schedule_at timestamptz,
  status text NOT NULL,
  vendor_task_id bigint,
  error_code text,
  error_message text,
  payload jsonb,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX sends_user_key_uq ON sends (user_id, idempotency_key);
CREATE INDEX sends_user_contact_created_idx ON sends (user_id, external_user_id, created_at);
CREATE INDEX sends_user_created_idx ON sends (user_id, created_at);

CREATE TABLE campaigns (
  task_id bigint PRIMARY KEY,
  name text NOT NULL,
  added_by text NOT NULL,
  created_at timestamptz NOT NULL
);
`,
  },
  {
    // The HTTP status of a failed attempt, so a request that waited on another instance's attempt answers the same.
    id: '0002_send_error_status',
    sql: `ALTER TABLE sends ADD COLUMN error_status integer;`,
  },
  {
    // A send goes to one customer or (chat channel) one customer group: never both, never neither.
    id: '0003_send_to_group',
    sql: `
ALTER TABLE sends ADD COLUMN chat_id text;
ALTER TABLE sends ALTER COLUMN external_user_id DROP NOT NULL;
ALTER TABLE sends ADD CONSTRAINT sends_one_target_ck CHECK ((external_user_id IS NULL) <> (chat_id IS NULL));
CREATE INDEX sends_user_chat_created_idx ON sends (user_id, chat_id, created_at);
`,
  },
]
