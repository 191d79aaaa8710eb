-- Intakes and their one-time links hold a client's medical data: the same rule as the access gate's
-- `medical` kind (vellum_sees_medical, migration 0005). Templates hold no client data and stay open
-- to the app role.
ALTER TABLE intake ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE intake FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY intake_medical ON intake FOR ALL TO vellum_app
  USING (vellum_sees_medical(client_id)) WITH CHECK (vellum_sees_medical(client_id));
--> statement-breakpoint
ALTER TABLE intake_link ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE intake_link FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY intake_link_medical ON intake_link FOR ALL TO vellum_app
  USING (vellum_sees_medical(client_id)) WITH CHECK (vellum_sees_medical(client_id));
--> statement-breakpoint
-- A signed intake carries everything the signature agreed to (P3.3).
ALTER TABLE intake ADD CONSTRAINT intake_signed_complete CHECK (
  status <> 'signed'
  OR (signed_at IS NOT NULL AND content_hash IS NOT NULL AND answers IS NOT NULL AND signature IS NOT NULL)
);
--> statement-breakpoint
-- A signed intake is immutable, for the app role and for anyone else short of disabling the trigger:
-- a correction is a new row that supersedes it. Only a draft (waiting for its one-time link) may be
-- completed. Deleting stays possible: erasure (P9) removes the whole dossier.
CREATE FUNCTION vellum_refuse_signed_intake_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'signed' OR OLD.signed_at IS NOT NULL THEN
    RAISE EXCEPTION 'a signed intake cannot be changed; record a correction as a new version'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER intake_signed_immutable BEFORE UPDATE ON intake
  FOR EACH ROW EXECUTE FUNCTION vellum_refuse_signed_intake_change();
--> statement-breakpoint
-- A published template version never changes (P3.1): editing publishes a new version.
REVOKE UPDATE, DELETE, TRUNCATE ON intake_template_version FROM vellum_app;
--> statement-breakpoint
CREATE FUNCTION vellum_refuse_template_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a published intake template version cannot be changed; publish a new version'
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER intake_template_version_immutable BEFORE UPDATE OR DELETE ON intake_template_version
  FOR EACH ROW EXECUTE FUNCTION vellum_refuse_template_version_change();
