-- A disclosure names what of the dossier went where: medical-level, like the dossier itself.
ALTER TABLE disclosure ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE disclosure FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY disclosure_medical ON disclosure FOR ALL TO vellum_app
  USING (vellum_sees_medical(client_id)) WITH CHECK (vellum_sees_medical(client_id));
--> statement-breakpoint
-- Disclosures and marketing terms count as medical records for merge and delete (migration 0012).
CREATE OR REPLACE FUNCTION vellum_client_has_medical_data(target uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM treatment WHERE client_id = target)
      OR EXISTS (SELECT 1 FROM skin_analysis WHERE client_id = target)
      OR EXISTS (SELECT 1 FROM home_product WHERE client_id = target)
      OR EXISTS (SELECT 1 FROM dossier_email WHERE client_id = target)
      OR EXISTS (SELECT 1 FROM intake WHERE client_id = target)
      OR EXISTS (SELECT 1 FROM photo_set WHERE client_id = target)
      OR EXISTS (SELECT 1 FROM photo WHERE client_id = target)
      OR EXISTS (SELECT 1 FROM disclosure WHERE client_id = target)
      OR EXISTS (SELECT 1 FROM marketing_terms WHERE client_id = target)
$$;
