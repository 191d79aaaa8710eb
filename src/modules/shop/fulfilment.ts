import { eq, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { client, clinic, outboxEmail } from '../../db/schema';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { newId } from '../../platform/ids';
import type { ClientKeys } from '../access/client-keys';
import type { Scope } from '../access/gate';
import { clientsWithEmail } from '../access/links';
import { product } from '../catalogue/tables';
import { homeProduct } from '../dossier/tables';
import type { Invoices } from '../invoices/invoice.service';
import { invoicePdf } from '../invoices/invoice-pdf';
import type { ConsentLedger } from '../privacy/consent.service';
import { addEvent, addressLine } from './shop-common';
import { orderConfirmationMail } from './shop-mail';
import { shopOrder, shopOrderLine, stockMovement } from './tables';

type Order = typeof shopOrder.$inferSelect;

/**
 * Fulfils a paid order inside the caller's transaction (the `shop` job, the order row locked):
 * stock leaves the shelf, the buyer's dossier is made or the link to an existing one waits for
 * confirmation (decision 0015), the invoice is issued with its payment, and the confirmation goes
 * out with the invoice PDF. Called once per order: the caller checked the order was still unpaid.
 */
export class Fulfilment {
  constructor(
    private readonly invoices: Invoices,
    private readonly keys: ClientKeys,
    private readonly consents: ConsentLedger,
    private readonly config: Config,
  ) {}

  async fulfil(
    scope: Scope,
    order: Order,
    payment: { method: 'ideal' | 'card' | 'cash'; reference: string | null },
  ): Promise<void> {
    const lines = await scope.tx.select().from(shopOrderLine).where(eq(shopOrderLine.orderId, order.id));
    for (const line of lines) {
      await scope.tx
        .update(product)
        .set({ stockOnHand: sql`${product.stockOnHand} - ${line.quantity}` })
        .where(eq(product.id, line.productId));
      await scope.tx.insert(stockMovement).values({
        id: newId(),
        productId: line.productId,
        delta: -line.quantity,
        reason: `order ${order.number}`,
        orderId: order.id,
        actorRole: 'job:shop',
        at: scope.now,
      });
    }
    const link = await this.linkClient(scope, order, lines);
    const mailToken = randomToken(32);
    await scope.tx
      .update(shopOrder)
      .set({
        status: 'paid',
        reserved: false,
        paidAt: scope.now,
        clientId: link.clientId,
        clientLink: link.kind,
        confirmTokenHash: link.confirmToken ? sha256Hex(link.confirmToken) : null,
        mailTokenHash: sha256Hex(mailToken),
      })
      .where(eq(shopOrder.id, order.id));
    const invoiceLines = lines
      .sort((a, b) => a.position - b.position)
      .map((l) => ({
        description: l.name,
        quantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
        vatRatePercent: l.vatRatePercent,
      }));
    if (order.shippingCents > 0) {
      invoiceLines.push({
        description: order.language === 'nl' ? 'Verzendkosten' : 'Shipping',
        quantity: 1,
        unitPriceCents: order.shippingCents,
        vatRatePercent: Math.max(...lines.map((l) => l.vatRatePercent)),
      });
    }
    const view = await this.invoices.issueWithin(scope, {
      // A buyer not (yet) confirmed as an existing client is invoiced under the order's own id.
      clientId: link.clientId ?? order.id,
      clientName: order.name,
      clientAddress: addressLine(order.address ?? null),
      note: `webshop ${order.number}`,
      lines: invoiceLines,
      payment: {
        method: payment.method,
        amountCents: order.totalCents,
        paidOn: view0(scope),
        reference: payment.reference,
      },
    });
    await scope.tx.update(shopOrder).set({ invoiceId: view.id }).where(eq(shopOrder.id, order.id));
    const [practice] = await scope.tx.select().from(clinic).limit(1);
    if (!practice) throw new Error('the clinic is not set up');
    const pdf = await invoicePdf(view, practice, order.language, null);
    const base = this.config.publicUrl;
    const mail = orderConfirmationMail({
      language: order.language,
      clinicName: practice.name,
      number: order.number,
      lines: lines.map((l) => ({ name: l.name, quantity: l.quantity, totalCents: l.totalCents })),
      totalCents: order.totalCents,
      orderLink: `${base}/shop/order#${mailToken}`,
      withdrawLink: `${base}/shop/withdraw#${mailToken}`,
      confirmLink: link.confirmToken ? `${base}/shop/confirm#${link.confirmToken}` : null,
    });
    await scope.tx.insert(outboxEmail).values({
      id: newId(),
      recipient: order.email ?? '',
      clientId: link.kind === 'new' ? link.clientId : null,
      kind: 'shop_order_confirmation',
      ...mail,
      attachmentName: `${view.number}.pdf`,
      attachmentType: 'application/pdf',
      attachment: pdf,
      createdAt: scope.now,
    });
    await addEvent(scope, order.id, 'paid', { method: payment.method, invoice: view.number });
    scope.record({
      action: 'update',
      objectType: 'shop_order',
      objectId: order.id,
      clientId: link.clientId,
      basis: 'job',
    });
  }

  /**
   * A new e-mail address: a basic dossier with the products bought and the consent (P5.3, P1.2).
   * An address an existing dossier has: nothing is linked on the buyer's word (decision 0015); a
   * confirmation link goes to that address, and the buyer's answer does not differ.
   */
  private async linkClient(
    scope: Scope,
    order: Order,
    lines: (typeof shopOrderLine.$inferSelect)[],
  ): Promise<{ clientId: string | null; kind: 'new' | 'pending_confirmation'; confirmToken: string | null }> {
    const [existing] = await clientsWithEmail(scope, order.email ?? '');
    if (existing) {
      scope.record({
        action: 'create',
        objectType: 'unconfirmed_order',
        objectId: order.id,
        clientId: existing.id,
        basis: 'none',
      });
      return { clientId: null, kind: 'pending_confirmation', confirmToken: randomToken(32) };
    }
    const id = newId();
    const [first, ...rest] = order.name.trim().split(/\s+/);
    await scope.tx.insert(client).values({
      id,
      firstName: first ?? order.name,
      lastName: rest.join(' '),
      email: order.email,
      phone: order.phone,
      preferredLanguage: order.language,
      createdAt: scope.now,
      updatedAt: scope.now,
    });
    await this.keys.create(scope.tx, id, scope.now);
    scope.record({ action: 'create', objectType: 'client', objectId: id, clientId: id, basis: 'job' });
    await this.linkOrderInto(scope, order, lines, id);
    return { clientId: id, kind: 'new', confirmToken: null };
  }

  /** The products into the dossier as bought for home use, and the consent into the ledger. */
  async linkOrderInto(
    scope: Scope,
    order: Order,
    lines: (typeof shopOrderLine.$inferSelect)[],
    clientId: string,
  ): Promise<void> {
    for (const line of lines) {
      const id = newId();
      await scope.tx.insert(homeProduct).values({
        id,
        clientId,
        productId: line.productId,
        quantity: line.quantity,
        advice: null,
        boughtAt: order.paidAt ?? scope.now,
        recordedBy: null,
        createdAt: scope.now,
      });
      scope.record({ action: 'create', objectType: 'home_product', objectId: id, clientId, basis: 'job' });
    }
    await this.consents.append(scope, {
      clientId,
      scope: 'personal_data',
      decision: 'granted',
      channel: 'webshop_order',
      language: order.language,
      statementVersion: order.statementVersion,
      evidence: {
        kind: 'checkbox',
        requestId: order.consentEvidence.requestId,
        userAgent: order.consentEvidence.userAgent,
        formShownAt: null,
      },
    });
  }
}

function view0(scope: Scope): string {
  return scope.now.toISOString().slice(0, 10);
}
