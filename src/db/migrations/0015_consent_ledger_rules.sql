-- The consent ledger (P1.1) and the published privacy statements are append-only for the app role.
-- A consent is contact-level data: whoever sees the client's contact details sees their consents.
REVOKE UPDATE, DELETE, TRUNCATE ON privacy_statement_version FROM vellum_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON consent_record FROM vellum_app;
--> statement-breakpoint
-- One exception: a merge of duplicate clients moves the duplicate's records to the survivor. Only
-- the owning client may change, and only along a merge recorded in client_merge (decision 0007).
GRANT UPDATE (client_id) ON consent_record TO vellum_app;
--> statement-breakpoint
CREATE FUNCTION vellum_refuse_consent_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND (NEW.id, NEW.scope, NEW.subject, NEW.decision, NEW.statement_version_id, NEW.language,
          NEW.text_hash, NEW.channel, NEW.evidence, NEW.recorded_by, NEW.recorded_at)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.scope, OLD.subject, OLD.decision, OLD.statement_version_id, OLD.language,
          OLD.text_hash, OLD.channel, OLD.evidence, OLD.recorded_by, OLD.recorded_at)
     AND EXISTS (SELECT 1 FROM client_merge
                 WHERE from_client_id = OLD.client_id AND into_client_id = NEW.client_id)
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'a consent record cannot be changed; record a withdrawal as a new record'
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER consent_record_append_only BEFORE UPDATE ON consent_record
  FOR EACH ROW EXECUTE FUNCTION vellum_refuse_consent_change();
--> statement-breakpoint
CREATE FUNCTION vellum_refuse_statement_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a published privacy statement cannot be changed; publish a new version'
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER privacy_statement_version_immutable BEFORE UPDATE OR DELETE ON privacy_statement_version
  FOR EACH ROW EXECUTE FUNCTION vellum_refuse_statement_change();
--> statement-breakpoint
ALTER TABLE consent_record ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE consent_record FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY consent_record_contact ON consent_record FOR ALL TO vellum_app
  USING (vellum_sees_contact(client_id)) WITH CHECK (vellum_sees_contact(client_id));
