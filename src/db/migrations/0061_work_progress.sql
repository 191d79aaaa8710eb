-- Issue 14: long work shows how far it is, to every app instance (a chain shares the database, not
-- a folder), so the progress lives here. Counts and steps only; nothing about a client.
--
-- The retention run: one row, the run going on now or the last one. A run takes the row only when
-- it is free (finished, or not updated for two minutes: a crashed run), and writes its step and
-- clients done of due while it goes, then the summary (counts) when it ends.
CREATE TABLE retention_progress (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  run_id uuid NOT NULL,
  step text NOT NULL,
  done integer NOT NULL,
  total integer NOT NULL,
  started_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  finished_at timestamp with time zone,
  outcome text CHECK (outcome IN ('ok', 'failed')),
  summary jsonb
);
--> statement-breakpoint
ALTER TABLE retention_progress ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE retention_progress FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The owner reads it (the retention screen); the retention job, and the operator's CLI acting as the
-- system, write it. Nobody else sees that a run is going.
CREATE POLICY retention_progress_read ON retention_progress FOR SELECT TO vellum_app
  USING (vellum_actor_role() IN ('owner', 'system') OR vellum_job() = 'retention');
--> statement-breakpoint
CREATE POLICY retention_progress_write ON retention_progress FOR ALL TO vellum_app
  USING (vellum_actor_role() = 'system' OR vellum_job() = 'retention')
  WITH CHECK (vellum_actor_role() = 'system' OR vellum_job() = 'retention');
--> statement-breakpoint
-- A client's data export being made: keyed by an id the requester chose at random and sends with
-- the request, bound to who asked — the client themselves (portal) or one staff member — so only
-- they can read it, and removed when the export is done. An erased client's rows go with them.
CREATE TABLE export_progress (
  id uuid PRIMARY KEY,
  client_id uuid REFERENCES client(id) ON DELETE CASCADE,
  staff_id uuid REFERENCES staff(id) ON DELETE CASCADE,
  step text NOT NULL,
  done integer NOT NULL,
  total integer NOT NULL,
  started_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CHECK ((client_id IS NULL) <> (staff_id IS NULL))
);
--> statement-breakpoint
CREATE INDEX export_progress_client ON export_progress (client_id);
--> statement-breakpoint
CREATE INDEX export_progress_staff ON export_progress (staff_id);
--> statement-breakpoint
ALTER TABLE export_progress ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE export_progress FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY export_progress_holder ON export_progress FOR ALL TO vellum_app
  USING ((vellum_actor_role() = 'client' AND client_id = vellum_client())
      OR (staff_id IS NOT NULL AND staff_id = vellum_actor()))
  WITH CHECK ((vellum_actor_role() = 'client' AND client_id = vellum_client() AND staff_id IS NULL)
      OR (client_id IS NULL AND staff_id = vellum_actor()));
