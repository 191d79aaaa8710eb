-- Client search on 100,000 clients was a sequential scan: under row-level security PostgreSQL may
-- only evaluate leakproof conditions before the policy, and the trigram and LIKE operators are not
-- leakproof, so none of the search indexes could be used (600 ms in-process, seconds over HTTP).
--
-- vellum_client_search finds the candidates with the indexes and keeps only those the same
-- visibility rule as the client_select policy allows (vellum_sees_contact, on the session's actor),
-- so it shows nobody anything the policy would not. It returns ids and their rank only; the caller
-- reads the rows through the policy as before, and the gate logs every one returned. It is SECURITY
-- DEFINER (owned by the migrating role, fixed search_path) so that the planner may use the indexes.
--
-- It stays fast when a fragment matches thousands of clients because no branch fetches more than a
-- bounded number of candidates, and the expensive similarity is computed only for those:
--   1. clients whose name, e-mail, phone digits or date of birth contain the query (trigram
--      indexes; the containment check is cheap), at most max_rows per branch;
--   2. only when that finds fewer than max_rows: names similar to the query (typos forgiven),
--      at most 4 × max_rows.
-- Visibility is checked inside each branch, so a practitioner's candidates are their own clients.
-- Each statement holds only the branches the query can match and is planned with the actual values
-- (EXECUTE): a generic plan over all branches was slower than the sequential scan it replaced.
CREATE FUNCTION vellum_client_search(query text, max_rows integer)
  RETURNS TABLE (client_id uuid, rank integer)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  trimmed text := btrim(query);
  folded text := vellum_fold(btrim(query));
  digits text := regexp_replace(query, '[^0-9]', '', 'g');
  escaped_name text := replace(replace(replace(vellum_fold(btrim(query)), '\', '\\'), '%', '\%'), '_', '\_');
  escaped_text text := replace(replace(replace(lower(btrim(query)), '\', '\\'), '%', '\%'), '_', '\_');
  name_expr constant text := 'vellum_fold(first_name || '' '' || last_name)';
  branches text[] := ARRAY[]::text[];
  found uuid[] := ARRAY[]::uuid[];
  fuzzy uuid[];
BEGIN
  IF length(folded) >= 3 THEN
    branches := branches || ARRAY[
      format('SELECT id FROM client WHERE %s LIKE ''%%'' || $2 || ''%%'' AND vellum_sees_contact(id) LIMIT $6', name_expr),
      'SELECT id FROM client WHERE lower(coalesce(email, '''')) LIKE ''%'' || $3 || ''%'' AND vellum_sees_contact(id) LIMIT $6'];
  ELSIF length(folded) > 0 THEN
    -- Too short for trigrams: names with a word that starts with it.
    branches := branches || ARRAY[format(
      'SELECT id FROM client WHERE (%1$s LIKE $2 || ''%%'' OR %1$s LIKE ''%% '' || $2 || ''%%'') AND vellum_sees_contact(id) LIMIT $6',
      name_expr)];
  END IF;
  IF length(digits) >= 4 THEN
    branches := branches || ARRAY[
      'SELECT id FROM client WHERE regexp_replace(coalesce(phone, ''''), ''[^0-9]'', '''', ''g'') LIKE ''%'' || $4 || ''%'' AND vellum_sees_contact(id) LIMIT $6'];
  END IF;
  IF trimmed ~ '^\d{4}-\d{2}-\d{2}$' THEN
    branches := branches || ARRAY['SELECT id FROM client WHERE birth_date = $5::date AND vellum_sees_contact(id) LIMIT $6'];
  END IF;
  IF cardinality(branches) > 0 THEN
    EXECUTE 'SELECT coalesce(array_agg(DISTINCT id), ARRAY[]::uuid[]) FROM (('
        || array_to_string(branches, ') UNION ALL (') || ')) AS b'
      INTO found USING folded, escaped_name, escaped_text, digits, trimmed, max_rows;
  END IF;
  IF cardinality(found) < max_rows AND folded ~ '[a-z]' AND trimmed !~ '[@0-9]' THEN
    EXECUTE format('SELECT coalesce(array_agg(id), ARRAY[]::uuid[]) FROM (
        SELECT id FROM client WHERE $1 <%% %s AND vellum_sees_contact(id) LIMIT $2) AS s', name_expr)
      INTO fuzzy USING folded, 4 * max_rows;
    found := found || fuzzy;
  END IF;
  RETURN QUERY
    SELECT c.id,
           (row_number() OVER (
              ORDER BY vellum_fold(c.first_name || ' ' || c.last_name) LIKE '%' || escaped_name || '%' DESC,
                       word_similarity(folded, vellum_fold(c.first_name || ' ' || c.last_name)) DESC,
                       c.last_name, c.first_name, c.id))::integer
      FROM client c
     WHERE c.id = ANY (found) AND vellum_sees_contact(c.id)
     ORDER BY 2
     LIMIT max_rows;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION vellum_client_search(text, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION vellum_client_search(text, integer) TO vellum_app;
