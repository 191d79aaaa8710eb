import { eq, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { randomToken, sha256Hex } from '../../platform/crypto';

import { newId } from '../../platform/ids';
import type { AccessGate } from '../access/gate';
import type { ConsentLedger } from '../privacy/consent.service';
import { type CartLine, priceCart, SHOP_VISITOR, totals } from './catalogue-stock.service';
import { type MollieGateway, PaymentUnavailable } from './mollie';
import {
  addEvent,
  bindOrderToken,
  invalid,
  PAYMENT_WINDOW_MS,
  PICK_UP_HOLD_MS,
  requireEnabled,
  WITHDRAWAL_DAYS,
} from './shop-common';
import { type OrderAddress, shopOrder, shopOrderLine, shopPayment } from './tables';

export type CheckoutInput = {
  lines: CartLine[];
  name: string;
  email: string;
  phone: string;
  fulfilment: 'pick_up' | 'delivery';
  address?: OrderAddress | null;
  payment: 'online' | 'at_pick_up';
  consent: { statementVersion: number; accepted: boolean };
  termsAccepted: boolean;
  language: 'nl' | 'en';
  request: { requestId: string; userAgent: string | null };
};

/** 503 `{ code: 'payment_unavailable' }`: Mollie could not be reached; the reservation was released. */
export class CheckoutUnavailable extends Error {
  readonly code = 'payment_unavailable';
}

/**
 * Checkout (a visitor): prices from the catalogue, reserves stock in the order's transaction with
 * the products locked in a fixed order (two buyers for the last unit: one order, one 409), then
 * creates the Mollie payment outside any transaction. Nothing is linked to a dossier here: that
 * happens when the order is paid (fulfilment.ts).
 */
export class Checkout {
  constructor(
    private readonly gate: AccessGate,
    private readonly mollie: MollieGateway,
    private readonly consents: ConsentLedger,
    private readonly config: Config,
  ) {}

  async place(input: CheckoutInput, origin: string) {
    if (input.fulfilment === 'delivery' && !input.address) throw invalid('address', 'is needed for delivery');
    if (!input.consent.accepted) throw invalid('consent.accepted', 'must be true');
    if (!input.termsAccepted) throw invalid('termsAccepted', 'must be true');
    if (input.payment === 'online' && !this.mollie.enabled)
      throw invalid('payment', 'online payment is not offered; choose at_pick_up');
    if (input.payment === 'at_pick_up' && input.fulfilment !== 'pick_up')
      throw invalid('payment', 'at_pick_up needs fulfilment pick_up');
    const token = randomToken(32);
    const tokenHash = sha256Hex(token);
    const placed = await this.gate.act(SHOP_VISITOR, origin, async (scope) => {
      const settings = await requireEnabled(scope);
      await this.consents.assertWorded(scope, {
        scope: 'personal_data',
        language: input.language,
        statementVersion: input.consent.statementVersion,
      });
      const lines = await priceCart(scope, input.lines, true);
      const shippingCents = input.fulfilment === 'delivery' ? settings.shippingCents : 0;
      const { totalCents } = totals(lines, shippingCents);
      await bindOrderToken(scope, tokenHash);
      const id = newId();
      const result = await scope.tx.execute(sql`select nextval('shop_order_number') as n`);
      const n = Number((result as unknown as { rows: { n: string }[] }).rows[0]?.n);
      const number = `W${scope.now.getUTCFullYear()}-${String(n).padStart(5, '0')}`;
      await scope.tx.insert(shopOrder).values({
        id,
        number,
        status: 'awaiting_payment',
        tokenHash,
        name: input.name,
        email: input.email,
        phone: input.phone,
        address: input.fulfilment === 'delivery' ? (input.address ?? null) : null,
        fulfilment: input.fulfilment,
        payment: input.payment,
        language: input.language,
        shippingCents,
        totalCents,
        statementVersion: input.consent.statementVersion,
        consentEvidence: input.request,
        terms: {
          version: settings.termsVersion,
          hygieneSealExcluded: settings.hygieneSealExcluded,
          withdrawalDays: WITHDRAWAL_DAYS,
        },
        reserved: true,
        expiresAt: new Date(
          scope.now.getTime() + (input.payment === 'online' ? PAYMENT_WINDOW_MS : PICK_UP_HOLD_MS),
        ),
        createdAt: scope.now,
      });
      await scope.tx.insert(shopOrderLine).values(
        lines.map((line, index) => ({
          id: newId(),
          orderId: id,
          position: index + 1,
          productId: line.productId,
          name: line.name,
          quantity: line.quantity,
          unitPriceCents: line.unitPriceCents,
          vatRatePercent: line.vatRatePercent,
          totalCents: line.totalCents,
          hygiene: line.hygiene,
        })),
      );
      const paymentId = newId();
      if (input.payment === 'online') {
        await scope.tx.insert(shopPayment).values({
          id: paymentId,
          orderId: id,
          idempotencyKey: paymentId,
          status: 'creating',
          amountCents: totalCents,
          createdAt: scope.now,
          updatedAt: scope.now,
        });
      }
      await addEvent(scope, id, input.payment === 'online' ? 'placed_online' : 'placed_pay_at_pick_up');
      scope.record({ action: 'create', objectType: 'shop_order', objectId: id });
      return { id, number, totalCents, paymentId };
    });
    if (input.payment !== 'online') {
      return { number: placed.number, status: 'awaiting_payment' as const, token, checkoutUrl: null };
    }
    // Outside the transaction: Mollie's answer never holds the products locked.
    try {
      const payment = await this.mollie.createPayment({
        amountCents: placed.totalCents,
        description: `${placed.number}`,
        redirectUrl: `${this.config.publicUrl}/shop/order#${token}`,
        webhookUrl: `${this.config.publicUrl}/api/public/shop/mollie-webhook`,
        orderId: placed.id,
        idempotencyKey: placed.paymentId,
      });
      await this.gate.act(SHOP_VISITOR, origin, async (scope) => {
        await bindOrderToken(scope, tokenHash);
        await scope.tx
          .update(shopPayment)
          .set({
            mollieId: payment.id,
            status: 'open',
            checkoutUrl: payment.checkoutUrl,
            updatedAt: scope.now,
          })
          .where(eq(shopPayment.id, placed.paymentId));
      });
      return {
        number: placed.number,
        status: 'awaiting_payment' as const,
        token,
        checkoutUrl: payment.checkoutUrl,
      };
    } catch (error) {
      if (!(error instanceof PaymentUnavailable)) throw error;
      await this.gate.act(SHOP_VISITOR, origin, async (scope) => {
        await bindOrderToken(scope, tokenHash);
        await scope.tx
          .update(shopOrder)
          .set({ status: 'cancelled', cancelReason: 'payment_unavailable', reserved: false })
          .where(eq(shopOrder.id, placed.id));
        await scope.tx
          .update(shopPayment)
          .set({ status: 'unavailable', updatedAt: scope.now })
          .where(eq(shopPayment.id, placed.paymentId));
        await addEvent(scope, placed.id, 'payment_unavailable');
      });
      throw new CheckoutUnavailable('the payment provider cannot be reached; try again');
    }
  }
}
