-- Invoice number series per location (issue 17, decision 0026). A location with an invoice prefix
-- numbers its invoices `AMS-2026-000001`, gapless within its own series; every other invoice keeps
-- the clinic's `2026-000123` series. The counter is keyed by the series (the prefix, '' for the
-- clinic's) and the year; its row lock keeps each series gapless as before.
ALTER TABLE "invoice_counter" ADD COLUMN "series" text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE "invoice_counter" DROP CONSTRAINT "invoice_counter_pkey";
--> statement-breakpoint
ALTER TABLE "invoice_counter" ADD CONSTRAINT "invoice_counter_pkey" PRIMARY KEY ("series", "year");
--> statement-breakpoint
-- The location an invoice was issued for (reports per location; a credit note takes its invoice's).
-- Null: before locations, or issued for the clinic as a whole.
ALTER TABLE "invoice" ADD COLUMN "location_id" uuid REFERENCES "location"("id");
--> statement-breakpoint
CREATE INDEX "invoice_location" ON "invoice" ("location_id", "issued_on");
--> statement-breakpoint
-- A prefix is short capitals and digits: it becomes part of a legal invoice number.
ALTER TABLE "location" ADD CONSTRAINT "location_invoice_prefix_format"
  CHECK ("invoice_prefix" IS NULL OR "invoice_prefix" ~ '^[A-Z0-9]{1,10}$');
--> statement-breakpoint
-- An invitation may name the locations the new staff member will work at; accepting it puts them
-- there (the invitee acts anonymously and may not write staff_location: this trigger does, for the
-- named locations that are still live). None named: a one-location clinic's trigger links the only one.
ALTER TABLE "staff_invitation" ADD COLUMN "location_ids" uuid[] DEFAULT '{}' NOT NULL;
--> statement-breakpoint
CREATE FUNCTION vellum_invitation_locations() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF OLD.accepted_at IS NULL AND NEW.accepted_at IS NOT NULL AND cardinality(NEW.location_ids) > 0 THEN
    INSERT INTO staff_location (staff_id, location_id)
      SELECT s.id, l.id FROM staff s JOIN location l ON l.id = ANY (NEW.location_ids)
      WHERE lower(s.email) = lower(NEW.email) AND l.archived_at IS NULL
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER staff_invitation_locations AFTER UPDATE OF accepted_at ON staff_invitation
  FOR EACH ROW EXECUTE FUNCTION vellum_invitation_locations();
