-- The terms of a marketing consent belong with the photo set: medical-level, like the photos.
ALTER TABLE marketing_terms ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE marketing_terms FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY marketing_terms_medical ON marketing_terms FOR ALL TO vellum_app
  USING (vellum_sees_medical(client_id)) WITH CHECK (vellum_sees_medical(client_id));
