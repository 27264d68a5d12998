CREATE TABLE "reach_snapshots" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reach_snapshots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"task_id" bigint NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"figures" jsonb NOT NULL,
	"reach" jsonb
);
--> statement-breakpoint
CREATE INDEX "reach_snapshots_task_fetched_idx" ON "reach_snapshots" USING btree ("task_id","fetched_at");--> statement-breakpoint
CREATE INDEX "reach_snapshots_fetched_idx" ON "reach_snapshots" USING btree ("fetched_at");