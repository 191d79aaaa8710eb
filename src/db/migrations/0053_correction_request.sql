CREATE TABLE "correction_request" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"field_group" text NOT NULL,
	"wrong" text NOT NULL,
	"should_be" text NOT NULL,
	"language" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"outcome" text,
	"note" text,
	"handled_at" timestamp with time zone,
	"handled_by" uuid,
	CONSTRAINT "correction_request_field_group" CHECK ("field_group" IN ('contact', 'intake', 'treatment_report', 'other')),
	CONSTRAINT "correction_request_outcome" CHECK (("outcome" IS NULL AND "handled_at" IS NULL) OR ("outcome" IN ('corrected', 'refused') AND "handled_at" IS NOT NULL AND "note" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "correction_request" ADD CONSTRAINT "correction_request_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "correction_request" ADD CONSTRAINT "correction_request_handled_by_staff_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "correction_request_client" ON "correction_request" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "correction_request_open" ON "correction_request" USING btree ("deadline_at");--> statement-breakpoint
CREATE INDEX "correction_request_handled_by" ON "correction_request" USING btree ("handled_by");--> statement-breakpoint
-- Correction requests (GDPR art. 16): the client sends one from the portal and sees their own; the
-- owner lists and handles them; the destroying jobs remove them with the dossier.
ALTER TABLE correction_request ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE correction_request FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY correction_request_all ON correction_request FOR ALL TO vellum_app
  USING ((vellum_actor_role() = 'client' AND client_id = vellum_client())
         OR vellum_actor_role() IN ('owner', 'system') OR vellum_destroys())
  WITH CHECK ((vellum_actor_role() = 'client' AND client_id = vellum_client())
              OR vellum_actor_role() IN ('owner', 'system') OR vellum_destroys());
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('CREATE POLICY %I ON correction_request TO %I USING (true) WITH CHECK (true)',
                 'correction_request_migrating_role', current_user);
END
$$;
