-- Where a client's paper file is kept is contact-level data: the same rule as the client row.
ALTER TABLE paper_file ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE paper_file FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY paper_file_contact ON paper_file FOR ALL TO vellum_app
  USING (vellum_sees_contact(client_id)) WITH CHECK (vellum_sees_contact(client_id));
--> statement-breakpoint
-- A confirmed destruction is proof; it is not undone or removed.
REVOKE DELETE, TRUNCATE ON paper_destruction FROM vellum_app;
