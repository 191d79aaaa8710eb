-- Destroying a dossier (erasure, retention) deletes the client row and lets foreign keys cascade or
-- set null. A referencing column without an index makes every such step scan its whole table: with
-- 100,000 clients, each destroyed treatment scanned all skin analyses and photo sets (set null), and
-- the retention run took 544 s for 10,000 dossiers. Every foreign key a destruction follows gets an index.
CREATE INDEX IF NOT EXISTS skin_analysis_treatment ON skin_analysis (treatment_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS photo_set_treatment ON photo_set (treatment_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS outbox_email_client ON outbox_email (client_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS break_glass_client ON break_glass (client_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS intake_link_client ON intake_link (client_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS marketing_publication_client ON marketing_publication (client_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS marketing_terms_client ON marketing_terms (client_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS marketing_terms_consent_record ON marketing_terms (consent_record_id);
