-- The agenda mistakes real staff make (issue 14).
--
-- 1. One client cannot be in two places at once: two live appointments of one client may not
--    overlap, whoever books (desk, online, a move, a reschedule link), like the practitioner's rule
--    (decision 0010). The client's time is the treatment itself, without the practitioner's buffer.
--    An online booking that named an existing client's address and is not confirmed yet (decision
--    0015) does not count until it is confirmed: refusing it would tell an anonymous visitor that
--    the address belongs to a client with an appointment then. Confirming it (the link, a check-in)
--    meets the rule.
--    An installation that already holds such overlaps must still upgrade: the appointments that
--    overlap at this moment are marked `client_overlap_before_rule` and left out of the rule (the
--    desk sees them as they were and sorts them out); every later appointment meets it.
ALTER TABLE appointment ADD COLUMN client_overlap_before_rule boolean NOT NULL DEFAULT false;
--> statement-breakpoint
UPDATE appointment a SET client_overlap_before_rule = true
WHERE a.status IN ('booked', 'checked_in', 'completed') AND a.confirmed_via IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM appointment b
    WHERE b.client_id = a.client_id AND b.id <> a.id
      AND b.status IN ('booked', 'checked_in', 'completed') AND b.confirmed_via IS NOT NULL
      AND tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange(a.starts_at, a.ends_at, '[)'));
--> statement-breakpoint
ALTER TABLE appointment ADD CONSTRAINT appointment_client_no_overlap
  EXCLUDE USING gist (client_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
  WHERE (status IN ('booked', 'checked_in', 'completed') AND confirmed_via IS NOT NULL
         AND NOT client_overlap_before_rule);
--> statement-breakpoint
-- 2. Dutch public holidays are closed unless the owner opens one: the opened dates. Nothing of a
--    client in it; every staff member reads it (the agenda shows closed days), the owner writes it.
CREATE TABLE "holiday_opening" (
	"day" date PRIMARY KEY NOT NULL,
	"opened_by" uuid REFERENCES "staff"("id") ON DELETE SET NULL,
	"opened_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX holiday_opening_opened_by ON holiday_opening (opened_by);
--> statement-breakpoint
ALTER TABLE holiday_opening ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE holiday_opening FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Free times are computed for visitors and link holders too: everyone may read which days are open.
CREATE POLICY holiday_opening_select ON holiday_opening FOR SELECT TO vellum_app USING (true);
--> statement-breakpoint
CREATE POLICY holiday_opening_owner ON holiday_opening FOR ALL TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'system'))
  WITH CHECK (vellum_actor_role() IN ('owner', 'system'));
