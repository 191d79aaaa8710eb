-- The role Vellum's application code runs as. It owns nothing, is not a superuser and cannot bypass
-- row-level security, so policies added by later migrations bind it. Roles are cluster-wide on a
-- PostgreSQL server: create it once, tolerate a concurrent creator (parallel test databases).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vellum_app') THEN
    CREATE ROLE vellum_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
--> statement-breakpoint
-- The migrating (owner) role must be able to switch to vellum_app: `SET ROLE` on PGlite and the
-- `role` start-up option on a server connection.
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'vellum_app', 'MEMBER') THEN
    EXECUTE format('GRANT vellum_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO vellum_app;
--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
--> statement-breakpoint
-- Every table the owner creates from here on is usable by the app role; a table that must be
-- append-only (the audit trail) revokes UPDATE and DELETE in its own migration.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO vellum_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO vellum_app;
