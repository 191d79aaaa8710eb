import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import { sha256Hex } from '../../platform/crypto';
import { NotFound } from '../../platform/errors';
import { job } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import { clientsWithEmail } from '../access/links';
import type { Fulfilment } from './fulfilment';
import type { MollieGateway, MolliePayment } from './mollie';
import { addEvent, lockOrder } from './shop-common';
import { type PaymentStatus, shopOrder, shopOrderLine, shopPayment } from './tables';

export const SHOP_JOB = job('shop');

export type SettleOutcome = 'fulfilled' | 'cancelled' | 'unchanged' | 'unknown' | 'mismatch';

/**
 * Payments: the webhook, the return page and the job all settle a payment here. Mollie's word is
 * fetched first (outside any transaction), then the order row is locked: whoever comes second finds
 * the order settled and changes nothing, so an order is fulfilled once (decision 0020).
 */
export class Payments {
  constructor(
    private readonly gate: AccessGate,
    private readonly mollie: MollieGateway,
    private readonly fulfilment: Fulfilment,
    private readonly log: (message: string, details: Record<string, unknown>) => void = () => {},
  ) {}

  /** The webhook: an id only. Unknown ids and mismatches change nothing; Mollie unreachable throws (500). */
  async settle(mollieId: string, origin: string): Promise<SettleOutcome> {
    if (!/^tr_\w{1,64}$/.test(mollieId)) {
      this.log('webhook for an id that is not a payment', {});
      return 'unknown';
    }
    const payment = await this.mollie.getPayment(mollieId);
    if (!payment) {
      this.log('webhook for a payment Mollie does not know', { mollieId });
      return 'unknown';
    }
    return this.gate.act(SHOP_JOB, origin, (scope) => this.apply(scope, payment));
  }

  private async apply(scope: Scope, payment: MolliePayment): Promise<SettleOutcome> {
    const [ours] = await scope.tx.select().from(shopPayment).where(eq(shopPayment.mollieId, payment.id));
    if (!ours) {
      this.log('webhook for a payment of no order of ours', { mollieId: payment.id });
      return 'unknown';
    }
    const order = await lockOrder(scope, ours.orderId);
    if (
      payment.orderId !== order.id ||
      payment.currency !== 'EUR' ||
      payment.amountCents !== ours.amountCents
    ) {
      this.log('payment does not match its order; nothing changed', {
        mollieId: payment.id,
        orderId: order.id,
      });
      await addEvent(scope, order.id, 'payment_mismatch', { payment: payment.id });
      return 'mismatch';
    }
    const status = payment.status as PaymentStatus;
    if (ours.status !== status) {
      await scope.tx
        .update(shopPayment)
        .set({ status, updatedAt: scope.now })
        .where(eq(shopPayment.id, ours.id));
    }
    // Settled already (a repeated or late call, or the other of webhook and return page): nothing.
    if (order.status !== 'awaiting_payment' || !order.reserved) return 'unchanged';
    if (status === 'paid') {
      await this.fulfilment.fulfil(scope, order, { method: 'ideal', reference: payment.id });
      return 'fulfilled';
    }
    if (status === 'failed' || status === 'canceled' || status === 'expired') {
      await scope.tx
        .update(shopOrder)
        .set({
          status: 'cancelled',
          cancelReason:
            status === 'expired' ? 'expired' : status === 'failed' ? 'payment_failed' : 'cancelled',
          reserved: false,
        })
        .where(eq(shopOrder.id, order.id));
      await addEvent(scope, order.id, 'payment_ended', { status });
      scope.record({ action: 'update', objectType: 'shop_order', objectId: order.id, basis: 'job' });
      return 'cancelled';
    }
    return 'unchanged';
  }

