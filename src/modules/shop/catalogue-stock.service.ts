import { asc, eq, inArray } from 'drizzle-orm';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import { actorRole, visitor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import { product } from '../catalogue/tables';
import {
  forSale,
  invalid,
  lockProducts,
  requireEnabled,
  reservedOf,
  settingsOf,
  WITHDRAWAL_DAYS,
} from './shop-common';
import { productImage, shopSettings, stockMovement } from './tables';

export const SHOP_VISITOR = visitor('webshop');

export type CartLine = { productId: string; quantity: number };
export type PricedLine = {
  productId: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
  totalCents: number;
  vatRatePercent: number;
  hygiene: boolean;
};

/** The VAT contained in a VAT-inclusive amount, rounded half away from zero (as invoices do). */
function vatIn(gross: number, rate: number): number {
  const exact = (gross * rate) / (100 + rate);
  return Math.sign(exact) * Math.round(Math.abs(exact));
}

export function totals(lines: PricedLine[], shippingCents: number) {
  const byRate = new Map<number, number>();
  for (const line of lines)
    byRate.set(line.vatRatePercent, (byRate.get(line.vatRatePercent) ?? 0) + line.totalCents);
  // Shipping carries the highest rate of the goods it carries (Dutch practice for mixed parcels).
  if (shippingCents > 0) {
    const rate = Math.max(...lines.map((l) => l.vatRatePercent));
    byRate.set(rate, (byRate.get(rate) ?? 0) + shippingCents);
  }
  return {
    totalCents: lines.reduce((sum, l) => sum + l.totalCents, 0) + shippingCents,
    vat: [...byRate.entries()]
      .sort(([a], [b]) => a - b)
      .map(([ratePercent, gross]) => ({ ratePercent, vatCents: vatIn(gross, ratePercent) })),
  };
}

/**
 * Prices a cart from the server's catalogue (what the browser sends as a price is never read) and,
 * with `lock`, locks the products first so the availability it checks holds until commit.
 * Bad lines are 400 naming the field; too few available is 409 out_of_stock with the product ids.
 */
export async function priceCart(scope: Scope, lines: CartLine[], lock: boolean): Promise<PricedLine[]> {
  if (lines.length === 0) throw invalid('lines', 'needs at least one product');
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1)
      throw invalid(`lines.${index}.quantity`, 'must be a whole number of at least 1');
    if (line.quantity > 99) throw invalid(`lines.${index}.quantity`, 'is more than 99');
    if (seen.has(line.productId)) throw invalid(`lines.${index}.productId`, 'appears twice');
    seen.add(line.productId);
  });
  const ids = lines.map((l) => l.productId);
  const rows = lock
    ? await lockProducts(scope, ids)
    : await scope.tx.select().from(product).where(inArray(product.id, ids));
  const reserved = await reservedOf(scope, ids);
  const short: string[] = [];
  const priced = lines.map((line, index) => {
    const row = rows.find((r) => r.id === line.productId);
    if (!row || !forSale(row)) throw invalid(`lines.${index}.productId`, 'is not a product for sale');
    const available = row.stockOnHand - (reserved.get(row.id) ?? 0);
    if (line.quantity > available) short.push(row.id);
    const unit = row.priceCents as number;
    return {
      productId: row.id,
      name: row.brand ? `${row.brand} ${row.name}` : row.name,
      quantity: line.quantity,
      unitPriceCents: unit,
      totalCents: unit * line.quantity,
      vatRatePercent: row.vatRatePercent as number,
      hygiene: row.hygiene,
    };
  });
  if (short.length > 0) throw new OutOfStock(short);
  return priced;
}

/** 409 `{ code: 'out_of_stock', productIds }`. */
export class OutOfStock extends Conflict {
  constructor(readonly productIds: string[]) {
    super('not enough in stock', { code: 'out_of_stock', productIds });
  }
}

/** The shop's catalogue (public), stock (staff) and settings (owner). */
export class ShopCatalogue {
  constructor(
    private readonly gate: AccessGate,
    private readonly onlinePayment: () => boolean,
    private readonly statementVersion: (scope: Scope) => Promise<number | null>,
  ) {}

  async publicShop(origin: string) {
    return this.gate.act(SHOP_VISITOR, origin, async (scope) => {
      const settings = await settingsOf(scope);
      const rows = (await scope.tx.select().from(product).orderBy(asc(product.name))).filter(forSale);
      const images = rows.length
        ? await scope.tx
            .select({ id: productImage.id, type: productImage.imageType })
            .from(productImage)
            .where(
              inArray(
                productImage.id,
                rows.map((r) => r.id),
              ),
            )
        : [];
      const reserved = await reservedOf(
        scope,
        rows.map((r) => r.id),
      );
      return {
        enabled: settings.enabled,
        onlinePayment: this.onlinePayment(),
        shippingCents: settings.shippingCents,
        withdrawalDays: WITHDRAWAL_DAYS,
        hygieneSealExcluded: settings.hygieneSealExcluded,
        statementVersion: String((await this.statementVersion(scope)) ?? ''),
        products: settings.enabled
          ? rows.map((row) => {
              const available = Math.max(0, row.stockOnHand - (reserved.get(row.id) ?? 0));
              return {
                id: row.id,
                name: row.name,
                brand: row.brand,
                description: row.description,
                priceCents: row.priceCents as number,
                vatRatePercent: row.vatRatePercent as number,
                hasImage: images.some((i) => i.id === row.id && i.type !== null),
                available,
                soldOut: available === 0,
                hygiene: row.hygiene,
              };
            })
          : [],
      };
    });
  }

