ALTER TABLE "sends" ADD COLUMN "settled_by" text;--> statement-breakpoint
ALTER TABLE "sends" ADD COLUMN "settled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sends" ADD COLUMN "resend_key" text;--> statement-breakpoint
ALTER TABLE "sends" ADD COLUMN "retry_of" text;