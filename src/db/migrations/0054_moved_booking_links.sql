-- The links a move replaced (issue 14): every move of an online booking issues a fresh token, and the
-- old e-mail's link stops working. Keeping the replaced links' hashes lets the old link say the
-- appointment was moved (and to when) instead of "not valid". Only hashes are kept, as for the live link.
ALTER TABLE appointment ADD COLUMN moved_link_hashes text[] NOT NULL DEFAULT '{}';
--> statement-breakpoint
CREATE INDEX appointment_moved_link_hashes ON appointment USING gin (moved_link_hashes);
--> statement-breakpoint
-- The client a replaced link's appointment belongs to, while that appointment is still booked: the
-- same narrow door as vellum_link_client (migration 0039), for a visitor only; the gate then binds
-- a client actor to the id, and row-level security lets it see that client's rows alone.
CREATE FUNCTION vellum_moved_link_client(token_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT client_id FROM appointment
  WHERE moved_link_hashes @> ARRAY[vellum_moved_link_client.token_hash]
    AND status = 'booked' AND vellum_actor_role() IN ('visitor', 'system')
  LIMIT 1
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION vellum_moved_link_client(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION vellum_moved_link_client(text) TO vellum_app;
