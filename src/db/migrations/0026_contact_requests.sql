CREATE TABLE "contact_request" (
	"id" uuid PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"content" text NOT NULL,
	"language" text NOT NULL,
	"statement_version_id" uuid NOT NULL,
	"consent_text_hash" text NOT NULL,
	"request_id" text NOT NULL,
	"user_agent" text,
	"handled_at" timestamp with time zone,
	"handled_by" uuid
);
--> statement-breakpoint
ALTER TABLE "contact_request" ADD CONSTRAINT "contact_request_statement_version_id_privacy_statement_version_id_fk" FOREIGN KEY ("statement_version_id") REFERENCES "public"."privacy_statement_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_request" ADD CONSTRAINT "contact_request_handled_by_staff_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_request_received" ON "contact_request" USING btree ("received_at");