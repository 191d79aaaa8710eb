-- Two small things staff noticed (issue 14): break-glass from an empty search, and a short incident reference.
--
-- Break-glass from a search that found nothing the staff member may see: they name the client by
-- last name and date of birth (both exact) and write a reason. The row policy on `client` hides
-- those clients from them, so finding them needs a definer function; to keep it from being a way
-- to ask "does this person exist?" without consequence, the function does not answer — it opens
-- break-glass on what it finds, in the caller's name, with the reason, and returns those rows. Any
-- answer that reveals a client therefore leaves a break-glass the owner reviews (and the gate an
-- audit entry; a miss is logged as a refusal). Only practitioners and owners; at most max_rows.
CREATE FUNCTION vellum_break_glass_by_identity(
  p_last_name text, p_birth_date date, p_reason text, p_expires_at timestamptz, p_max_rows integer
) RETURNS TABLE (break_glass_id uuid, client_id uuid)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF vellum_actor() IS NULL OR vellum_actor_role() NOT IN ('owner', 'practitioner')
     OR coalesce(length(trim(p_reason)), 0) < 10 OR trim(coalesce(p_last_name, '')) = '' OR p_birth_date IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY
    INSERT INTO break_glass AS g (id, staff_id, client_id, reason, opened_at, expires_at)
    SELECT gen_random_uuid(), vellum_actor(), c.id, trim(p_reason), vellum_now(), p_expires_at
    FROM client c
    WHERE c.birth_date = p_birth_date AND vellum_fold(c.last_name) = vellum_fold(trim(p_last_name))
    ORDER BY c.id
    LIMIT greatest(1, least(p_max_rows, 5))
    RETURNING g.id, g.client_id;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION vellum_break_glass_by_identity(text, date, text, timestamptz, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION vellum_break_glass_by_identity(text, date, text, timestamptz, integer) TO vellum_app;
--> statement-breakpoint
-- A short, readable incident reference (INC-2026-0007) for the reporter and the register: numbered
-- per calendar year, unique; gaps are allowed (a rolled-back report), reuse is not. Counted from
-- the register itself (not a sequence), so a restored backup continues where it left off. The
-- function is a definer because a visitor who reports may not read the register; it returns only
-- the next number, and a transaction-scoped advisory lock keeps two reports from taking the same.
ALTER TABLE incident ADD COLUMN reference text;
--> statement-breakpoint
UPDATE incident i SET reference = 'INC-' || to_char(n.reported_at AT TIME ZONE 'UTC', 'YYYY') || '-' || lpad(n.number::text, 4, '0')
FROM (SELECT id, reported_at,
             row_number() OVER (PARTITION BY date_part('year', reported_at AT TIME ZONE 'UTC') ORDER BY reported_at, id) AS number
      FROM incident) n
WHERE n.id = i.id;
--> statement-breakpoint
ALTER TABLE incident ALTER COLUMN reference SET NOT NULL;
--> statement-breakpoint
ALTER TABLE incident ADD CONSTRAINT incident_reference_unique UNIQUE (reference);
--> statement-breakpoint
CREATE FUNCTION vellum_next_incident_reference(p_year integer) RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  last_number integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('vellum_incident_reference'));
  SELECT max(split_part(reference, '-', 3)::integer) INTO last_number
  FROM incident WHERE reference LIKE 'INC-' || p_year::text || '-%';
  RETURN 'INC-' || p_year::text || '-' || lpad((coalesce(last_number, 0) + 1)::text, 4, '0');
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION vellum_next_incident_reference(integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION vellum_next_incident_reference(integer) TO vellum_app;