  async image(productId: string, origin: string): Promise<{ bytes: Buffer; type: string }> {
    return this.gate.act(SHOP_VISITOR, origin, async (scope) => {
      await requireEnabled(scope);
      const [row] = await scope.tx.select().from(product).where(eq(product.id, productId));
      const [image] = await scope.tx.select().from(productImage).where(eq(productImage.id, productId));
      if (!row || !forSale(row) || !image?.image || !image.imageType) throw new NotFound();
      return { bytes: image.image, type: image.imageType };
    });
  }

  async quote(input: { lines: CartLine[]; fulfilment: 'pick_up' | 'delivery' }, origin: string) {
    return this.gate.act(SHOP_VISITOR, origin, async (scope) => {
      const settings = await requireEnabled(scope);
      const lines = await priceCart(scope, input.lines, false);
      const shippingCents = input.fulfilment === 'delivery' ? settings.shippingCents : 0;
      return {
        lines: lines.map(({ hygiene: _h, ...line }) => line),
        shippingCents,
        ...totals(lines, shippingCents),
      };
    });
  }

  async stock(actor: Actor, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception', 'practitioner'], { action: 'read', objectType: 'stock' });
      const settings = await settingsOf(scope);
      const rows = (await scope.tx.select().from(product).orderBy(asc(product.name))).filter(
        (r) => r.soldForHomeUse,
      );
      const reserved = await reservedOf(
        scope,
        rows.map((r) => r.id),
      );
      return rows.map((row) => {
        const held = reserved.get(row.id) ?? 0;
        return {
          productId: row.id,
          name: row.name,
          onHand: row.stockOnHand,
          reserved: held,
          available: Math.max(0, row.stockOnHand - held),
          lowStockAt: row.lowStockAt ?? settings.lowStockAt,
        };
      });
    });
  }

  async adjust(actor: Actor, productId: string, input: { delta: number; reason: string }, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception'], {
        action: 'update',
        objectType: 'stock',
        objectId: productId,
      });
      const [row] = await lockProducts(scope, [productId]);
      if (!row) throw new NotFound();
      if (row.stockOnHand + input.delta < 0)
        throw invalid('delta', `would make the stock negative (on hand ${row.stockOnHand})`);
      await scope.tx
        .update(product)
        .set({ stockOnHand: row.stockOnHand + input.delta })
        .where(eq(product.id, productId));
      await scope.tx.insert(stockMovement).values({
        id: newId(),
        productId,
        delta: input.delta,
        reason: input.reason,
        staffId: scope.actor.kind === 'staff' ? scope.actor.id : null,
        actorRole: actorRole(scope.actor),
        at: scope.now,
      });
      scope.record({ action: 'update', objectType: 'stock', objectId: productId });
      return { productId, onHand: row.stockOnHand + input.delta };
    });
  }

  async settings(actor: Actor, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception'], { action: 'read', objectType: 'shop_settings' });
      const s = await settingsOf(scope);
      return {
        enabled: s.enabled,
        shippingCents: s.shippingCents,
        hygieneSealExcluded: s.hygieneSealExcluded,
        lowStockAt: s.lowStockAt,
      };
    });
  }

  async setSettings(
    actor: Actor,
    input: { enabled: boolean; shippingCents: number; hygieneSealExcluded: boolean; lowStockAt: number },
    origin: string,
  ) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: 'shop_settings' });
      const before = await settingsOf(scope);
      // A change of the withdrawal terms is a new version of the terms; orders keep the one they had.
      const termsVersion =
        before.hygieneSealExcluded !== input.hygieneSealExcluded
          ? before.termsVersion + 1
          : before.termsVersion;
      await scope.tx
        .insert(shopSettings)
        .values({ singleton: true, ...input, termsVersion })
        .onConflictDoUpdate({ target: shopSettings.singleton, set: { ...input, termsVersion } });
      scope.record({ action: 'update', objectType: 'shop_settings' });
      return input;
    });
  }

  async setProduct(
    actor: Actor,
    productId: string,
    input: { description: string; hygiene: boolean },
    origin: string,
  ) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: 'product', objectId: productId });
      const done = await scope.tx
        .update(product)
        .set(input)
        .where(eq(product.id, productId))
        .returning({ id: product.id });
      if (done.length === 0) throw new NotFound();
      scope.record({ action: 'update', objectType: 'product', objectId: productId });
      return { id: productId };
    });
  }

  async setImage(
    actor: Actor,
    productId: string,
    image: { bytes: Buffer; type: string } | null,
    origin: string,
  ) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: 'product', objectId: productId });
      if (!image || !['image/jpeg', 'image/webp'].includes(image.type)) {
        throw new Invalid('send one JPEG or WebP image as multipart/form-data', [
          { field: 'image', message: 'must be one JPEG or WebP image' },
        ]);
      }
      const done = await scope.tx
        .update(productImage)
        .set({ image: image.bytes, imageType: image.type })
        .where(eq(productImage.id, productId))
        .returning({ id: productImage.id });
      if (done.length === 0) throw new NotFound();
      scope.record({ action: 'update', objectType: 'product', objectId: productId });
      return { id: productId };
    });
  }
}
