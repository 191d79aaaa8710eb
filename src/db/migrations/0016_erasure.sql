CREATE TABLE "erasure_request" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"registered_by" uuid,
	"executed_at" timestamp with time zone,
	"executed_by" uuid,
	"certificate" jsonb
);
--> statement-breakpoint
ALTER TABLE "outbox_email" ADD COLUMN "client_id" uuid;--> statement-breakpoint
ALTER TABLE "erasure_request" ADD CONSTRAINT "erasure_request_registered_by_staff_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasure_request" ADD CONSTRAINT "erasure_request_executed_by_staff_id_fk" FOREIGN KEY ("executed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "erasure_request_client" ON "erasure_request" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "erasure_request_open" ON "erasure_request" USING btree ("deadline_at");--> statement-breakpoint
ALTER TABLE "outbox_email" ADD CONSTRAINT "outbox_email_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;