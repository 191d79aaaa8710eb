/**
 * Webshop checkout under concurrent load (issue 15's "Done when"): `POST /api/public/shop/orders`
 * with payment 'online', 10 at a time, each order a new buyer from an address of their own
 * (X-Forwarded-For, as booking-load.ts does). A checkout is the whole of it: the order's
 * transaction (gate, consent wording, stock locked and reserved, audit entry), the payment created
 * at a fake Mollie (test/support/fake-mollie.ts) through the real `@mollie/api-client` over HTTPS,
 * and the payment's row updated with Mollie's answer.
 *
 * The fake runs in this process; only the benchmark server gets NODE_TLS_REJECT_UNAUTHORIZED=0 (the
 * fake's certificate is a self-signed test fixture), so it is put back here once the fake listens.
 *
 * The reference (reference-app.ts, POST /order) inserts the order and its lines in one transaction
 * from the same bodies: no gate, audit, stock lock, consent check or Mollie.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/connection';
import { type FakeMollie, startFakeMollie } from '../test/support/fake-mollie';

export type ShopProduct = { id: string; priceCents: number };

export type CheckoutBody = {
  lines: { productId: string; quantity: number }[];
  name: string;
  email: string;
  phone: string;
  fulfilment: 'pick_up';
  payment: 'online';
  consent: { statementVersion: number; accepted: true };
  termsAccepted: true;
  language: 'nl';
};

/** Stock for every order the runs can place: far more than a full run's orders ask for. */
const STOCK = 1_000_000;

/**
 * Switches the shop on and puts stock on the seeded home-use products that have a price, as the
 * table owner (set-up, not a measured action). Returns those products.
 */
export async function prepareShop(database: Database): Promise<ShopProduct[]> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql.raw('set local role none'));
    await tx.execute(sql`update shop_settings set enabled = true`);
    const result = await tx.execute(sql`update product set stock_on_hand = ${STOCK}
      where sold_for_home_use and price_cents is not null and vat_rate_percent is not null
      returning id, price_cents`);
    const rows = (result as unknown as { rows: { id: string; price_cents: number }[] }).rows;
    if (rows.length < 2) throw new Error(`the seed has ${rows.length} priced home-use products; need 2`);
    return rows
      .map((r) => ({ id: r.id, priceCents: Number(r.price_cents) }))
      .sort((a, b) => a.id.localeCompare(b.id));
  });
}

/** Two products per order (1 and 2 of them), cycling through the catalogue; pick-up, paid online. */
export function checkoutBodies(
  products: ShopProduct[],
  statementVersion: number,
  label: string,
  count: number,
): CheckoutBody[] {
  return Array.from({ length: count }, (_, n) => {
    const first = products[n % products.length] as ShopProduct;
    const second = products[(n + 1) % products.length] as ShopProduct;
    return {
      lines: [
        { productId: first.id, quantity: 1 },
        { productId: second.id, quantity: 2 },
      ],
      name: `Bench ${label} ${n + 1}`,
      email: `bench.shop.${label}.${n + 1}@example.nl`,
      phone: `06${String(20_000_000 + n).slice(-8)}`,
      fulfilment: 'pick_up',
      payment: 'online',
      consent: { statementVersion, accepted: true },
      termsAccepted: true,
      language: 'nl',
    };
  });
}

export type BenchMollie = { fake: FakeMollie; env: NodeJS.ProcessEnv };

/** Starts the fake Mollie and returns it with the environment the benchmark server needs for it. */
export async function startBenchMollie(): Promise<BenchMollie> {
  const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  const fake = await startFakeMollie();
  // startFakeMollie turns certificate checks off for its own process; this process needs no such thing.
  if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
  return {
    fake,
    env: {
      VELLUM_MOLLIE_API_KEY: fake.apiKey,
      VELLUM_MOLLIE_API_URL: fake.apiUrl,
      NODE_TLS_REJECT_UNAUTHORIZED: '0',
    },
  };
}
