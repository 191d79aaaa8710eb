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
