-- Issue 16: free times read the practitioners' busy times through vellum_busy_times, whose
-- "starts before the window ends and is blocked until after it begins" no btree index can bound:
-- every request scanned every appointment the clinic ever had (76,000 rows at the benchmark's
-- 100,000 clients, three quarters of a one-week answer's time, and growing with every year of
-- history). A GiST index on each appointment's blocked span finds the overlapping ones directly.
-- It is not partial: busy times also serve the agenda, which shows cancelled and missed ones.
CREATE INDEX appointment_blocked_span ON appointment USING gist (tstzrange(starts_at, blocked_until, '[)'));
--> statement-breakpoint
-- The same rows as before: the span test is implied by the two comparisons (for a window given
-- either way round, as a closed range), and it is what the index answers.
CREATE OR REPLACE FUNCTION vellum_busy_times(practitioners uuid[], from_at timestamptz, to_at timestamptz, ignore_id uuid)
  RETURNS TABLE (id uuid, practitioner_id uuid, starts_at timestamptz, ends_at timestamptz,
                 blocked_until timestamptz, status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT a.id, a.practitioner_id, a.starts_at, a.ends_at, a.blocked_until, a.status
  FROM appointment a
  WHERE tstzrange(a.starts_at, a.blocked_until, '[)')
          && tstzrange(least(from_at, to_at), greatest(from_at, to_at), '[]')
    AND (practitioners IS NULL OR a.practitioner_id = ANY (practitioners))
    AND a.starts_at < to_at AND a.blocked_until > from_at
    AND (ignore_id IS NULL OR a.id <> ignore_id)
$$;
