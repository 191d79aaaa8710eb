CREATE TABLE "incident" (
	"id" uuid PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"notify_deadline_at" timestamp with time zone NOT NULL,
	"report" text NOT NULL,
	"reported_by" uuid,
	"assessment" text,
	"personal_data_breach" boolean,
	"notify_authority" boolean,
	"authority_notified_at" timestamp with time zone,
	"notify_clients" boolean,
	"clients_notified_at" timestamp with time zone,
	"assessed_at" timestamp with time zone,
	"assessed_by" uuid,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "incident" ADD CONSTRAINT "incident_reported_by_staff_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident" ADD CONSTRAINT "incident_assessed_by_staff_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_reported" ON "incident" USING btree ("reported_at");