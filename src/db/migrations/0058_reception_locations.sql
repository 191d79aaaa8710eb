-- Merging two records of one person keeps the locations of both (issue 17, decision 0026).
--
-- Reception sees a client known at one of its locations (client_location, migration 0055). The
-- links made by appointments follow the appointments to the survivor (their trigger fires on the
-- move), but a link made when the dossier was created would go with the duplicate's row (cascade):
-- reception at the duplicate's location would then lose a client it saw a moment ago. A merge is
-- recorded in client_merge before the duplicate is deleted; from that row, the duplicate's links
-- are copied to the survivor. client_location is written by triggers only (the app role has no
-- write policy on it), so this is a trigger too.
CREATE FUNCTION vellum_merge_client_locations() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO client_location (client_id, location_id, since)
    SELECT NEW.into_client_id, location_id, since FROM client_location
    WHERE client_id = NEW.from_client_id
  ON CONFLICT (client_id, location_id) DO UPDATE SET since = least(client_location.since, EXCLUDED.since);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER client_merge_locations AFTER INSERT ON client_merge
  FOR EACH ROW EXECUTE FUNCTION vellum_merge_client_locations();
