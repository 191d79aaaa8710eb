-- Photos are medical data: the same rule as the rest of the dossier (migration 0005).
ALTER TABLE photo_set ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE photo_set FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY photo_set_medical ON photo_set FOR ALL TO vellum_app
  USING (vellum_sees_medical(client_id)) WITH CHECK (vellum_sees_medical(client_id));
--> statement-breakpoint
ALTER TABLE photo ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE photo FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY photo_medical ON photo FOR ALL TO vellum_app
  USING (vellum_sees_medical(client_id)) WITH CHECK (vellum_sees_medical(client_id));
