-- No double booking (issue 6), enforced by the database whoever books: two live appointments of one
-- practitioner may not overlap, buffer included. btree_gist lets a GiST index compare the uuid with
-- =; it is a trusted extension (the database owner may create it), and PGlite ships it.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE appointment ADD CONSTRAINT appointment_no_overlap
  EXCLUDE USING gist (practitioner_id WITH =, tstzrange(starts_at, blocked_until, '[)') WITH &&)
  WHERE (status IN ('booked', 'checked_in', 'completed'));
--> statement-breakpoint
ALTER TABLE appointment ADD CONSTRAINT appointment_times CHECK (starts_at < ends_at AND ends_at <= blocked_until);
--> statement-breakpoint
-- An appointment says that a person comes to the clinic: contact-level, like the client row.
ALTER TABLE appointment ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE appointment FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY appointment_contact ON appointment FOR ALL TO vellum_app
  USING (vellum_sees_contact(client_id)) WITH CHECK (vellum_sees_contact(client_id));