  /** The return page asks before it answers: an open payment is settled here if Mollie says so. */
  async refreshByToken(token: string, origin: string): Promise<void> {
    if (!this.mollie.enabled) return;
    const tokenHash = sha256Hex(token);
    const open = await this.gate.act(SHOP_JOB, origin, async (scope) => {
      const rows = await scope.tx
        .select({ mollieId: shopPayment.mollieId })
        .from(shopPayment)
        .innerJoin(shopOrder, eq(shopOrder.id, shopPayment.orderId))
        .where(
          and(
            eq(shopOrder.tokenHash, tokenHash),
            eq(shopOrder.status, 'awaiting_payment'),
            inArray(shopPayment.status, ['open', 'pending', 'authorized']),
          ),
        );
      return rows.flatMap((r) => (r.mollieId ? [r.mollieId] : []));
    });
    for (const id of open) {
      try {
        await this.settle(id, origin);
      } catch {
        // Mollie unreachable: the page shows the order as it is; the webhook or the job settles it.
      }
    }
  }

  /**
   * The job (every few minutes): payments whose webhook never came are asked again; unpaid orders
   * past their window (iDEAL's 15 minutes plus a margin, or the pick-up hold) are expired and their
   * stock released.
   */
  async sweep(origin = 'job:shop'): Promise<{ settled: number; expired: number }> {
    const due = await this.gate.act(SHOP_JOB, origin, async (scope) =>
      scope.tx
        .select({ orderId: shopOrder.id, mollieId: shopPayment.mollieId, expiresAt: shopOrder.expiresAt })
        .from(shopOrder)
        .leftJoin(shopPayment, eq(shopPayment.orderId, shopOrder.id))
        .where(and(eq(shopOrder.status, 'awaiting_payment'), eq(shopOrder.reserved, true)))
        .orderBy(asc(shopOrder.createdAt))
        .limit(200),
    );
    let settled = 0;
    for (const row of due) {
      if (row.mollieId && this.mollie.enabled) {
        try {
          const outcome = await this.settle(row.mollieId, origin);
          if (outcome === 'fulfilled' || outcome === 'cancelled') settled++;
        } catch {
          // Mollie down: try again next run; expiry below still applies only past the window.
        }
      }
    }
    const expired = await this.gate.act(SHOP_JOB, origin, async (scope) => {
      const late = await scope.tx
        .select({ id: shopOrder.id })
        .from(shopOrder)
        .where(
          and(
            eq(shopOrder.status, 'awaiting_payment'),
            eq(shopOrder.reserved, true),
            lt(shopOrder.expiresAt, scope.now),
          ),
        );
      for (const { id } of late) {
        const order = await lockOrder(scope, id);
        if (order.status !== 'awaiting_payment' || !order.reserved) continue;
        await scope.tx
          .update(shopOrder)
          .set({ status: 'cancelled', cancelReason: 'expired', reserved: false })
          .where(eq(shopOrder.id, id));
        await addEvent(scope, id, 'expired');
      }
      return late.length;
    });
    return { settled, expired };
  }

  /**
   * The link e-mailed to the existing dossier's address confirms the order is that client's: only
   * then are the products and the consent added to the dossier (decision 0015).
   */
  async confirmByLink(confirmToken: string, origin: string): Promise<void> {
    const hash = sha256Hex(confirmToken);
    await this.gate.act(SHOP_JOB, origin, async (scope) => {
      const [row] = await scope.tx
        .select({ id: shopOrder.id })
        .from(shopOrder)
        .where(eq(shopOrder.confirmTokenHash, hash));
      if (!row) throw new NotFound();
      await this.linkPending(scope, row.id);
    });
  }

  /** Links a pending order to the dossier its e-mail belongs to (the link, or the desk at pick-up). */
  async linkPending(scope: Scope, orderId: string): Promise<void> {
    const order = await lockOrder(scope, orderId);
    if (order.clientLink !== 'pending_confirmation') return;
    const [existing] = await clientsWithEmail(scope, order.email ?? '');
    if (!existing) return;
    const lines = await scope.tx.select().from(shopOrderLine).where(eq(shopOrderLine.orderId, order.id));
    await this.fulfilment.linkOrderInto(scope, order, lines, existing.id);
    await scope.tx
      .update(shopOrder)
      .set({ clientId: existing.id, clientLink: 'linked', confirmTokenHash: null })
      .where(eq(shopOrder.id, order.id));
    await addEvent(scope, order.id, 'linked');
    scope.record({
      action: 'update',
      objectType: 'shop_order',
      objectId: order.id,
      clientId: existing.id,
      basis: 'job',
    });
  }
}
