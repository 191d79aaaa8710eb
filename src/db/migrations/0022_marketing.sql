CREATE TABLE "marketing_publication" (
	"id" uuid PRIMARY KEY NOT NULL,
	"photo_set_id" uuid,
	"client_id" uuid,
	"channel" text NOT NULL,
	"location" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	"taken_down_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "marketing_terms" (
	"photo_set_id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"reason_note" text,
	"channels" text[] NOT NULL,
	"consent_record_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "marketing_publication" ADD CONSTRAINT "marketing_publication_photo_set_id_photo_set_id_fk" FOREIGN KEY ("photo_set_id") REFERENCES "public"."photo_set"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketing_publication" ADD CONSTRAINT "marketing_publication_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketing_publication" ADD CONSTRAINT "marketing_publication_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketing_terms" ADD CONSTRAINT "marketing_terms_photo_set_id_photo_set_id_fk" FOREIGN KEY ("photo_set_id") REFERENCES "public"."photo_set"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketing_terms" ADD CONSTRAINT "marketing_terms_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketing_terms" ADD CONSTRAINT "marketing_terms_consent_record_id_consent_record_id_fk" FOREIGN KEY ("consent_record_id") REFERENCES "public"."consent_record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "marketing_publication_set" ON "marketing_publication" USING btree ("photo_set_id");