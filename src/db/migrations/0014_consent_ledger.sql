CREATE TABLE "consent_record" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"decision" text NOT NULL,
	"statement_version_id" uuid NOT NULL,
	"language" text NOT NULL,
	"text_hash" text NOT NULL,
	"channel" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "privacy_statement_version" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"texts" jsonb NOT NULL,
	"consent_texts" jsonb NOT NULL,
	"hash" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_statement_version_id_privacy_statement_version_id_fk" FOREIGN KEY ("statement_version_id") REFERENCES "public"."privacy_statement_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consent_record_client" ON "consent_record" USING btree ("client_id","scope","subject","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "privacy_statement_version_number" ON "privacy_statement_version" USING btree ("version");