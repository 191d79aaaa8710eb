CREATE TABLE "disclosure" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"recipient" text NOT NULL,
	"purpose" text NOT NULL,
	"includes_dossier" boolean NOT NULL,
	"photo_set_ids" uuid[] NOT NULL,
	"request_kind" text NOT NULL,
	"request_document" text,
	"requested_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	"disclosed_at" timestamp with time zone,
	"disclosed_by" uuid
);
--> statement-breakpoint
ALTER TABLE "disclosure" ADD CONSTRAINT "disclosure_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure" ADD CONSTRAINT "disclosure_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure" ADD CONSTRAINT "disclosure_disclosed_by_staff_id_fk" FOREIGN KEY ("disclosed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disclosure_client" ON "disclosure" USING btree ("client_id");