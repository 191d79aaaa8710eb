-- Which scheduled run of a job has been done (or is being done): one row per job and slot (the time
-- the cron schedule named), inserted in the job's own transaction. With several app instances on one
-- database each instance's cron fires; the first to insert the slot runs it, the others find the row
-- and skip — also when they fire after the first has finished, which the advisory lock alone allowed.
CREATE TABLE IF NOT EXISTS job_run (
  job text NOT NULL,
  slot timestamp with time zone NOT NULL,
  instance text NOT NULL,
  started_at timestamp with time zone NOT NULL DEFAULT now(),
  PRIMARY KEY (job, slot)
);
--> statement-breakpoint
ALTER TABLE job_run ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE job_run FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Only the jobs themselves: a transaction with no actor (the job lock's own), a job or the system. A
-- staff member's, a client's or a visitor's request never reads or writes the record.
CREATE POLICY job_run_jobs ON job_run FOR ALL TO vellum_app
  USING (vellum_actor_role() IS NULL OR vellum_actor_role() IN ('job', 'system'))
  WITH CHECK (vellum_actor_role() IS NULL OR vellum_actor_role() IN ('job', 'system'));
--> statement-breakpoint
REVOKE UPDATE, TRUNCATE ON job_run FROM vellum_app;
--> statement-breakpoint
-- The readiness check (GET /api/health/ready) compares the newest applied migration with the ones
-- this build brings: the app role may read which migrations were applied, nothing else there.
GRANT USAGE ON SCHEMA drizzle TO vellum_app;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO vellum_app;
