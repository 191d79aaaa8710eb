-- Which installation this database belongs to and how many erasures it has seen (decision 0017).
-- The erasure register outside the data folder counts the same erasures: at start a database that
-- has seen fewer is an older copy (a restored backup or data folder), whose erasures are applied
-- again before anything is served; a database that has seen more means the register is the older
-- copy, and Vellum refuses to start. A restored copy can only be older, so it cannot fake this.
CREATE TABLE IF NOT EXISTS vellum_installation (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  installation_id uuid NOT NULL,
  erasures integer NOT NULL DEFAULT 0 CHECK (erasures >= 0)
);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON vellum_installation TO vellum_app;
--> statement-breakpoint
-- VACUUM after an erasure removes the dead rows that still hold a name; PostgreSQL 17+ lets the
-- app role do it (MAINTAIN). On 15 and 16 the server's autovacuum and an owner connection do it.
DO $$
BEGIN
  IF current_setting('server_version_num')::int >= 170000 THEN
    EXECUTE 'GRANT MAINTAIN ON ALL TABLES IN SCHEMA public TO vellum_app';
    EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT MAINTAIN ON TABLES TO vellum_app';
  END IF;
END
$$;
