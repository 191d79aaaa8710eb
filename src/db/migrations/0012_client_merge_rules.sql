-- Merging two records of one person (decision 0007).
--
-- Whether a client has any medical record, whoever asks. Row-level security hides medical rows from
-- reception, and a foreign key's ON DELETE CASCADE bypasses row-level security: without this,
-- deleting a client that reception believes empty could silently destroy a dossier. It answers one
-- bit and nothing about the content. SECURITY DEFINER with a fixed search_path, owned by the
-- migrating role.
CREATE FUNCTION vellum_client_has_medical_data(target uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM treatment WHERE client_id = target)
      OR EXISTS (SELECT 1 FROM skin_analysis WHERE client_id = target)
      OR EXISTS (SELECT 1 FROM home_product WHERE client_id = target)
      OR EXISTS (SELECT 1 FROM dossier_email WHERE client_id = target)
      OR EXISTS (SELECT 1 FROM intake WHERE client_id = target)
      OR EXISTS (SELECT 1 FROM photo_set WHERE client_id = target)
      OR EXISTS (SELECT 1 FROM photo WHERE client_id = target)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION vellum_client_has_medical_data(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION vellum_client_has_medical_data(uuid) TO vellum_app;
--> statement-breakpoint
-- Deleting a client row: the owner and jobs (erasure) always; anyone who sees the client's contact
-- details only when no medical record would go with it (the duplicate left empty by a merge).
DROP POLICY client_delete ON client;
--> statement-breakpoint
CREATE POLICY client_delete ON client FOR DELETE TO vellum_app
  USING (
    vellum_actor_role() IN ('owner', 'system')
    OR (vellum_sees_contact(id) AND NOT vellum_client_has_medical_data(id))
  );
--> statement-breakpoint
-- A signed intake stays immutable, with one exception: moving it to the surviving record of a merge.
-- Then only the owning client changes, the sealed answers and signature are re-sealed with the
-- survivor's key (the same content; the content hash proves it), and `signed_client_id` keeps the
-- id the client signed as, which the content hash covers. Everything else must stay as it was.
CREATE OR REPLACE FUNCTION vellum_refuse_signed_intake_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'signed' OR OLD.signed_at IS NOT NULL THEN
    IF NEW.client_id IS DISTINCT FROM OLD.client_id
       AND NEW.signed_client_id IS NOT DISTINCT FROM coalesce(OLD.signed_client_id, OLD.client_id)
       AND NEW.answers IS NOT NULL AND NEW.signature IS NOT NULL
       AND (NEW.id, NEW.treatment_type_id, NEW.template_version_id, NEW.supersedes_id, NEW.version,
            NEW.status, NEW.channel, NEW.language, NEW.treatment_name, NEW.price_cents, NEW.signed_at,
            NEW.content_hash, NEW.created_by, NEW.created_at)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.treatment_type_id, OLD.template_version_id, OLD.supersedes_id, OLD.version,
            OLD.status, OLD.channel, OLD.language, OLD.treatment_name, OLD.price_cents, OLD.signed_at,
            OLD.content_hash, OLD.created_by, OLD.created_at)
    THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a signed intake cannot be changed; record a correction as a new version'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
