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
  {
    // The materials library (issue 4): one content item per material, files in the file store under DATA_DIR, and
    // WeCom temporary media ids cached by content hash and type so a file is uploaded once per 3-day life.
    id: '0004_materials',
    sql: `
CREATE TABLE material_files (
  id text PRIMARY KEY,
  name text NOT NULL,
  format text NOT NULL,
  mime text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX material_files_sha256_idx ON material_files (sha256);

-- The library materials a send carried: counted as used once the send is accepted.
ALTER TABLE sends ADD COLUMN material_ids jsonb;
-- A chat send's media were uploaded again after WeCom refused an id (40007): allowed once per attempt.
ALTER TABLE sends ADD COLUMN media_refreshed boolean NOT NULL DEFAULT false;

CREATE TABLE materials (
  id text PRIMARY KEY,
  title text NOT NULL,
  folder text NOT NULL DEFAULT '',
  tags jsonb NOT NULL DEFAULT '[]'::jsonb,
  kind text NOT NULL,
  content jsonb NOT NULL,
  created_by text NOT NULL,
  use_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX materials_use_count_idx ON materials (use_count DESC, updated_at DESC);

CREATE TABLE media_uploads (
  sha256 text NOT NULL,
  type text NOT NULL,
  media_id text NOT NULL,
  uploaded_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (sha256, type)
);
`,
  },
  {
    // 企客聊 (issue 5): friends known from sidebar entries, the entries seen (a replayed neber+time is refused), and
    // sends to such a friend (Youmi only): exactly one of customer, group and friend.
    id: '0005_qikeliao',
    sql: `
CREATE TABLE friends (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  tenant_id text NOT NULL,
  wechat_id text NOT NULL,
  nickname text NOT NULL,
  phone_masked text NOT NULL,
  youmi jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX friends_user_tenant_wechat_uq ON friends (user_id, tenant_id, wechat_id);

CREATE TABLE qikeliao_entries (
  neber text NOT NULL,
  time text NOT NULL,
  seen_at timestamptz NOT NULL,
  PRIMARY KEY (neber, time)
);
CREATE INDEX qikeliao_entries_seen_at_idx ON qikeliao_entries (seen_at);

ALTER TABLE sends ADD COLUMN friend_id text;
ALTER TABLE sends DROP CONSTRAINT sends_one_target_ck;
ALTER TABLE sends ADD CONSTRAINT sends_one_target_ck CHECK (num_nonnulls(external_user_id, chat_id, friend_id) = 1);
CREATE INDEX sends_user_friend_created_idx ON sends (user_id, friend_id, created_at);
`,
  },
  {
    // A session started by a 企客聊 entry is told apart from a WeCom sign-in (its corp_id is the 企客聊 merchantid).
    id: '0006_session_host',
    sql: `ALTER TABLE sessions ADD COLUMN host text NOT NULL DEFAULT 'wecom';`,
  },
]
