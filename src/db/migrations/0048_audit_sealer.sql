-- Decision 0022: audited actions no longer queue behind the chain's head lock. An action's
-- transaction writes its entries unsealed (no seq, prev_hash or hash), numbered gaplessly on one of
-- 32 stripe counters it takes without waiting (FOR UPDATE SKIP LOCKED); the sealer job chains the
-- committed entries below the snapshot horizon. Existing entries are already sealed (form 1).
ALTER TABLE audit_event DROP CONSTRAINT audit_event_pkey;
--> statement-breakpoint
ALTER TABLE audit_event ALTER COLUMN seq DROP NOT NULL, ALTER COLUMN prev_hash DROP NOT NULL,
  ALTER COLUMN hash DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE audit_event ADD COLUMN xid xid8, ADD COLUMN written_at timestamp with time zone,
  ADD COLUMN stripe smallint, ADD COLUMN stripe_n bigint, ADD COLUMN form smallint NOT NULL DEFAULT 1;
--> statement-breakpoint
-- Defaults for new rows only (existing rows keep null: they were sealed before the sealer).
ALTER TABLE audit_event ALTER COLUMN xid SET DEFAULT pg_current_xact_id(),
  ALTER COLUMN written_at SET DEFAULT now();
--> statement-breakpoint
ALTER TABLE audit_event ADD CONSTRAINT audit_event_sealed_whole
  CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL));
--> statement-breakpoint
ALTER TABLE audit_event ADD CONSTRAINT audit_event_pending_numbered
  CHECK (seq IS NOT NULL OR (stripe IS NOT NULL AND stripe_n IS NOT NULL AND xid IS NOT NULL AND written_at IS NOT NULL));
--> statement-breakpoint
CREATE UNIQUE INDEX audit_event_seq ON audit_event (seq);
--> statement-breakpoint
CREATE UNIQUE INDEX audit_event_stripe_n ON audit_event (stripe, stripe_n) WHERE stripe IS NOT NULL;
--> statement-breakpoint
CREATE INDEX audit_event_pending ON audit_event (xid) WHERE seq IS NULL;
--> statement-breakpoint
-- Append-only stays: no DELETE, and the one UPDATE allowed is sealing an unsealed entry, which
-- sets seq, prev_hash and hash and nothing else.
CREATE FUNCTION vellum_audit_seal_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
     AND (OLD.at, OLD.actor_id, OLD.actor_role, OLD.action, OLD.object_type, OLD.object_id,
          OLD.client_id, OLD.basis, OLD.reason, OLD.outcome, OLD.origin, OLD.xid, OLD.written_at,
          OLD.stripe, OLD.stripe_n, OLD.form)
     IS NOT DISTINCT FROM
         (NEW.at, NEW.actor_id, NEW.actor_role, NEW.action, NEW.object_type, NEW.object_id,
          NEW.client_id, NEW.basis, NEW.reason, NEW.outcome, NEW.origin, NEW.xid, NEW.written_at,
          NEW.stripe, NEW.stripe_n, NEW.form) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
DROP TRIGGER audit_event_append_only ON audit_event;
--> statement-breakpoint
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION vellum_audit_seal_only();
--> statement-breakpoint
GRANT UPDATE (seq, prev_hash, hash) ON audit_event TO vellum_app;
--> statement-breakpoint
CREATE POLICY audit_event_seal ON audit_event FOR UPDATE TO vellum_app
  USING (vellum_actor_role() = 'system' AND seq IS NULL) WITH CHECK (vellum_actor_role() = 'system');
--> statement-breakpoint
-- The stripe counters: each counts the entries numbered on it, gaplessly (a rolled-back action
-- rolls its increment back too), so an entry removed before it was sealed leaves a hole.
CREATE TABLE audit_stripe (
  stripe smallint PRIMARY KEY,
  n bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO audit_stripe (stripe, n) SELECT s, 0 FROM generate_series(0, 31) AS s;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_stripe FROM vellum_app;
--> statement-breakpoint
GRANT UPDATE (n) ON audit_stripe TO vellum_app;
--> statement-breakpoint
ALTER TABLE audit_stripe ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_stripe FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_stripe_all ON audit_stripe FOR ALL TO vellum_app USING (true) WITH CHECK (true);
