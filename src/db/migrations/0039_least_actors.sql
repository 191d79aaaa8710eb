-- Least privilege at every edge (decisions 0014 and 0015).
--
-- 1. Actors beyond staff and `system`: a client bound to one client id (`vellum.client`), a visitor
--    of a public form who can create and read nothing back, and named jobs (`vellum.job`), each
--    allowed only what its work needs. `system` stays for setup, the seed and the operator's CLI.
-- 2. The care relationship means treating the client now: one function, vellum_care_basis, decides
--    it for the gate and for every policy alike.
-- 3. Row-level security FORCEd on every table that holds a client id or client-linked text.
CREATE FUNCTION vellum_client() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('vellum.client', true), '')::uuid
$$;
--> statement-breakpoint
CREATE FUNCTION vellum_job() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN vellum_actor_role() = 'job' THEN nullif(current_setting('vellum.job', true), '') END
$$;
--> statement-breakpoint
-- Whether the acting staff member treats the client now, and on what basis (the audit trail's
-- word for it), or NULL. In order:
--   an appointment (booked, checked in or completed) whose client is confirmed, from care_days_before
--   days before it until care_days_after days after it: 'relationship', or 'public_link' when only the
--   link sent to the dossier's address confirmed it, or 'own_check_in' when the practitioner checked
--   the client in themselves;
--   an owner's assignment until it ends: 'assignment';
--   a treatment or intake within its follow-up period (care_relationship.valid_until): 'follow_up';
--   a live break-glass: 'break_glass'.
-- SECURITY DEFINER: it reads appointments and relationships whatever the actor may see of them
-- (policies call it, so it must not itself be subject to them). Fixed search_path.
CREATE FUNCTION vellum_care_basis(target uuid) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH rules AS (
    SELECT coalesce(max(care_days_before), 7) AS before, coalesce(max(care_days_after), 14) AS after FROM clinic
  ), visit AS (
    SELECT CASE
             WHEN bool_or(a.confirmed_via NOT IN ('email_link', 'own_check_in')) THEN 'relationship'
             WHEN bool_or(a.confirmed_via = 'own_check_in') THEN 'own_check_in'
             ELSE 'public_link'
           END AS basis
    FROM appointment a, rules r
    WHERE a.practitioner_id = vellum_actor() AND a.client_id = target
      AND a.status IN ('booked', 'checked_in', 'completed')
      AND a.confirmed_via IS NOT NULL
      AND vellum_now() >= a.starts_at - make_interval(days => r.before)
      AND vellum_now() < a.ends_at + make_interval(days => r.after)
    HAVING count(*) > 0
  ), related AS (
    SELECT CASE WHEN bool_or(c.basis = 'assignment') THEN 'assignment' ELSE 'follow_up' END AS basis
    FROM care_relationship c
    WHERE c.staff_id = vellum_actor() AND c.client_id = target
      AND c.since <= vellum_now() AND (c.valid_until IS NULL OR c.valid_until > vellum_now())
    HAVING count(*) > 0
  )
  SELECT CASE WHEN vellum_actor() IS NULL OR target IS NULL THEN NULL ELSE coalesce(
    (SELECT basis FROM visit),
    (SELECT basis FROM related),
    (SELECT 'break_glass' FROM break_glass g
      WHERE g.staff_id = vellum_actor() AND g.client_id = target AND g.expires_at > vellum_now() LIMIT 1)
  ) END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION vellum_care_basis(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION vellum_care_basis(uuid) TO vellum_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION vellum_treats(target uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT vellum_care_basis(target) IS NOT NULL
$$;
--> statement-breakpoint
-- Identity and contact: owner and reception every client; a practitioner those they treat; a client
-- only themselves; the jobs that e-mail or destroy dossiers; a visitor no one.
CREATE OR REPLACE FUNCTION vellum_sees_contact(target uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE vellum_actor_role()
    WHEN 'owner' THEN true
    WHEN 'reception' THEN true
    WHEN 'system' THEN true
    WHEN 'practitioner' THEN vellum_treats(target)
    WHEN 'client' THEN target = vellum_client()
    WHEN 'job' THEN vellum_job() IN ('retention', 'erasure', 'reminders')
    ELSE false
  END
$$;
--> statement-breakpoint
-- Medical data: owner and practitioner only while treating; a client their own; the jobs that
-- destroy dossiers; reception, visitors and every other job never.
CREATE OR REPLACE FUNCTION vellum_sees_medical(target uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE vellum_actor_role()
    WHEN 'system' THEN true
    WHEN 'owner' THEN vellum_treats(target)
    WHEN 'practitioner' THEN vellum_treats(target)
    WHEN 'client' THEN target = vellum_client()
    WHEN 'job' THEN vellum_job() IN ('retention', 'erasure')
    ELSE false
  END
$$;
--> statement-breakpoint
-- Who may destroy a dossier (delete the client row, its key, old invoices).
CREATE FUNCTION vellum_destroys() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT vellum_actor_role() = 'system' OR coalesce(vellum_job() IN ('retention', 'erasure'), false)
$$;
--> statement-breakpoint
-- Appointment links: confirmed bookings count; existing rows were all made under the old rules,
-- by staff or online, and keep working as confirmed. Care relationships by appointment are now
-- derived from the appointment itself (its window, its status), so those rows go; treatments and
-- intakes lapse after the follow-up period from the last one.
UPDATE appointment SET confirmed_via = CASE source WHEN 'staff' THEN 'staff_booking' ELSE 'new_dossier' END,
                       confirmed_at = created_at;
--> statement-breakpoint
DELETE FROM care_relationship WHERE basis = 'appointment';
--> statement-breakpoint
UPDATE care_relationship c SET valid_until = greatest(
    c.since,
    coalesce((SELECT max(t.performed_at) FROM treatment t WHERE t.client_id = c.client_id AND t.practitioner_id = c.staff_id), c.since)
  ) + make_interval(days => coalesce((SELECT max(follow_up_days) FROM clinic), 60))
  WHERE c.basis IN ('treatment', 'intake');
--> statement-breakpoint
CREATE INDEX appointment_practitioner_client ON appointment (practitioner_id, client_id);
--> statement-breakpoint
-- Appointments: a practitioner sees the times of their own appointments (their agenda) even before
-- the window opens, but not the client behind them; a visitor may book (insert) and read nothing.
DROP POLICY appointment_contact ON appointment;
--> statement-breakpoint
CREATE POLICY appointment_select ON appointment FOR SELECT TO vellum_app
  USING (vellum_sees_contact(client_id) OR practitioner_id = vellum_actor());
--> statement-breakpoint
CREATE POLICY appointment_insert ON appointment FOR INSERT TO vellum_app
  WITH CHECK (vellum_sees_contact(client_id) OR vellum_actor_role() = 'visitor');
--> statement-breakpoint
CREATE POLICY appointment_update ON appointment FOR UPDATE TO vellum_app
  USING (vellum_sees_contact(client_id) OR practitioner_id = vellum_actor())
  WITH CHECK (vellum_sees_contact(client_id) OR practitioner_id = vellum_actor());
--> statement-breakpoint
CREATE POLICY appointment_delete ON appointment FOR DELETE TO vellum_app
  USING (vellum_sees_contact(client_id));
--> statement-breakpoint
-- A visitor's booking (or, later, an order) creates a basic dossier and its key, and its consent.
DROP POLICY client_insert ON client;
--> statement-breakpoint
CREATE POLICY client_insert ON client FOR INSERT TO vellum_app
  WITH CHECK (vellum_actor_role() IN ('owner', 'reception', 'practitioner', 'system', 'visitor'));
--> statement-breakpoint
DROP POLICY client_key_insert ON client_key;
--> statement-breakpoint
CREATE POLICY client_key_insert ON client_key FOR INSERT TO vellum_app
  WITH CHECK (vellum_actor_role() IN ('owner', 'reception', 'practitioner', 'system', 'visitor'));
--> statement-breakpoint
CREATE POLICY consent_record_visitor ON consent_record FOR INSERT TO vellum_app
  WITH CHECK (vellum_actor_role() = 'visitor');
--> statement-breakpoint
DROP POLICY client_delete ON client;
--> statement-breakpoint
CREATE POLICY client_delete ON client FOR DELETE TO vellum_app
  USING (
    vellum_actor_role() = 'owner' OR vellum_destroys()
    OR (vellum_sees_contact(id) AND NOT vellum_client_has_medical_data(id))
  );
--> statement-breakpoint
DROP POLICY client_key_delete ON client_key;
--> statement-breakpoint
CREATE POLICY client_key_delete ON client_key FOR DELETE TO vellum_app
  USING (vellum_actor_role() = 'owner' OR vellum_destroys());
--> statement-breakpoint
DROP POLICY invoice_delete ON invoice;
--> statement-breakpoint
CREATE POLICY invoice_delete ON invoice FOR DELETE TO vellum_app
  USING (vellum_destroys() AND issued_on < (vellum_now() - interval '7 years')::date);
--> statement-breakpoint
-- The outbox: anyone acting may queue a message; the owner reads it; only the mailer job (and
-- the system) leases and marks it.
ALTER TABLE outbox_email ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE outbox_email FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY outbox_email_insert ON outbox_email FOR INSERT TO vellum_app
  WITH CHECK (vellum_actor_role() IS NOT NULL);
--> statement-breakpoint
CREATE POLICY outbox_email_select ON outbox_email FOR SELECT TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'system') OR vellum_job() = 'mailer' OR vellum_destroys());
--> statement-breakpoint
CREATE POLICY outbox_email_update ON outbox_email FOR UPDATE TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'system') OR vellum_job() = 'mailer')
  WITH CHECK (vellum_actor_role() IN ('owner', 'system') OR vellum_job() = 'mailer');
