-- The clinic's phone and website, which invoices and the privacy statement show beside its address
-- (the address columns exist since 0001).
ALTER TABLE "clinic" ADD COLUMN "phone" text;
--> statement-breakpoint
ALTER TABLE "clinic" ADD COLUMN "website" text;
--> statement-breakpoint
-- A discount is a line of its own (decision 0021): negative, with the VAT rate it lowers. Existing
-- lines are items. Row-level security and the append-only rules of 0036 cover the column as the row.
ALTER TABLE "invoice_line" ADD COLUMN "kind" text DEFAULT 'item' NOT NULL;
--> statement-breakpoint
ALTER TABLE "invoice_line" ADD CONSTRAINT "invoice_line_kind" CHECK ("kind" IN ('item', 'discount'));
--> statement-breakpoint
-- An item's amount is never negative; a discount's never positive on an invoice (a credit note turns both).
ALTER TABLE "invoice_line" ADD CONSTRAINT "invoice_line_sign" CHECK (
  ("kind" = 'item' AND "unit_price_cents" >= 0) OR ("kind" = 'discount' AND "unit_price_cents" <= 0)
);
