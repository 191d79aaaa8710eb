-- Medical data (intake, treatments, analyses, notes, e-mails, photos, the client's key): owner and
-- practitioners only with a care relationship or a live break-glass; reception never; jobs acting
-- as 'system' always. The same rule as the access gate's `medical` kind.
CREATE FUNCTION vellum_sees_medical(target uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE vellum_actor_role()
    WHEN 'system' THEN true
    WHEN 'owner' THEN vellum_treats(target)
    WHEN 'practitioner' THEN vellum_treats(target)
    ELSE false
  END
$$;
--> statement-breakpoint
ALTER TABLE client_key ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE client_key FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY client_key_select ON client_key FOR SELECT TO vellum_app USING (vellum_sees_medical(client_id));
--> statement-breakpoint
-- The key is made when the client is registered, by whoever registers them.
CREATE POLICY client_key_insert ON client_key FOR INSERT TO vellum_app
  WITH CHECK (vellum_actor_role() IN ('owner', 'reception', 'practitioner', 'system'));
--> statement-breakpoint
CREATE POLICY client_key_delete ON client_key FOR DELETE TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'system'));
--> statement-breakpoint
ALTER TABLE treatment ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE treatment FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY treatment_medical ON treatment FOR ALL TO vellum_app
  USING (vellum_sees_medical(client_id)) WITH CHECK (vellum_sees_medical(client_id));
--> statement-breakpoint
ALTER TABLE skin_analysis ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE skin_analysis FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY skin_analysis_medical ON skin_analysis FOR ALL TO vellum_app
  USING (vellum_sees_medical(client_id)) WITH CHECK (vellum_sees_medical(client_id));
--> statement-breakpoint
ALTER TABLE home_product ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE home_product FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY home_product_medical ON home_product FOR ALL TO vellum_app
  USING (vellum_sees_medical(client_id)) WITH CHECK (vellum_sees_medical(client_id));
--> statement-breakpoint
ALTER TABLE dossier_email ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE dossier_email FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY dossier_email_medical ON dossier_email FOR ALL TO vellum_app
  USING (vellum_sees_medical(client_id)) WITH CHECK (vellum_sees_medical(client_id));
