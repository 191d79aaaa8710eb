-- Financial records (P9.3). Whoever sees a client's contact details sees their invoices (owner and
-- reception always, a practitioner for the clients they treat); the rows hold the client's
-- pseudonymous id only, so they outlive the client row.
ALTER TABLE invoice ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invoice FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY invoice_select ON invoice FOR SELECT TO vellum_app USING (vellum_sees_contact(client_id));
--> statement-breakpoint
CREATE POLICY invoice_insert ON invoice FOR INSERT TO vellum_app WITH CHECK (vellum_sees_contact(client_id));
--> statement-breakpoint
-- Only a merge moves an invoice to the surviving client (the trigger below checks that).
CREATE POLICY invoice_update ON invoice FOR UPDATE TO vellum_app
  USING (vellum_sees_contact(client_id)) WITH CHECK (vellum_sees_contact(client_id));
--> statement-breakpoint
-- Destroyed only by the retention job, and only once seven years have passed since its date: the
-- database refuses an earlier deletion whatever the application asks.
CREATE POLICY invoice_delete ON invoice FOR DELETE TO vellum_app
  USING (vellum_actor_role() = 'system' AND issued_on < (vellum_now() - interval '7 years')::date);
--> statement-breakpoint
REVOKE UPDATE, TRUNCATE ON invoice FROM vellum_app;
--> statement-breakpoint
GRANT UPDATE (client_id) ON invoice TO vellum_app;
--> statement-breakpoint
CREATE FUNCTION vellum_refuse_invoice_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM client_merge WHERE from_client_id = OLD.client_id AND into_client_id = NEW.client_id) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'an issued invoice cannot be changed; issue a credit note'
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER invoice_immutable BEFORE UPDATE ON invoice
  FOR EACH ROW EXECUTE FUNCTION vellum_refuse_invoice_change();
--> statement-breakpoint
-- Lines and payments follow their invoice's visibility; lines never change, payments are appended.
ALTER TABLE invoice_line ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invoice_line FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY invoice_line_all ON invoice_line FOR ALL TO vellum_app
  USING (EXISTS (SELECT 1 FROM invoice i WHERE i.id = invoice_id))
  WITH CHECK (EXISTS (SELECT 1 FROM invoice i WHERE i.id = invoice_id));
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON invoice_line FROM vellum_app;
--> statement-breakpoint
ALTER TABLE invoice_payment ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invoice_payment FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY invoice_payment_all ON invoice_payment FOR ALL TO vellum_app
  USING (EXISTS (SELECT 1 FROM invoice i WHERE i.id = invoice_id))
  WITH CHECK (EXISTS (SELECT 1 FROM invoice i WHERE i.id = invoice_id));
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON invoice_payment FROM vellum_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON invoice_counter FROM vellum_app;
--> statement-breakpoint
GRANT UPDATE (last) ON invoice_counter TO vellum_app;
