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