--> statement-breakpoint
CREATE POLICY outbox_email_delete ON outbox_email FOR DELETE TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'system') OR vellum_destroys());
--> statement-breakpoint
-- Contact requests: a visitor sends one; owner and reception handle them; retention removes them.
ALTER TABLE contact_request ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE contact_request FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY contact_request_insert ON contact_request FOR INSERT TO vellum_app
  WITH CHECK (vellum_actor_role() IN ('visitor', 'owner', 'reception', 'practitioner', 'system'));
--> statement-breakpoint
CREATE POLICY contact_request_staff ON contact_request FOR ALL TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'reception', 'system') OR vellum_destroys())
  WITH CHECK (vellum_actor_role() IN ('owner', 'reception', 'system') OR vellum_destroys());
--> statement-breakpoint
-- Erasure requests: whoever sees the client (the client themselves through the portal); a request
-- whose dossier is gone (client_id cleared) stays with the owner for its certificate.
ALTER TABLE erasure_request ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE erasure_request FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY erasure_request_all ON erasure_request FOR ALL TO vellum_app
  USING (vellum_sees_contact(client_id) OR vellum_actor_role() IN ('owner', 'system') OR vellum_destroys())
  WITH CHECK (vellum_sees_contact(client_id) OR vellum_actor_role() IN ('owner', 'system') OR vellum_destroys());
