CREATE TABLE "material_file_chunks" (
	"file_id" text NOT NULL,
	"seq" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "material_file_chunks_file_id_seq_pk" PRIMARY KEY("file_id","seq")
);
--> statement-breakpoint
-- Media is compressed already, and uncompressed out-of-line values let substring() read only the part asked for.
ALTER TABLE "material_file_chunks" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;