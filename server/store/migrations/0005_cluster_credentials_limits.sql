-- Edited after drizzle-kit generate (it cannot say UNLOGGED or fillfactor): counters need no WAL — a crash empties
-- the table, forgiving at most a window of counts — and a page with room keeps the per-request update HOT.
CREATE UNLOGGED TABLE "rate_limit_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"resets_at" timestamp with time zone NOT NULL
) WITH (fillfactor = 70);
--> statement-breakpoint
CREATE TABLE "vendor_credentials" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"refresh_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
