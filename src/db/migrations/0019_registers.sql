CREATE TABLE "paper_destruction" (
	"id" uuid PRIMARY KEY NOT NULL,
	"archive_code" text NOT NULL,
	"kind" text NOT NULL,
	"location" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"client_ref" uuid NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "paper_file" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"archive_code" text NOT NULL,
	"kind" text NOT NULL,
	"location" text NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"registered_by" uuid,
	CONSTRAINT "paper_file_archive_code_unique" UNIQUE("archive_code")
);
--> statement-breakpoint
CREATE TABLE "processor" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"data_categories" text NOT NULL,
	"location" text NOT NULL,
	"agreement_date" date NOT NULL,
	"agreement_file_name" text,
	"agreement_document" "bytea",
	"agreement_sha256" text,
	"created_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "paper_destruction" ADD CONSTRAINT "paper_destruction_confirmed_by_staff_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_file" ADD CONSTRAINT "paper_file_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_file" ADD CONSTRAINT "paper_file_registered_by_staff_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "paper_file_client" ON "paper_file" USING btree ("client_id");