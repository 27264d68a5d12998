CREATE TABLE "campaigns" (
	"task_id" bigint PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"added_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_links" (
	"external_user_id" text PRIMARY KEY NOT NULL,
	"ad_wechat_id" bigint NOT NULL,
	"machine_key" text NOT NULL,
	"machine_name" text NOT NULL,
	"qv_company_id" text NOT NULL,
	"object_id" text NOT NULL,
	"object_nickname" text NOT NULL,
	"belong_staff_code" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "friends" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"wechat_id" text NOT NULL,
	"nickname" text NOT NULL,
	"phone_masked" text NOT NULL,
	"youmi" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "material_files" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"format" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "materials" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"folder" text DEFAULT '' NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"kind" text NOT NULL,
	"content" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"use_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "media_uploads" (
	"sha256" text NOT NULL,
	"type" text NOT NULL,
	"media_id" text NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "media_uploads_pkey" PRIMARY KEY("sha256","type")
);
--> statement-breakpoint
CREATE TABLE "qikeliao_entries" (
	"neber" text NOT NULL,
	"time" text NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "qikeliao_entries_pkey" PRIMARY KEY("neber","time")
);
--> statement-breakpoint
CREATE TABLE "sends" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"channel" text NOT NULL,
	"external_user_id" text,
	"content" jsonb NOT NULL,
	"schedule_at" timestamp with time zone,
	"status" text NOT NULL,
	"vendor_task_id" bigint,
	"error_code" text,
	"error_message" text,
	"payload" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"error_status" integer,
	"chat_id" text,
	"material_ids" jsonb,
	"media_refreshed" boolean DEFAULT false NOT NULL,
	"friend_id" text,
	CONSTRAINT "sends_one_target_ck" CHECK (num_nonnulls("sends"."external_user_id", "sends"."chat_id", "sends"."friend_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"corp_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"host" text DEFAULT 'wecom' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "friends_user_tenant_wechat_uq" ON "friends" USING btree ("user_id","tenant_id","wechat_id");--> statement-breakpoint
CREATE INDEX "material_files_sha256_idx" ON "material_files" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "materials_use_count_idx" ON "materials" USING btree ("use_count" DESC NULLS FIRST,"updated_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "qikeliao_entries_seen_at_idx" ON "qikeliao_entries" USING btree ("seen_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sends_user_key_uq" ON "sends" USING btree ("user_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "sends_user_contact_created_idx" ON "sends" USING btree ("user_id","external_user_id","created_at");--> statement-breakpoint
CREATE INDEX "sends_user_created_idx" ON "sends" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "sends_user_chat_created_idx" ON "sends" USING btree ("user_id","chat_id","created_at");--> statement-breakpoint
CREATE INDEX "sends_user_friend_created_idx" ON "sends" USING btree ("user_id","friend_id","created_at");--> statement-breakpoint
CREATE INDEX "sessions_expires_at_idx" ON "sessions" USING btree ("expires_at");