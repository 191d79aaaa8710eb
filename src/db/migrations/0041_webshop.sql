-- The webshop (issue 15): settings, stock, orders, Mollie payments, refunds and withdrawals.
--
-- An order is a financial record (P9.3): it keeps its own copy of the buyer's name, e-mail and
-- address like an invoice does, and `client_id` is the client's pseudonymous id without a foreign
-- key, so it outlives the dossier; erasure clears what the bookkeeping does not need (shop/erasure.ts).
-- Who sees an order: staff, the `shop` job (payments, fulfilment, expiry), the destroying jobs, and
-- a visitor only the order whose token it holds (vellum.shop_token, set per transaction).
CREATE TABLE shop_settings (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  enabled boolean NOT NULL DEFAULT false,
  shipping_cents integer NOT NULL DEFAULT 0 CHECK (shipping_cents >= 0),
  hygiene_seal_excluded boolean NOT NULL DEFAULT false,
  low_stock_at integer NOT NULL DEFAULT 3 CHECK (low_stock_at >= 0),
  terms_version integer NOT NULL DEFAULT 1
);
--> statement-breakpoint
INSERT INTO shop_settings (singleton) VALUES (true);
--> statement-breakpoint
ALTER TABLE product ADD COLUMN description text NOT NULL DEFAULT '';
--> statement-breakpoint
ALTER TABLE product ADD COLUMN hygiene boolean NOT NULL DEFAULT false;
--> statement-breakpoint
ALTER TABLE product ADD COLUMN image bytea;
--> statement-breakpoint
ALTER TABLE product ADD COLUMN image_type text;
--> statement-breakpoint
ALTER TABLE product ADD COLUMN stock_on_hand integer NOT NULL DEFAULT 0 CHECK (stock_on_hand >= 0);
--> statement-breakpoint
ALTER TABLE product ADD COLUMN low_stock_at integer;
--> statement-breakpoint
CREATE TABLE stock_movement (
  id uuid PRIMARY KEY,
  product_id uuid NOT NULL REFERENCES product(id),
  delta integer NOT NULL,
  reason text NOT NULL,
  order_id uuid,
  staff_id uuid REFERENCES staff(id) ON DELETE SET NULL,
  actor_role text NOT NULL,
  at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE INDEX stock_movement_product ON stock_movement (product_id, at);
--> statement-breakpoint
CREATE SEQUENCE shop_order_number;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE shop_order_number TO vellum_app;
--> statement-breakpoint
CREATE TABLE shop_order (
  id uuid PRIMARY KEY,
  number text NOT NULL UNIQUE,
  status text NOT NULL,
  cancel_reason text,
  token_hash text NOT NULL UNIQUE,
  confirm_token_hash text UNIQUE,
  mail_token_hash text UNIQUE,
  client_id uuid,
  client_link text,
  name text NOT NULL,
  email text,
  phone text,
  address jsonb,
  fulfilment text NOT NULL,
  payment text NOT NULL,
  language text NOT NULL,
  shipping_cents integer NOT NULL,
  total_cents integer NOT NULL,
  statement_version integer NOT NULL,
  consent_evidence jsonb NOT NULL,
  terms jsonb NOT NULL,
  reserved boolean NOT NULL DEFAULT true,
  invoice_id uuid,
  track_and_trace text,
  paid_at timestamptz,
  handed_over_at timestamptz,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  erased_at timestamptz
);
--> statement-breakpoint
CREATE INDEX shop_order_status ON shop_order (status, created_at);
--> statement-breakpoint
CREATE INDEX shop_order_client ON shop_order (client_id);
--> statement-breakpoint
CREATE TABLE shop_order_line (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES shop_order(id) ON DELETE CASCADE,
  position integer NOT NULL,
  product_id uuid NOT NULL REFERENCES product(id),
  name text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price_cents integer NOT NULL,
  vat_rate_percent integer NOT NULL,
  total_cents integer NOT NULL,
  hygiene boolean NOT NULL,
  withdrawn_quantity integer NOT NULL DEFAULT 0,
  refunded_quantity integer NOT NULL DEFAULT 0,
  UNIQUE (order_id, position)
);
--> statement-breakpoint
CREATE TABLE shop_payment (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES shop_order(id) ON DELETE CASCADE,
  mollie_id text UNIQUE,
  idempotency_key text NOT NULL UNIQUE,
  status text NOT NULL,
  amount_cents integer NOT NULL,
  checkout_url text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE INDEX shop_payment_order ON shop_payment (order_id);
--> statement-breakpoint
CREATE TABLE shop_refund (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES shop_order(id) ON DELETE CASCADE,
  mollie_refund_id text,
  amount_cents integer NOT NULL,
  reason text NOT NULL,
  lines jsonb NOT NULL,
  credit_note_id uuid,
  status text NOT NULL,
  created_by uuid REFERENCES staff(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE INDEX shop_refund_order ON shop_refund (order_id);
--> statement-breakpoint
CREATE TABLE shop_withdrawal (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES shop_order(id) ON DELETE CASCADE,
  received_at timestamptz NOT NULL,
  refund_deadline timestamptz NOT NULL,
  refunded_at timestamptz,
  lines jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX shop_withdrawal_order ON shop_withdrawal (order_id);
--> statement-breakpoint
CREATE TABLE shop_order_event (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES shop_order(id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  what text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  actor_role text NOT NULL
);
--> statement-breakpoint
CREATE INDEX shop_order_event_order ON shop_order_event (order_id, at);
--> statement-breakpoint
-- The outbox carries one attachment (the invoice PDF with an order confirmation).
ALTER TABLE outbox_email ADD COLUMN attachment_name text;
--> statement-breakpoint
ALTER TABLE outbox_email ADD COLUMN attachment_type text;
--> statement-breakpoint
ALTER TABLE outbox_email ADD COLUMN attachment bytea;
--> statement-breakpoint
-- Who sees an order: staff and the system; the `shop` job; the destroying jobs; a visitor (or a
-- client) only the order whose token it holds.
-- (The buyer's page holds one token, the confirmation e-mail's links another.)
CREATE FUNCTION vellum_sees_order(token text, mail_token text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT vellum_actor_role() IN ('owner', 'reception', 'practitioner', 'system')
      OR coalesce(vellum_job() IN ('shop', 'retention', 'erasure'), false)
      OR (vellum_actor_role() IN ('visitor', 'client')
          AND nullif(current_setting('vellum.shop_token', true), '') IN (token, mail_token))
$$;
--> statement-breakpoint
ALTER TABLE shop_order ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE shop_order FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY shop_order_all ON shop_order FOR ALL TO vellum_app
  USING (vellum_sees_order(token_hash, mail_token_hash))
  WITH CHECK (vellum_sees_order(token_hash, mail_token_hash));
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['shop_order_line', 'shop_payment', 'shop_refund', 'shop_withdrawal', 'shop_order_event'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO vellum_app
                      USING (EXISTS (SELECT 1 FROM shop_order o WHERE o.id = order_id))
                      WITH CHECK (EXISTS (SELECT 1 FROM shop_order o WHERE o.id = order_id))', t || '_order', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['shop_order', 'shop_order_line', 'shop_payment', 'shop_refund', 'shop_withdrawal', 'shop_order_event'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I TO %I USING (true) WITH CHECK (true)',
                   t || '_migrating_role', t, current_user);
  END LOOP;
END
$$;
--> statement-breakpoint
-- The `shop` job settles paid orders: it creates the basic dossier of a new buyer (with its key and
-- consent), adds the products bought to a dossier the order is linked to, and issues the invoice of
-- an order. It finds a client by e-mail only through vellum_clients_with_email (ids only).
DROP POLICY client_insert ON client;
--> statement-breakpoint
CREATE POLICY client_insert ON client FOR INSERT TO vellum_app
  WITH CHECK (vellum_actor_role() IN ('owner', 'reception', 'practitioner', 'system', 'visitor')
              OR vellum_job() = 'shop');
--> statement-breakpoint
DROP POLICY client_key_insert ON client_key;
--> statement-breakpoint
CREATE POLICY client_key_insert ON client_key FOR INSERT TO vellum_app
  WITH CHECK (vellum_actor_role() IN ('owner', 'reception', 'practitioner', 'system', 'visitor')
              OR vellum_job() = 'shop');
--> statement-breakpoint
CREATE POLICY consent_record_shop ON consent_record FOR INSERT TO vellum_app
  WITH CHECK (vellum_job() = 'shop');
--> statement-breakpoint
CREATE POLICY home_product_shop ON home_product FOR INSERT TO vellum_app
  WITH CHECK (vellum_job() = 'shop');
--> statement-breakpoint
-- The invoices of the clients the shop sold to (an order's client id, or the order's own id while
-- the buyer is not yet confirmed as an existing client), for the shop job only.
CREATE POLICY invoice_shop_select ON invoice FOR SELECT TO vellum_app
  USING (vellum_job() = 'shop' AND client_id IN (SELECT coalesce(o.client_id, o.id) FROM shop_order o));
--> statement-breakpoint
CREATE POLICY invoice_shop_insert ON invoice FOR INSERT TO vellum_app
  WITH CHECK (vellum_job() = 'shop' AND client_id IN (SELECT coalesce(o.client_id, o.id) FROM shop_order o));
--> statement-breakpoint
CREATE OR REPLACE FUNCTION vellum_clients_with_email(address text)
  RETURNS TABLE (id uuid, language text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT c.id, c.preferred_language FROM client c
  WHERE lower(c.email) = lower(address)
    AND (vellum_actor_role() IN ('visitor', 'system') OR vellum_job() = 'shop')
  ORDER BY c.created_at
$$;
--> statement-breakpoint
-- How many of each product unpaid orders hold: counts only, for the shop's availability (a visitor
-- reads no order). SECURITY DEFINER: it counts orders the caller may not see.
CREATE FUNCTION vellum_shop_reserved(products uuid[])
  RETURNS TABLE (product_id uuid, reserved integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT l.product_id, sum(l.quantity)::int FROM shop_order_line l JOIN shop_order o ON o.id = l.order_id
  WHERE o.reserved AND l.product_id = ANY (products)
  GROUP BY l.product_id
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION vellum_shop_reserved(uuid[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION vellum_shop_reserved(uuid[]) TO vellum_app;
