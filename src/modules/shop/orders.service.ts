import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { clinic, outboxEmail } from '../../db/schema';
import { sha256Hex } from '../../platform/crypto';
import { Conflict, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import type { Invoices } from '../invoices/invoice.service';
import { invoice } from '../invoices/tables';
import { SHOP_VISITOR } from './catalogue-stock.service';
import type { Fulfilment } from './fulfilment';
import { type MollieGateway, PaymentUnavailable } from './mollie';
import { SHOP_JOB } from './payments.service';
import { addEvent, bindOrderToken, DAY_MS, invalid, lockOrder, WITHDRAWAL_DAYS } from './shop-common';
import { withdrawalReceiptMail } from './shop-mail';
import {
  type RefundLine,
  shopOrder,
  shopOrderEvent,
  shopOrderLine,
  shopPayment,
  shopRefund,
  shopWithdrawal,
} from './tables';

type Order = typeof shopOrder.$inferSelect;
type Line = typeof shopOrderLine.$inferSelect;

/**
 * The withdrawal period (EU 2023/2673, decision 0020) runs 14 days from hand-over (pick-up or
 * shipping); before hand-over the buyer may always withdraw. A hygiene product is excluded only
 * when the terms at checkout said so, and then only once handed over (its seal may be broken).
 */
export function withdrawalDeadline(order: Order): Date | null {
  return order.handedOverAt
    ? new Date(order.handedOverAt.getTime() + order.terms.withdrawalDays * DAY_MS)
    : null;
}

function withdrawable(order: Order, line: Line, now: Date): number {
  if (!['paid', 'ready_for_pick_up', 'shipped', 'completed'].includes(order.status)) return 0;
  const deadline = withdrawalDeadline(order);
  if (deadline && now > deadline) return 0;
  if (line.hygiene && order.terms.hygieneSealExcluded && order.handedOverAt) return 0;
  return line.quantity - line.withdrawnQuantity - line.refundedQuantity;
}

/** Orders as the buyer (by token) and the staff see them; withdrawals, status changes and refunds. */
export class Orders {
  constructor(
    private readonly gate: AccessGate,
    private readonly mollie: MollieGateway,
    private readonly invoices: Invoices,
    private readonly fulfilment: Fulfilment,
    private readonly linkPending: (scope: Scope, orderId: string) => Promise<void>,
  ) {}

  async lookup(token: string, origin: string) {
    return this.gate.act(SHOP_VISITOR, origin, async (scope) => {
      const order = await this.byToken(scope, token);
      return this.publicView(scope, order);
    });
  }

  async withdraw(token: string, lines: RefundLine[], origin: string) {
    return this.gate.act(SHOP_VISITOR, origin, async (scope) => {
      const found = await this.byToken(scope, token);
      const order = await lockOrder(scope, found.id);
      const orderLines = await this.linesOf(scope, order.id);
      if (lines.length === 0) throw invalid('lines', 'needs at least one line');
      const named = lines.map((wanted, index) => {
        const line = orderLines.find((l) => l.id === wanted.lineId);
        if (!line) throw invalid(`lines.${index}.lineId`, 'is not a line of this order');
        if (
          !Number.isInteger(wanted.quantity) ||
          wanted.quantity < 1 ||
          wanted.quantity > withdrawable(order, line, scope.now)
        )
          throw invalid(
            `lines.${index}.quantity`,
            `is more than can be withdrawn (${withdrawable(order, line, scope.now)})`,
          );
        return { line, quantity: wanted.quantity };
      });
      for (const { line, quantity } of named) {
        await scope.tx
          .update(shopOrderLine)
          .set({ withdrawnQuantity: line.withdrawnQuantity + quantity })
          .where(eq(shopOrderLine.id, line.id));
      }
      const receivedAt = scope.now;
      const refundDeadline = new Date(receivedAt.getTime() + WITHDRAWAL_DAYS * DAY_MS);
      await scope.tx
        .insert(shopWithdrawal)
        .values({ id: newId(), orderId: order.id, receivedAt, refundDeadline, lines });
      const after = await this.linesOf(scope, order.id);
      if (after.every((l) => l.withdrawnQuantity + l.refundedQuantity >= l.quantity)) {
        await scope.tx.update(shopOrder).set({ status: 'withdrawn' }).where(eq(shopOrder.id, order.id));
      }
      const [practice] = await scope.tx.select().from(clinic).limit(1);
      const mail = withdrawalReceiptMail({
        language: order.language,
        clinicName: practice?.name ?? '',
        number: order.number,
        receivedAt,
        refundDeadline,
        lines: named.map(({ line, quantity }) => ({ name: line.name, quantity })),
      });
      await scope.tx.insert(outboxEmail).values({
        id: newId(),
        recipient: order.email ?? '',
        clientId: null,
        kind: 'shop_withdrawal_receipt',
        ...mail,
        createdAt: scope.now,
      });
      await addEvent(scope, order.id, 'withdrawal_received');
      scope.record({ action: 'create', objectType: 'shop_withdrawal', objectId: order.id });
      return { receivedAt, refundDeadline };
    });
  }

  async list(actor: Actor, status: string | undefined, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception', 'practitioner'], { action: 'read', objectType: 'shop_order' });
      const rows = await scope.tx
        .select()
        .from(shopOrder)
        .where(status ? eq(shopOrder.status, status as Order['status']) : undefined)
        .orderBy(desc(shopOrder.createdAt))
        .limit(500);
      const shown = await this.shownNames(scope, rows);
      return rows.map((o) => ({
        id: o.id,
        number: o.number,
        status: o.status,
        createdAt: o.createdAt,
        name: shown(o) ? o.name : '—',
        totalCents: o.totalCents,
        fulfilment: o.fulfilment,
        payment: o.payment,
      }));
    });
  }

  async detail(actor: Actor, orderId: string, origin: string) {
    return this.gate.act(actor, origin, async (scope) => this.staffView(scope, orderId));
  }

  async setStatus(
    actor: Actor,
    orderId: string,
    input: {
      status: 'ready_for_pick_up' | 'shipped' | 'completed' | 'cancelled';
      trackAndTrace?: string;
      paidAtDesk?: 'card' | 'cash';
    },
    origin: string,
  ) {
    const payAtDesk = await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception'], {
        action: 'update',
        objectType: 'shop_order',
        objectId: orderId,
      });
      const order = await lockOrder(scope, orderId).catch(() => {
        throw new NotFound();
      });
      scope.record({
        action: 'update',
        objectType: 'shop_order',
        objectId: orderId,
        clientId: order.clientId,
      });
      if (order.status === 'awaiting_payment') {
        if (input.status === 'cancelled') {
          await scope.tx
            .update(shopOrder)
            .set({ status: 'cancelled', cancelReason: 'cancelled', reserved: false })
            .where(eq(shopOrder.id, orderId));
          await addEvent(scope, orderId, 'cancelled_by_clinic');
          return false;
        }
        if (input.status === 'completed' && input.paidAtDesk && order.payment === 'at_pick_up') return true;
        throw new Conflict('the order is not paid yet');
      }
      if (['cancelled', 'withdrawn'].includes(order.status))
        throw new Conflict(`the order is ${order.status}`);
      if (input.status === 'cancelled') throw new Conflict('a paid order is refunded, not cancelled');
      if (input.status === 'shipped' && order.fulfilment !== 'delivery')
        throw invalid('status', 'a pick-up order is not shipped');
      if (input.status === 'ready_for_pick_up' && order.fulfilment !== 'pick_up')
        throw invalid('status', 'a delivery is not picked up');
      const handedOver = input.status === 'shipped' || input.status === 'completed';
      await scope.tx
        .update(shopOrder)
        .set({
          status: input.status,
          trackAndTrace: input.trackAndTrace ?? order.trackAndTrace,
          handedOverAt: handedOver ? (order.handedOverAt ?? scope.now) : order.handedOverAt,
        })
        .where(eq(shopOrder.id, orderId));
      await addEvent(scope, orderId, 'status', { status: input.status });
      return false;
    });
    if (payAtDesk && input.paidAtDesk) {
      // Paid at the desk: the staff decision is recorded above; the settlement (dossier, invoice,
      // mail) is the shop job's, as for an online payment, and the desk's word confirms the buyer.
      await this.gate.act(SHOP_JOB, origin, async (scope) => {
        const order = await lockOrder(scope, orderId);
        if (order.status !== 'awaiting_payment') return;
        await this.fulfilment.fulfil(scope, order, {
          method: input.paidAtDesk as 'card' | 'cash',
          reference: null,
        });
        await scope.tx
          .update(shopOrder)
          .set({ status: 'completed', handedOverAt: scope.now })
          .where(eq(shopOrder.id, orderId));
        await this.linkPending(scope, orderId);
      });
    }
    return this.detail(actor, orderId, origin);
  }

  /** A refund (whole or per line) through Mollie, and its credit note. */
  async refund(
    actor: Actor,
    orderId: string,
    input: { lines: RefundLine[]; reason: string },
    origin: string,
  ) {
    const planned = await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception'], {
        action: 'update',
        objectType: 'shop_order',
        objectId: orderId,
      });
      const order = await lockOrder(scope, orderId).catch(() => {
        throw new NotFound();
      });
      if (!order.invoiceId) throw new Conflict('the order is not paid');
      const lines = await this.linesOf(scope, orderId);
      if (input.lines.length === 0) throw invalid('lines', 'needs at least one line');
      const named = input.lines.map((wanted, index) => {
        const line = lines.find((l) => l.id === wanted.lineId);
        if (!line) throw invalid(`lines.${index}.lineId`, 'is not a line of this order');
        if (
          !Number.isInteger(wanted.quantity) ||
          wanted.quantity < 1 ||
          wanted.quantity > line.quantity - line.refundedQuantity
        )
          throw invalid(`lines.${index}.quantity`, 'is more than was bought and not yet refunded');
        return { line, quantity: wanted.quantity };
      });
      const amountCents = named.reduce((sum, { line, quantity }) => sum + line.unitPriceCents * quantity, 0);
      const [payment] = await scope.tx
        .select()
        .from(shopPayment)
        .where(and(eq(shopPayment.orderId, orderId), eq(shopPayment.status, 'paid')));
      const id = newId();
      await scope.tx.insert(shopRefund).values({
        id,
        orderId,
        amountCents,
        reason: input.reason,
        lines: input.lines,
        status: 'pending',
        createdBy: scope.actor.kind === 'staff' ? scope.actor.id : null,
        createdAt: scope.now,
      });
      for (const { line, quantity } of named) {
        await scope.tx
          .update(shopOrderLine)
          .set({ refundedQuantity: line.refundedQuantity + quantity })
          .where(eq(shopOrderLine.id, line.id));
      }
      scope.record({
        action: 'update',
        objectType: 'shop_order',
        objectId: orderId,
        clientId: order.clientId,
      });
      return {
        id,
        amountCents,
        mollieId: payment?.mollieId ?? null,
        named,
        invoiceId: order.invoiceId,
        number: order.number,
      };
    });
    let mollieRefund: { id: string; status: string } | null = null;
    if (planned.mollieId) {
      try {
        mollieRefund = await this.mollie.refund({
          paymentId: planned.mollieId,
          amountCents: planned.amountCents,
          description: `${planned.number}: ${input.reason}`.slice(0, 255),
          idempotencyKey: planned.id,
        });
      } catch (error) {
        await this.undoRefund(actor, orderId, planned, origin);
        throw error instanceof PaymentUnavailable ? error : new PaymentUnavailable('the refund failed');
      }
    }
    await this.gate.act(actor, origin, async (scope) => {
      const credit = await this.invoices.creditWithin(scope, {
        invoiceId: planned.invoiceId,
        lines: planned.named.map(({ line, quantity }) => ({
          description: line.name,
          quantity,
          unitPriceCents: line.unitPriceCents,
          vatRatePercent: line.vatRatePercent,
        })),
        reason: input.reason,
        refund: {
          method: mollieRefund ? 'ideal' : 'cash',
          amountCents: planned.amountCents,
          paidOn: scope.now.toISOString().slice(0, 10),
          reference: mollieRefund?.id ?? null,
        },
      });
      await scope.tx
        .update(shopRefund)
        .set({
          mollieRefundId: mollieRefund?.id ?? null,
          status: mollieRefund?.status ?? 'refunded',
          creditNoteId: credit.id,
        })
        .where(eq(shopRefund.id, planned.id));
      // Withdrawals whose lines are now all refunded are settled.
      const lines = await this.linesOf(scope, orderId);
      const open = await scope.tx.select().from(shopWithdrawal).where(eq(shopWithdrawal.orderId, orderId));
      for (const w of open.filter((x) => !x.refundedAt)) {
        if (
          w.lines.every((wl) => {
            const l = lines.find((x) => x.id === wl.lineId);
            return l && l.refundedQuantity >= l.withdrawnQuantity;
          })
        ) {
          await scope.tx
            .update(shopWithdrawal)
            .set({ refundedAt: scope.now })
            .where(eq(shopWithdrawal.id, w.id));
        }
      }
      await addEvent(scope, orderId, 'refunded', {
        amountCents: planned.amountCents,
        creditNote: credit.number,
      });
    });
    return this.detail(actor, orderId, origin);
  }

  private async undoRefund(
    actor: Actor,
    orderId: string,
    planned: { id: string; named: { line: Line; quantity: number }[] },
    origin: string,
  ) {
    await this.gate.act(actor, origin, async (scope) => {
      await lockOrder(scope, orderId);
      for (const { line } of planned.named) {
        const [now] = await scope.tx.select().from(shopOrderLine).where(eq(shopOrderLine.id, line.id));
        const quantity = planned.named.find((n) => n.line.id === line.id)?.quantity ?? 0;
        if (now)
          await scope.tx
            .update(shopOrderLine)
            .set({ refundedQuantity: now.refundedQuantity - quantity })
            .where(eq(shopOrderLine.id, line.id));
      }
      await scope.tx.update(shopRefund).set({ status: 'failed' }).where(eq(shopRefund.id, planned.id));
      await addEvent(scope, orderId, 'refund_failed');
    });
  }

  private async byToken(scope: Scope, token: string): Promise<Order> {
    const hash = sha256Hex(token);
    await bindOrderToken(scope, hash);
    const [order] = await scope.tx
      .select()
      .from(shopOrder)
      .where(inArray(shopOrder.tokenHash, [hash]));
    const [byMail] = order
      ? [order]
      : await scope.tx.select().from(shopOrder).where(eq(shopOrder.mailTokenHash, hash));
    if (!byMail || byMail.erasedAt) throw new NotFound();
    scope.record({ action: 'read', objectType: 'shop_order', objectId: byMail.id, basis: 'none' });
    return byMail;
  }

  private linesOf(scope: Scope, orderId: string) {
    return scope.tx
      .select()
      .from(shopOrderLine)
      .where(eq(shopOrderLine.orderId, orderId))
      .orderBy(asc(shopOrderLine.position));
  }

  private async publicView(scope: Scope, order: Order) {
    const lines = await this.linesOf(scope, order.id);
    const [payment] = await scope.tx
      .select()
      .from(shopPayment)
      .where(eq(shopPayment.orderId, order.id))
      .orderBy(desc(shopPayment.createdAt))
      .limit(1);
    const deadline = withdrawalDeadline(order);
    return {
      number: order.number,
      status: order.status,
      cancelReason: order.cancelReason,
      createdAt: order.createdAt,
      lines: lines.map((l) => ({
        id: l.id,
        name: l.name,
        quantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
        totalCents: l.totalCents,
        withdrawnQuantity: l.withdrawnQuantity,
        withdrawable: withdrawable(order, l, scope.now),
      })),
      shippingCents: order.shippingCents,
      totalCents: order.totalCents,
      fulfilment: order.fulfilment,
      payment: order.payment,
      trackAndTrace: order.trackAndTrace,
      withdrawalDeadline: deadline ? deadline.toISOString() : null,
      checkoutUrl:
        order.status === 'awaiting_payment' && payment?.status === 'open' ? payment.checkoutUrl : null,
    };
  }

  /** Staff see the buyer's details as the gate lets them see the client's (a practitioner only while treating). */
  private async shownNames(scope: Scope, orders: Order[]) {
    if (scope.actor.kind === 'staff' && scope.actor.role !== 'practitioner') return () => true;
    const linked = orders.flatMap((o) => (o.clientId ? [o.clientId] : []));
    const allowed = await scope.filterClients('read', 'contact', linked);
    return (o: Order) => o.clientId !== null && allowed.has(o.clientId);
  }

  private async staffView(scope: Scope, orderId: string) {
    scope.requireRole(['owner', 'reception', 'practitioner'], {
      action: 'read',
      objectType: 'shop_order',
      objectId: orderId,
    });
    const [order] = /^[0-9a-f-]{36}$/i.test(orderId)
      ? await scope.tx.select().from(shopOrder).where(eq(shopOrder.id, orderId))
      : [];
    if (!order) throw new NotFound();
    // The dossier behind the order only for whoever sees that client (reception at another
    // location sees the order it hands over, not that the buyer is a client there: decision 0026).
    const seesClient =
      order.clientId !== null &&
      (await scope.filterClients('read', 'contact', [order.clientId])).has(order.clientId);
    const shown = scope.actor.kind === 'staff' && scope.actor.role !== 'practitioner' ? true : seesClient;
    scope.record({ action: 'read', objectType: 'shop_order', objectId: orderId, clientId: order.clientId });
    const refunds = await scope.tx
      .select()
      .from(shopRefund)
      .where(eq(shopRefund.orderId, orderId))
      .orderBy(asc(shopRefund.createdAt));
    const withdrawals = await scope.tx
      .select()
      .from(shopWithdrawal)
      .where(eq(shopWithdrawal.orderId, orderId))
      .orderBy(asc(shopWithdrawal.receivedAt));
    // The invoice's number, where this member may see the invoice (its own row security decides).
    const [issued] = order.invoiceId
      ? await scope.tx.select({ number: invoice.number }).from(invoice).where(eq(invoice.id, order.invoiceId))
      : [];
    const events = await scope.tx
      .select()
      .from(shopOrderEvent)
      .where(eq(shopOrderEvent.orderId, orderId))
      .orderBy(asc(shopOrderEvent.at));
    return {
      ...(await this.publicView(scope, order)),
      id: order.id,
      name: shown ? order.name : '—',
      email: shown ? order.email : null,
      phone: shown ? order.phone : null,
      address: shown ? order.address : null,
      clientId: seesClient ? order.clientId : null,
      clientLink: order.clientId === null || seesClient ? order.clientLink : null,
      invoiceId: order.invoiceId,
      invoiceNumber: issued?.number ?? null,
      creditNoteIds: refunds.flatMap((r) => (r.creditNoteId ? [r.creditNoteId] : [])),
      refunds: refunds.map((r) => ({
        id: r.id,
        amountCents: r.amountCents,
        reason: r.reason,
        status: r.status,
        createdAt: r.createdAt,
        lines: r.lines,
      })),
      withdrawals: withdrawals.map((w) => ({
        id: w.id,
        receivedAt: w.receivedAt,
        refundDeadline: w.refundDeadline,
        refundedAt: w.refundedAt,
        lines: w.lines,
      })),
      events: events.map((e) => ({ at: e.at, what: e.what, details: e.details })),
    };
  }
}
