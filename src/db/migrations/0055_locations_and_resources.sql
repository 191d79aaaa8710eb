-- Locations and bookable resources (issue 17, decision 0026).
--
-- A chain has several locations (vestigingen). Opening hours, working hours and appointments belong
-- to one; staff work at one or more; a treatment type is offered at some (none listed: at all).
-- Reception sees the clients of its own locations only (vellum_sees_contact below).
-- A treatment type may need a room or device of a kind (an IPL machine); a location has a number of
-- units of each kind; every live appointment holds one unit of each kind it needs, and two live
-- appointments may not hold one unit at overlapping times (an exclusion constraint, like the
-- practitioner's agenda): in the database, whoever books.
--
-- A one-location clinic notices nothing: its location is made from the clinic's address, and every
-- row that names no location gets the only one.
CREATE TABLE "location" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"street" text,
	"house_number" text,
	"postcode" text,
	"city" text,
	"phone" text,
	-- A number series of its own for invoices (still gapless per series), or NULL: the clinic's series.
	"invoice_prefix" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "location_name_filled" CHECK (length(btrim("name")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "location_name_unique" ON "location" (lower("name"));
--> statement-breakpoint
CREATE UNIQUE INDEX "location_invoice_prefix_unique" ON "location" ("invoice_prefix") WHERE "invoice_prefix" IS NOT NULL;
--> statement-breakpoint
INSERT INTO location (id, name, street, house_number, postcode, city, phone, created_at)
  SELECT gen_random_uuid(), name, street, house_number, postcode, city, phone, created_at FROM clinic
  ORDER BY created_at LIMIT 1;
--> statement-breakpoint
-- Hours or appointments without a clinic row (a partial restore, an old test install): they still
-- need a location to belong to.
INSERT INTO location (id, name, created_at)
  SELECT gen_random_uuid(), 'Hoofdvestiging', now()
  WHERE NOT EXISTS (SELECT 1 FROM location)
    AND (EXISTS (SELECT 1 FROM appointment) OR EXISTS (SELECT 1 FROM opening_hours)
         OR EXISTS (SELECT 1 FROM working_hours));
--> statement-breakpoint
-- Where each staff member works.
CREATE TABLE "staff_location" (
	"staff_id" uuid NOT NULL REFERENCES "staff"("id") ON DELETE CASCADE,
	"location_id" uuid NOT NULL REFERENCES "location"("id") ON DELETE CASCADE,
	PRIMARY KEY ("staff_id", "location_id")
);
--> statement-breakpoint
CREATE INDEX "staff_location_location" ON "staff_location" ("location_id");
--> statement-breakpoint
INSERT INTO staff_location (staff_id, location_id) SELECT s.id, l.id FROM staff s CROSS JOIN location l;
--> statement-breakpoint
-- Which locations offer a treatment type; a type with no row here is offered at every location.
CREATE TABLE "treatment_type_location" (
	"treatment_type_id" uuid NOT NULL REFERENCES "treatment_type"("id") ON DELETE CASCADE,
	"location_id" uuid NOT NULL REFERENCES "location"("id") ON DELETE CASCADE,
	PRIMARY KEY ("treatment_type_id", "location_id")
);
--> statement-breakpoint
CREATE INDEX "treatment_type_location_location" ON "treatment_type_location" ("location_id");
--> statement-breakpoint
ALTER TABLE "opening_hours" ADD COLUMN "location_id" uuid REFERENCES "location"("id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "working_hours" ADD COLUMN "location_id" uuid REFERENCES "location"("id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "appointment" ADD COLUMN "location_id" uuid REFERENCES "location"("id");
--> statement-breakpoint
-- A closure of one location (staff_id NULL, location_id set), of the whole chain (both NULL), or a
-- staff member's absence or extra hours at one location or at all.
ALTER TABLE "schedule_exception" ADD COLUMN "location_id" uuid REFERENCES "location"("id") ON DELETE CASCADE;
--> statement-breakpoint
UPDATE opening_hours SET location_id = (SELECT id FROM location LIMIT 1);
--> statement-breakpoint
UPDATE working_hours SET location_id = (SELECT id FROM location LIMIT 1);
--> statement-breakpoint
UPDATE appointment SET location_id = (SELECT id FROM location LIMIT 1);
--> statement-breakpoint
ALTER TABLE "opening_hours" ALTER COLUMN "location_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "working_hours" ALTER COLUMN "location_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "appointment" ALTER COLUMN "location_id" SET NOT NULL;
--> statement-breakpoint
CREATE INDEX "opening_hours_location" ON "opening_hours" ("location_id");
--> statement-breakpoint
CREATE INDEX "working_hours_location" ON "working_hours" ("location_id", "staff_id");
--> statement-breakpoint
CREATE INDEX "appointment_location_time" ON "appointment" ("location_id", "starts_at");
--> statement-breakpoint
CREATE INDEX "schedule_exception_location" ON "schedule_exception" ("location_id");
--> statement-breakpoint
-- A row that names no location gets the only one there is, or the one location its staff member
-- works at; otherwise the location must be named (not_null_violation naming location_id).
CREATE FUNCTION vellum_default_location() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  person uuid;
  found uuid;
BEGIN
  IF NEW.location_id IS NOT NULL THEN RETURN NEW; END IF;
  IF (SELECT count(*) FROM location WHERE archived_at IS NULL) = 1 THEN
    SELECT id INTO found FROM location WHERE archived_at IS NULL;
  ELSE
    person := coalesce(to_jsonb(NEW) ->> 'practitioner_id', to_jsonb(NEW) ->> 'staff_id')::uuid;
    IF person IS NOT NULL AND (SELECT count(*) FROM staff_location WHERE staff_id = person) = 1 THEN
      SELECT location_id INTO found FROM staff_location WHERE staff_id = person;
    END IF;
  END IF;
  IF found IS NULL AND TG_TABLE_NAME <> 'schedule_exception' THEN
    RAISE EXCEPTION 'null value in column "location_id" of relation "%"', TG_TABLE_NAME
      USING ERRCODE = 'not_null_violation', COLUMN = 'location_id', TABLE = TG_TABLE_NAME;
  END IF;
  NEW.location_id := found;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER opening_hours_default_location BEFORE INSERT ON opening_hours
  FOR EACH ROW EXECUTE FUNCTION vellum_default_location();
--> statement-breakpoint
CREATE TRIGGER working_hours_default_location BEFORE INSERT ON working_hours
  FOR EACH ROW EXECUTE FUNCTION vellum_default_location();
--> statement-breakpoint
CREATE TRIGGER appointment_default_location BEFORE INSERT ON appointment
  FOR EACH ROW EXECUTE FUNCTION vellum_default_location();
--> statement-breakpoint
-- A new staff member of a one-location clinic works there; the first location has every staff member.
CREATE FUNCTION vellum_staff_first_location() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_TABLE_NAME = 'staff' THEN
    IF (SELECT count(*) FROM location WHERE archived_at IS NULL) = 1 THEN
      INSERT INTO staff_location (staff_id, location_id)
        SELECT NEW.id, id FROM location WHERE archived_at IS NULL ON CONFLICT DO NOTHING;
    END IF;
  ELSIF (SELECT count(*) FROM location) = 1 THEN
    INSERT INTO staff_location (staff_id, location_id) SELECT id, NEW.id FROM staff ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER staff_first_location AFTER INSERT ON staff
  FOR EACH ROW EXECUTE FUNCTION vellum_staff_first_location();
--> statement-breakpoint
CREATE TRIGGER location_first_staff AFTER INSERT ON location
  FOR EACH ROW EXECUTE FUNCTION vellum_staff_first_location();
--> statement-breakpoint
-- The locations a client is known at: where they have (or had) an appointment, and where the staff
-- member who made the dossier works. Reception sees the clients of its own locations only. The link
-- is made by the triggers below, never by hand; it goes with the client (erasure, retention).
CREATE TABLE "client_location" (
	"client_id" uuid NOT NULL REFERENCES "client"("id") ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	"location_id" uuid NOT NULL REFERENCES "location"("id") ON DELETE CASCADE,
	"since" timestamp with time zone NOT NULL,
	PRIMARY KEY ("client_id", "location_id")
);
--> statement-breakpoint
CREATE INDEX "client_location_location" ON "client_location" ("location_id");
--> statement-breakpoint
-- (Before any row: a table with pending deferred checks cannot be altered in the same transaction.)
ALTER TABLE client_location ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE client_location FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY client_location_select ON client_location FOR SELECT TO vellum_app USING (vellum_sees_contact(client_id));
--> statement-breakpoint
INSERT INTO client_location (client_id, location_id, since)
  SELECT c.id, l.id, c.created_at FROM client c CROSS JOIN location l;
--> statement-breakpoint
-- Before the client row, so that the row is visible to its maker at once (INSERT … RETURNING checks
-- the read policy); the foreign key waits for the commit.
CREATE FUNCTION vellum_client_first_location() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO client_location (client_id, location_id, since)
    SELECT NEW.id, sl.location_id, vellum_now() FROM staff_location sl
    WHERE sl.staff_id = vellum_actor() ON CONFLICT DO NOTHING;
  IF NOT FOUND AND (SELECT count(*) FROM location WHERE archived_at IS NULL) = 1 THEN
    INSERT INTO client_location (client_id, location_id, since)
      SELECT NEW.id, id, vellum_now() FROM location WHERE archived_at IS NULL ON CONFLICT DO NOTHING;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER client_first_location BEFORE INSERT ON client
  FOR EACH ROW EXECUTE FUNCTION vellum_client_first_location();
--> statement-breakpoint
CREATE FUNCTION vellum_appointment_client_location() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO client_location (client_id, location_id, since)
    VALUES (NEW.client_id, NEW.location_id, vellum_now()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER appointment_client_location AFTER INSERT OR UPDATE OF client_id, location_id ON appointment
  FOR EACH ROW EXECUTE FUNCTION vellum_appointment_client_location();
--> statement-breakpoint
-- Whether the acting staff member works at a location where the client is known.
CREATE FUNCTION vellum_at_my_locations(target uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM client_location cl JOIN staff_location sl ON sl.location_id = cl.location_id
    WHERE cl.client_id = target AND sl.staff_id = vellum_actor())
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION vellum_at_my_locations(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION vellum_at_my_locations(uuid) TO vellum_app;
--> statement-breakpoint
-- Identity and contact: the owner every client; reception the clients of its own locations; a
-- practitioner those they treat; a client only themselves; the jobs that e-mail or destroy
-- dossiers; a visitor no one.
CREATE OR REPLACE FUNCTION vellum_sees_contact(target uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE vellum_actor_role()
    WHEN 'owner' THEN true
    WHEN 'reception' THEN vellum_at_my_locations(target)
    WHEN 'system' THEN true
    WHEN 'practitioner' THEN vellum_treats(target)
    WHEN 'client' THEN target = vellum_client()
    WHEN 'job' THEN vellum_job() IN ('retention', 'erasure', 'reminders')
    ELSE false
  END
$$;
--> statement-breakpoint
-- Rooms and devices. A kind (Behandelkamer, IPL-apparaat) and the units each location has.
CREATE TABLE "resource_type" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "resource_type_category" CHECK ("category" IN ('room', 'device')),
	CONSTRAINT "resource_type_name_filled" CHECK (length(btrim("name")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "resource_type_name_unique" ON "resource_type" (lower("name"));
--> statement-breakpoint
CREATE TABLE "resource" (
	"id" uuid PRIMARY KEY NOT NULL,
	"location_id" uuid NOT NULL REFERENCES "location"("id") ON DELETE CASCADE,
	"resource_type_id" uuid NOT NULL REFERENCES "resource_type"("id") ON DELETE CASCADE,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "resource_name_filled" CHECK (length(btrim("name")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "resource_name_unique" ON "resource" ("location_id", lower("name"));
--> statement-breakpoint
CREATE INDEX "resource_location_type" ON "resource" ("location_id", "resource_type_id");
--> statement-breakpoint
-- What a treatment type needs: one unit of each kind listed.
CREATE TABLE "treatment_type_resource" (
	"treatment_type_id" uuid NOT NULL REFERENCES "treatment_type"("id") ON DELETE CASCADE,
	"resource_type_id" uuid NOT NULL REFERENCES "resource_type"("id") ON DELETE CASCADE,
	PRIMARY KEY ("treatment_type_id", "resource_type_id")
);
--> statement-breakpoint
CREATE INDEX "treatment_type_resource_type" ON "treatment_type_resource" ("resource_type_id");
--> statement-breakpoint
-- The units a live appointment holds, with its times copied (the constraint needs them in one row).
CREATE TABLE "appointment_resource" (
	"appointment_id" uuid NOT NULL REFERENCES "appointment"("id") ON DELETE CASCADE,
	"resource_id" uuid NOT NULL REFERENCES "resource"("id"),
	"starts_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone NOT NULL,
	PRIMARY KEY ("appointment_id", "resource_id"),
	CONSTRAINT "appointment_resource_no_overlap"
	  EXCLUDE USING gist ("resource_id" WITH =, tstzrange("starts_at", "blocked_until", '[)') WITH &&)
);
--> statement-breakpoint
CREATE INDEX "appointment_resource_resource" ON "appointment_resource" ("resource_id", "starts_at");
--> statement-breakpoint
-- Every booking path (desk, online, a move, a reschedule link, a check-in) passes here: a live
-- appointment takes a free unit of each kind its treatment needs at its location, or the statement
-- fails as an overlap (23P01, the practitioner's rule's code: the booking paths answer 409 with the
-- next free times). Units of one kind at one location are locked first, so that two bookings queue
-- rather than both pick the same unit while another is free.
CREATE FUNCTION vellum_assign_resources() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  live boolean := NEW.status IN ('booked', 'checked_in', 'completed');
  was_live boolean;
  need record;
  unit uuid;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    was_live := OLD.status IN ('booked', 'checked_in', 'completed');
    IF live = was_live AND NEW.starts_at = OLD.starts_at AND NEW.blocked_until = OLD.blocked_until
       AND NEW.location_id = OLD.location_id AND NEW.treatment_type_id = OLD.treatment_type_id THEN
      RETURN NULL;
    END IF;
    DELETE FROM appointment_resource WHERE appointment_id = NEW.id;
  END IF;
  IF NOT live THEN RETURN NULL; END IF;
  FOR need IN
    SELECT r.resource_type_id, t.name FROM treatment_type_resource r JOIN resource_type t ON t.id = r.resource_type_id
    WHERE r.treatment_type_id = NEW.treatment_type_id ORDER BY r.resource_type_id
  LOOP
    PERFORM 1 FROM resource u WHERE u.location_id = NEW.location_id AND u.resource_type_id = need.resource_type_id
      ORDER BY u.id FOR UPDATE;
    unit := NULL;
    SELECT u.id INTO unit FROM resource u
      WHERE u.location_id = NEW.location_id AND u.resource_type_id = need.resource_type_id
        AND u.archived_at IS NULL
        AND NOT EXISTS (
          SELECT 1 FROM appointment_resource ar
          WHERE ar.resource_id = u.id
            AND tstzrange(ar.starts_at, ar.blocked_until, '[)') && tstzrange(NEW.starts_at, NEW.blocked_until, '[)'))
      ORDER BY lower(u.name), u.id LIMIT 1;
    IF unit IS NULL THEN
      RAISE EXCEPTION 'no % free at this location at this time', need.name
        USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'appointment_resource_no_overlap',
              TABLE = 'appointment_resource';
    END IF;
    INSERT INTO appointment_resource (appointment_id, resource_id, starts_at, blocked_until)
      VALUES (NEW.id, unit, NEW.starts_at, NEW.blocked_until);
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER appointment_assign_resources AFTER INSERT OR UPDATE ON appointment
  FOR EACH ROW EXECUTE FUNCTION vellum_assign_resources();
--> statement-breakpoint
-- When each unit of a location is taken (never by whom): free times for every actor, visitors too.
CREATE FUNCTION vellum_resource_busy_times(at_location uuid, from_at timestamptz, to_at timestamptz, ignore_id uuid)
  RETURNS TABLE (resource_id uuid, resource_type_id uuid, starts_at timestamptz, blocked_until timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT ar.resource_id, u.resource_type_id, ar.starts_at, ar.blocked_until
  FROM appointment_resource ar JOIN resource u ON u.id = ar.resource_id
  WHERE u.location_id = at_location AND ar.starts_at < to_at AND ar.blocked_until > from_at
    AND (ignore_id IS NULL OR ar.appointment_id <> ignore_id)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION vellum_resource_busy_times(uuid, timestamptz, timestamptz, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION vellum_resource_busy_times(uuid, timestamptz, timestamptz, uuid) TO vellum_app;
--> statement-breakpoint
-- Row-level security. The set-up tables hold nothing of a client: everyone reads them (the booking
-- page shows locations), the owner writes them. client_location: who sees the client sees its links;
-- only the triggers write it. appointment_resource: staff read it (a resource's day in the agenda;
-- the appointment behind it stays behind the appointment's own policy); only the trigger writes it.
ALTER TABLE location ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE location FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY location_read ON location FOR SELECT TO vellum_app USING (true);
--> statement-breakpoint
CREATE POLICY location_owner ON location FOR ALL TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'system')) WITH CHECK (vellum_actor_role() IN ('owner', 'system'));
--> statement-breakpoint
ALTER TABLE staff_location ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE staff_location FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY staff_location_read ON staff_location FOR SELECT TO vellum_app USING (true);
--> statement-breakpoint
CREATE POLICY staff_location_owner ON staff_location FOR ALL TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'system')) WITH CHECK (vellum_actor_role() IN ('owner', 'system'));
--> statement-breakpoint
ALTER TABLE treatment_type_location ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE treatment_type_location FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY treatment_type_location_read ON treatment_type_location FOR SELECT TO vellum_app USING (true);
--> statement-breakpoint
CREATE POLICY treatment_type_location_owner ON treatment_type_location FOR ALL TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'system')) WITH CHECK (vellum_actor_role() IN ('owner', 'system'));
--> statement-breakpoint
ALTER TABLE resource_type ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE resource_type FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY resource_type_read ON resource_type FOR SELECT TO vellum_app USING (true);
--> statement-breakpoint
CREATE POLICY resource_type_owner ON resource_type FOR ALL TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'system')) WITH CHECK (vellum_actor_role() IN ('owner', 'system'));
--> statement-breakpoint
ALTER TABLE resource ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE resource FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY resource_read ON resource FOR SELECT TO vellum_app USING (true);
--> statement-breakpoint
CREATE POLICY resource_owner ON resource FOR ALL TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'system')) WITH CHECK (vellum_actor_role() IN ('owner', 'system'));
--> statement-breakpoint
ALTER TABLE treatment_type_resource ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE treatment_type_resource FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY treatment_type_resource_read ON treatment_type_resource FOR SELECT TO vellum_app USING (true);
--> statement-breakpoint
CREATE POLICY treatment_type_resource_owner ON treatment_type_resource FOR ALL TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'system')) WITH CHECK (vellum_actor_role() IN ('owner', 'system'));
--> statement-breakpoint
ALTER TABLE appointment_resource ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE appointment_resource FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY appointment_resource_staff ON appointment_resource FOR SELECT TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'reception', 'practitioner', 'system'));