--> statement-breakpoint
ALTER TABLE retention_hold ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE retention_hold FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY retention_hold_all ON retention_hold FOR ALL TO vellum_app
  USING (vellum_sees_contact(client_id)) WITH CHECK (vellum_sees_contact(client_id));
--> statement-breakpoint
-- Portal links: a visitor asks for one (insert); the client it names uses it; found by its hash only
-- through vellum_link_client below.
ALTER TABLE portal_token ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE portal_token FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_token_insert ON portal_token FOR INSERT TO vellum_app
  WITH CHECK (vellum_actor_role() IN ('visitor', 'system'));
--> statement-breakpoint
CREATE POLICY portal_token_own ON portal_token FOR ALL TO vellum_app
  USING ((vellum_actor_role() = 'client' AND client_id = vellum_client()) OR vellum_destroys())
  WITH CHECK ((vellum_actor_role() = 'client' AND client_id = vellum_client()) OR vellum_destroys());
--> statement-breakpoint
ALTER TABLE marketing_publication ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE marketing_publication FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY marketing_publication_all ON marketing_publication FOR ALL TO vellum_app
  USING (vellum_sees_contact(client_id) AND vellum_actor_role() <> 'reception')
  WITH CHECK (vellum_sees_contact(client_id) AND vellum_actor_role() <> 'reception');
--> statement-breakpoint
-- Care relationships: each staff member their own; the owner all (assignments); staff record their
-- own (an intake, a treatment) and the owner any; the destroying jobs all.
ALTER TABLE care_relationship ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE care_relationship FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY care_relationship_all ON care_relationship FOR ALL TO vellum_app
  USING (staff_id = vellum_actor() OR vellum_actor_role() IN ('owner', 'system') OR vellum_destroys())
  WITH CHECK (staff_id = vellum_actor() OR vellum_actor_role() IN ('owner', 'system') OR vellum_destroys()
              OR (vellum_actor_role() = 'practitioner' AND vellum_sees_contact(client_id)));
--> statement-breakpoint
ALTER TABLE break_glass ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE break_glass FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY break_glass_all ON break_glass FOR ALL TO vellum_app
  USING (staff_id = vellum_actor() OR vellum_actor_role() IN ('owner', 'system') OR vellum_destroys())
  WITH CHECK (staff_id = vellum_actor() OR vellum_actor_role() IN ('owner', 'system') OR vellum_destroys());
--> statement-breakpoint
-- The audit trail holds references only, but who looked at whom is itself personal: the owner and
-- the system read it all, a client their own entries (and those of records merged into theirs),
-- the destroying jobs theirs to count; everyone appends (append-only by trigger and grants).
ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_event_insert ON audit_event FOR INSERT TO vellum_app WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY audit_event_select ON audit_event FOR SELECT TO vellum_app
  USING (
    vellum_actor_role() IN ('owner', 'system') OR vellum_destroys() OR vellum_job() = 'anchor'
    OR (vellum_actor_role() = 'client' AND (client_id = vellum_client() OR client_id IN
          (SELECT m.from_client_id FROM client_merge m WHERE m.into_client_id = vellum_client())))
  );
