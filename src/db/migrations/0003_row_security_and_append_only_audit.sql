-- The audit trail is append-only for the application: no UPDATE, DELETE or TRUNCATE privilege, and a
-- trigger that refuses them for anyone who has the privilege but not the right (an owner's mistake).
-- A superuser can still disable the trigger; `vellum audit verify` detects what it then changes.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM vellum_app;
--> statement-breakpoint
CREATE FUNCTION vellum_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION vellum_refuse_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION vellum_refuse_audit_change();
--> statement-breakpoint
INSERT INTO audit_head (id, seq, hash) VALUES (true, 0, repeat('0', 64));
--> statement-breakpoint
REVOKE INSERT, DELETE, TRUNCATE ON audit_head FROM vellum_app;
--> statement-breakpoint
-- Who is acting, set by the access gate per transaction with set_config(..., true). An unset
-- setting reads as '' once it was set in an earlier transaction, hence nullif.
CREATE FUNCTION vellum_actor() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('vellum.actor', true), '')::uuid
$$;
--> statement-breakpoint
CREATE FUNCTION vellum_actor_role() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('vellum.actor_role', true), '')
$$;
--> statement-breakpoint
-- The gate's clock (injected in tests and dry runs), or the database's.
CREATE FUNCTION vellum_now() RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('vellum.now', true), '')::timestamptz, now())
$$;
--> statement-breakpoint
-- The care relationship, the same rule the gate applies: treating the client, or a live break-glass.
CREATE FUNCTION vellum_treats(target uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM care_relationship WHERE staff_id = vellum_actor() AND client_id = target)
      OR EXISTS (SELECT 1 FROM break_glass
                 WHERE staff_id = vellum_actor() AND client_id = target AND expires_at > vellum_now())
$$;
--> statement-breakpoint
-- Identity and contact: owner and reception see every client (they run the agenda), a practitioner
-- only the clients they treat, jobs acting as 'system' everything. No actor set: nothing.
CREATE FUNCTION vellum_sees_contact(target uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE vellum_actor_role()
    WHEN 'owner' THEN true
    WHEN 'reception' THEN true
    WHEN 'system' THEN true
    WHEN 'practitioner' THEN vellum_treats(target)
    ELSE false
  END
$$;
--> statement-breakpoint
ALTER TABLE client ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE client FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY client_select ON client FOR SELECT TO vellum_app USING (vellum_sees_contact(id));
--> statement-breakpoint
CREATE POLICY client_insert ON client FOR INSERT TO vellum_app
  WITH CHECK (vellum_actor_role() IN ('owner', 'reception', 'practitioner', 'system'));
--> statement-breakpoint
CREATE POLICY client_update ON client FOR UPDATE TO vellum_app
  USING (vellum_sees_contact(id)) WITH CHECK (vellum_sees_contact(id));
--> statement-breakpoint
CREATE POLICY client_delete ON client FOR DELETE TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'system'));
