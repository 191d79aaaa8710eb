-- Decision 0027: a search, a list or an agenda day writes ONE audit entry naming every client shown,
-- not one entry per client. The entry (form 3) keeps client_id null; the clients it names, each with
-- the basis the gate decided for them, are rows of audit_event_shown keyed by the entry's stripe
-- and number (known when it is written, unlike seq). The entry's hash covers the list, so a name
-- added, changed or removed breaks verification. One row per client shown keeps "who looked at
-- client X" an index lookup on (client_id), as audit_event's (client_id, at) index does for entries
-- about one client; and row-level security can show a client their own row of a list without the
-- other clients it names.
CREATE TABLE audit_event_shown (
  stripe smallint NOT NULL,
  stripe_n bigint NOT NULL,
  client_id uuid NOT NULL,
  basis text,
  PRIMARY KEY (stripe, stripe_n, client_id)
);
--> statement-breakpoint
CREATE INDEX audit_event_shown_client ON audit_event_shown (client_id, stripe, stripe_n);
--> statement-breakpoint
-- Append-only like the entries: no UPDATE, DELETE or TRUNCATE for the application, and a trigger
-- for anyone else who may.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event_shown FROM vellum_app;
--> statement-breakpoint
CREATE TRIGGER audit_event_shown_append_only BEFORE UPDATE OR DELETE ON audit_event_shown
  FOR EACH ROW EXECUTE FUNCTION vellum_refuse_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_event_shown_no_truncate BEFORE TRUNCATE ON audit_event_shown
  FOR EACH STATEMENT EXECUTE FUNCTION vellum_refuse_audit_change();
--> statement-breakpoint
-- A list can be written only by the transaction that wrote its entry, before the entry is sealed,
-- and only for an entry of form 3: nobody adds a client to someone else's list, to an older entry,
-- or to one the chain already covers. SECURITY DEFINER: it reads the entry whatever the actor may
-- see of the trail (owned by the migrating role, which has its own policy on audit_event).
CREATE FUNCTION vellum_audit_member_check() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_event e
                 WHERE e.stripe = NEW.stripe AND e.stripe_n = NEW.stripe_n AND e.seq IS NULL
                   AND e.form = 3 AND e.xid = pg_current_xact_id()) THEN
    RAISE EXCEPTION 'a list of clients belongs to an unsealed entry of the same transaction'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION vellum_audit_member_check() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER audit_event_shown_own_entry BEFORE INSERT ON audit_event_shown
  FOR EACH ROW EXECUTE FUNCTION vellum_audit_member_check();
--> statement-breakpoint
ALTER TABLE audit_event_shown ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_event_shown FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_event_shown_insert ON audit_event_shown FOR INSERT TO vellum_app WITH CHECK (true);
--> statement-breakpoint
-- Who reads the lists: as audit_event (decision 0014): the owner and the system all, a client only
-- their own rows (and those of records merged into theirs), the destroying jobs theirs to count.
CREATE POLICY audit_event_shown_select ON audit_event_shown FOR SELECT TO vellum_app
  USING (
    vellum_actor_role() IN ('owner', 'system') OR vellum_destroys() OR vellum_job() = 'anchor'
    OR (vellum_actor_role() = 'client' AND (client_id = vellum_client() OR client_id IN
          (SELECT m.from_client_id FROM client_merge m WHERE m.into_client_id = vellum_client())))
  );
--> statement-breakpoint
CREATE POLICY audit_event_shown_migrating_role ON audit_event_shown TO CURRENT_USER
  USING (true) WITH CHECK (true);
--> statement-breakpoint
-- A client sees an entry about a list they are on (through their own row of it: the policy above
-- hides the other clients the list names).
DROP POLICY audit_event_select ON audit_event;
--> statement-breakpoint
CREATE POLICY audit_event_select ON audit_event FOR SELECT TO vellum_app
  USING (
    vellum_actor_role() IN ('owner', 'system') OR vellum_destroys() OR vellum_job() = 'anchor'
    OR (vellum_actor_role() = 'client' AND (client_id = vellum_client() OR client_id IN
          (SELECT m.from_client_id FROM client_merge m WHERE m.into_client_id = vellum_client())))
    OR (vellum_actor_role() = 'client' AND form = 3 AND EXISTS
          (SELECT 1 FROM audit_event_shown c WHERE c.stripe = audit_event.stripe AND c.stripe_n = audit_event.stripe_n))
  );