--> statement-breakpoint
-- A merge's record of the duplicate's old id: whoever sees the surviving client (the client
-- themselves, for their access overview).
ALTER TABLE client_merge ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE client_merge FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY client_merge_all ON client_merge FOR ALL TO vellum_app
  USING (vellum_sees_contact(into_client_id) OR vellum_destroys())
  WITH CHECK (vellum_sees_contact(into_client_id));
--> statement-breakpoint
-- Paper destruction tasks name a destroyed client by reference only: any staff member finds the
-- folder by code and place and confirms it; the destroying jobs schedule them.
ALTER TABLE paper_destruction ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE paper_destruction FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY paper_destruction_all ON paper_destruction FOR ALL TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'practitioner', 'reception', 'system') OR vellum_destroys())
  WITH CHECK (vellum_actor_role() IN ('owner', 'practitioner', 'reception', 'system') OR vellum_destroys());
--> statement-breakpoint
-- Incident reports (what a reporter wrote, sealed): anyone may report; only the owner handles them.
ALTER TABLE incident ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE incident FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY incident_insert ON incident FOR INSERT TO vellum_app
  WITH CHECK (vellum_actor_role() IN ('visitor', 'owner', 'practitioner', 'reception', 'system'));
--> statement-breakpoint
CREATE POLICY incident_handle ON incident FOR ALL TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'system'))
  WITH CHECK (vellum_actor_role() IN ('owner', 'system'));
--> statement-breakpoint
-- The orphan sweep compares photo files with photo rows: ids only, no key (it cannot open one).
CREATE POLICY photo_sweep ON photo FOR SELECT TO vellum_app USING (vellum_job() = 'photo-sweep');
--> statement-breakpoint
-- Busy times for free-slot computation and the agenda: when each practitioner is taken, never who.
CREATE FUNCTION vellum_busy_times(practitioners uuid[], from_at timestamptz, to_at timestamptz, ignore_id uuid)
  RETURNS TABLE (id uuid, practitioner_id uuid, starts_at timestamptz, ends_at timestamptz,
                 blocked_until timestamptz, status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT a.id, a.practitioner_id, a.starts_at, a.ends_at, a.blocked_until, a.status
  FROM appointment a
  WHERE (practitioners IS NULL OR a.practitioner_id = ANY (practitioners))
    AND a.starts_at < to_at AND a.blocked_until > from_at
    AND (ignore_id IS NULL OR a.id <> ignore_id)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION vellum_busy_times(uuid[], timestamptz, timestamptz, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION vellum_busy_times(uuid[], timestamptz, timestamptz, uuid) TO vellum_app;
--> statement-breakpoint
-- The clients with an e-mail address, oldest first: for a public channel to link to (the visitor
-- never learns the answer) and for the portal to send its link to. Ids and languages only.
CREATE FUNCTION vellum_clients_with_email(address text)
  RETURNS TABLE (id uuid, language text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT c.id, c.preferred_language FROM client c
  WHERE lower(c.email) = lower(address) AND vellum_actor_role() IN ('visitor', 'system')
  ORDER BY c.created_at
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION vellum_clients_with_email(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION vellum_clients_with_email(text) TO vellum_app;
--> statement-breakpoint
-- The client a one-time link is for, if the link is live: the privacy portal's, an intake's, or an
-- appointment's cancel/reschedule link. The link's hash is the only key; the answer is the id the
-- gate then binds a client actor to.
CREATE FUNCTION vellum_link_client(link text, token_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT CASE link
    WHEN 'privacy-portal' THEN (SELECT client_id FROM portal_token
                                WHERE portal_token.token_hash = vellum_link_client.token_hash
                                  AND expires_at > vellum_now())
    WHEN 'intake-link' THEN (SELECT client_id FROM intake_link
                             WHERE intake_link.token_hash = vellum_link_client.token_hash)
    WHEN 'booking-link' THEN (SELECT client_id FROM appointment
                              WHERE cancel_token_hash = vellum_link_client.token_hash AND status = 'booked')
  END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION vellum_link_client(text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION vellum_link_client(text, text) TO vellum_app;
--> statement-breakpoint
-- The functions above are SECURITY DEFINER, owned by the migrating role. Row-level security is
-- FORCEd, which binds a table's owner too: so that they read what they must on a server where the
-- migrating role is not a superuser, that role (and only it) gets a policy of its own on every
-- table under row-level security. The application never runs as that role.
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity LOOP
    EXECUTE format('CREATE POLICY %I ON %I TO %I USING (true) WITH CHECK (true)',
                   t.relname || '_migrating_role', t.relname, current_user);
  END LOOP;
END
$$;
