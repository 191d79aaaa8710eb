-- Every branch of the client search must be able to use an index, or the planner scans all clients
-- (seconds on 100,000): trigram indexes for "contains" on e-mail and phone digits, a b-tree for the
-- date of birth. With them the OR of the branches becomes a BitmapOr of index scans.
CREATE INDEX client_email_trgm ON client USING gin (lower(coalesce(email, '')) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX client_phone_trgm ON client USING gin (regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g') gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX client_birth_date ON client (birth_date);
