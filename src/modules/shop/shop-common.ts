import { asc, eq, inArray, sql } from 'drizzle-orm';
import { Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { actorRole } from '../access/actor';
import type { Scope } from '../access/gate';
import { product } from '../catalogue/tables';
import { type OrderEvent, shopOrder, shopOrderEvent, shopSettings } from './tables';

/** iDEAL's checkout window is 15 minutes; an unpaid online order is expired after it plus a margin. */
export const PAYMENT_WINDOW_MS = 20 * 60_000;
/** An order to pay at pick-up holds its stock this long before it is cancelled. */
export const PICK_UP_HOLD_MS = 7 * 24 * 3600_000;
export const WITHDRAWAL_DAYS = 14;
export const DAY_MS = 24 * 3600_000;

export type ShopSettings = typeof shopSettings.$inferSelect;

export async function settingsOf(scope: Pick<Scope, 'tx'>): Promise<ShopSettings> {
  const [row] = await scope.tx.select().from(shopSettings).limit(1);
  return (
    row ?? {
      singleton: true,
      enabled: false,
      shippingCents: 0,
      hygieneSealExcluded: false,
      lowStockAt: 3,
      termsVersion: 1,
    }
  );
}

/** The shop answers 404 on its public routes while it is switched off. */
export async function requireEnabled(scope: Pick<Scope, 'tx'>): Promise<ShopSettings> {
  const settings = await settingsOf(scope);
  if (!settings.enabled) throw new NotFound('the shop is closed');
  return settings;
}

/**
 * Binds this transaction to the one order whose token (its SHA-256) the caller holds: row-level
 * security then shows a visitor that order and no other (migration 0041).
 */
export async function bindOrderToken(scope: Pick<Scope, 'tx'>, tokenHash: string): Promise<void> {
  await scope.tx.execute(sql`select set_config('vellum.shop_token', ${tokenHash}, true)`);
}

/** How many of each product unpaid orders hold (counts only, through a function a visitor may call). */
export async function reservedOf(
  scope: Pick<Scope, 'tx'>,
  productIds: string[],
): Promise<Map<string, number>> {
  if (productIds.length === 0) return new Map();
  const result = await scope.tx.execute(
    sql`select product_id, reserved from vellum_shop_reserved(${`{${productIds.join(',')}}`}::uuid[])`,
  );
  const rows = (result as unknown as { rows: { product_id: string; reserved: number }[] }).rows;
  return new Map(rows.map((r) => [r.product_id, Number(r.reserved)]));
}

/** The products for sale online: home-use, active, priced. */
export function forSale(row: typeof product.$inferSelect): boolean {
  return row.soldForHomeUse && row.active && row.priceCents !== null && row.vatRatePercent !== null;
}

export async function addEvent(
  scope: Scope,
  orderId: string,
  what: OrderEvent,
  details: Record<string, string | number> = {},
): Promise<void> {
  await scope.tx
    .insert(shopOrderEvent)
    .values({ id: newId(), orderId, at: scope.now, what, details, actorRole: actorRole(scope.actor) });
}

/** The order, locked for the rest of the transaction (webhook, return page and job serialise here). */
export async function lockOrder(scope: Scope, orderId: string) {
  const [row] = await scope.tx.select().from(shopOrder).where(eq(shopOrder.id, orderId)).for('update');
  if (!row) throw new NotFound();
  return row;
}

/** Locks the products in a fixed order (by id), so two checkouts never wait on each other in a cycle. */
export async function lockProducts(scope: Scope, productIds: string[]) {
  const ids = [...new Set(productIds)].sort();
  if (ids.length === 0) return [];
  return scope.tx
    .select()
    .from(product)
    .where(inArray(product.id, ids))
    .orderBy(asc(product.id))
    .for('update');
}

export function invalid(field: string, message: string): Invalid {
  return new Invalid(`${field} ${message}`, [{ field, message }]);
}

export function addressLine(
  address: { street: string; houseNumber: string; postcode: string; city: string; country: string } | null,
): string | null {
  if (!address) return null;
  return `${address.street} ${address.houseNumber}, ${address.postcode} ${address.city}, ${address.country}`;
}
