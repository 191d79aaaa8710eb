import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { client, clinic, location } from '../../db/schema';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import type { ContactMergeStep } from '../clients/client-merge.service';
import {
  type DiscountLineInput,
  type InvoiceDiscountInput,
  type InvoiceLineInput,
  type PricedInvoice,
  priceLines,
  VAT_RATES,
  withDiscounts,
} from './invoice-amounts';
import { exportZip } from './invoice-export';
import { invoicePdf } from './invoice-pdf';
import { invoiceUbl } from './invoice-ubl';
import { invoice, invoiceCounter, invoiceLine, invoicePayment } from './tables';

export const FINANCIAL_RETENTION_YEARS = 7;

export type { InvoiceLineInput } from './invoice-amounts';
export { vatIncluded } from './invoice-amounts';

/** What the form sends: items, discount lines and an invoice discount (decision 0021), and a remark. */
export type InvoiceDraftInput = {
  lines: InvoiceLineInput[];
  discounts?: DiscountLineInput[] | null;
  invoiceDiscount?: InvoiceDiscountInput | null;
  note?: string | null;
  /**
   * The location it is issued for: its invoice prefix, if it has one, gives the number series. Left
   * out: the only live location when there is one, else the clinic as a whole (the clinic's series).
   */
  locationId?: string | null;
};

/** The clinic as invoices show it (the supplier): address, phone, website, VAT, KvK, IBAN. */
export type ClinicDetails = {
  street: string | null;
  houseNumber: string | null;
  postcode: string | null;
  city: string | null;
  phone: string | null;
  website: string | null;
  vatNumber: string | null;
  chamberOfCommerce: string | null;
  iban: string | null;
};

export type PaymentInput = {
  method: 'card' | 'cash' | 'ideal' | 'transfer';
  amountCents: number;
  paidOn: string;
  reference?: string | null;
};

export type InvoiceView = {
  id: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  creditFor: string | null;
  issuedOn: string;
  clientId: string;
  clientName: string;
  clientAddress: string | null;
  totalCents: number;
  vatCents: number;
  paidCents: number;
  /** What is still to be paid (negative: to be refunded); a credited invoice is settled by its note. */
  openCents: number;
  /** The credit note that corrected this invoice, if one did. */
  creditedBy: { id: string; number: string } | null;
  /** The location it was issued for, or null (the clinic as a whole). */
  locationId: string | null;
  note: string | null;
  lines: {
    position: number;
    kind: 'item' | 'discount';
    description: string;
    quantity: number;
    unitPriceCents: number;
    vatRatePercent: number;
    totalCents: number;
    vatCents: number;
  }[];
  payments: {
    id: string;
    method: PaymentInput['method'];
    amountCents: number;
    paidOn: string;
    reference: string | null;
  }[];
};

const OBJECT = 'invoice';
/** The longest period one export covers: a year and a bit (a quarter or a year is what accountants ask). */
const MAX_EXPORT_DAYS = 400;

export type InvoicePreview = PricedInvoice & { issuedOn: string };

/**
 * Invoices, credit notes and payments (SPEC 8; P9.3). Numbers are `YYYY-NNNNNN`, gapless within the
 * year: the counter row is locked until the invoice's transaction commits, so a failed invoice gives
 * its number back. An issued invoice never changes; a credit note for its full amount corrects it.
 * Every read and write passes the gate as contact-level data of the client and is audited.
 */
export class Invoices {
  constructor(private readonly gate: AccessGate) {}

  async create(
    actor: Actor,
    clientId: string,
    input: InvoiceDraftInput,
    origin: string,
  ): Promise<InvoiceView> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception', 'practitioner'], {
        action: 'create',
        objectType: OBJECT,
        clientId,
      });
      await scope.requireClient('create', 'contact', clientId, { type: OBJECT });
      const lines = draftLines(input);
      const issuedOn = await clinicToday(scope);
      const [person] = await scope.tx.select().from(client).where(eq(client.id, clientId));
      if (!person) throw new NotFound();
      const locationId = await invoiceLocation(scope, input.locationId);
      const id = newId();
      await this.issue(scope, {
        id,
        kind: 'invoice',
        creditFor: null,
        locationId,
        issuedOn,
        clientId,
        clientName: `${person.firstName} ${person.lastName}`,
        clientAddress: addressOf(person),
        note: input.note ?? null,
        lines,
      });
      return (await this.read(scope, [id]))[0] as InvoiceView;
    });
  }

  /**
   * What `create` would issue, computed by the server and written nowhere: no number is taken, no
   * invoice stored, no client read (so nothing to audit). Numbers are given only when issuing.
   */
  async preview(actor: Actor, input: InvoiceDraftInput, origin: string): Promise<InvoicePreview> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception', 'practitioner'], { action: 'create', objectType: OBJECT });
      const priced = priceLines(draftLines(input));
      return { ...priced, issuedOn: await clinicToday(scope) };
    });
  }

  /**
   * The accountant's export of a period (decision 0021): a ZIP with the lines, payments and VAT per
   * rate as CSV, and each invoice's PDF and UBL. Whoever sees the year's records (owner, reception)
   * may; each client whose records leave is logged as an export.
   */
  async exportPeriod(
    actor: Actor,
    period: { from: string; to: string },
    language: 'nl' | 'en',
    origin: string,
  ): Promise<{ fileName: string; bytes: Buffer }> {
    if (period.to < period.from) {
      throw new Invalid('to lies before from', [{ field: 'to', message: 'lies before from' }]);
    }
    const days = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000;
    if (days > MAX_EXPORT_DAYS) {
      throw new Invalid(`the period is longer than ${MAX_EXPORT_DAYS} days`, [
        { field: 'to', message: `lies more than ${MAX_EXPORT_DAYS} days after from` },
      ]);
    }
    const { views, practice, numbers } = await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception'], { action: 'export', objectType: OBJECT });
      const rows = await scope.tx
        .select({ id: invoice.id, clientId: invoice.clientId })
        .from(invoice)
        .where(sql`${invoice.issuedOn} >= ${period.from} and ${invoice.issuedOn} <= ${period.to}`)
        .orderBy(asc(invoice.number));
      await scope.filterClients(
        'export',
        'contact',
        rows.map((r) => r.clientId),
      );
      scope.record({
        action: 'export',
        objectType: 'invoice_period',
        objectId: null,
        clientId: null,
        basis: 'role',
      });
      const views = await this.read(
        scope,
        rows.map((r) => r.id),
      );
      const [practice] = await scope.tx.select().from(clinic).limit(1);
      const credited = views.flatMap((v) => (v.creditFor ? [v.creditFor] : []));
      const numbers = new Map(
        credited.length === 0
          ? []
          : (
              await scope.tx
                .select({ id: invoice.id, number: invoice.number })
                .from(invoice)
                .where(inArray(invoice.id, credited))
            ).map((r) => [r.id, r.number] as const),
      );
      return { views, practice, numbers };
    });
    if (!practice) throw new NotFound();
    const documents = [];
    for (const view of views) {
      const creditedNumber = view.creditFor ? (numbers.get(view.creditFor) ?? null) : null;
      documents.push({
        number: view.number,
        pdf: await invoicePdf(view, practice, language, creditedNumber),
        ubl: invoiceUbl(view, practice, creditedNumber),
      });
    }
    return {
      fileName: `facturen-${period.from}-${period.to}.zip`,
      bytes: exportZip(views, documents),
    };
  }

  /** A credit note for the whole invoice (a correction or a refund); an invoice is credited once. */
  async credit(actor: Actor, invoiceId: string, reason: string, origin: string): Promise<InvoiceView> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception'], {
        action: 'create',
        objectType: OBJECT,
        objectId: invoiceId,
      });
      const original = await this.visible(scope, invoiceId, 'create');
      if (original.kind !== 'invoice') {
        throw new Invalid('invoiceId is a credit note; only an invoice can be credited', [
          { field: 'invoiceId', message: 'is a credit note' },
        ]);
      }
      const [already] = await scope.tx
        .select({ number: invoice.number })
        .from(invoice)
        .where(eq(invoice.creditFor, invoiceId));
      if (already) throw new Conflict(`invoice ${original.number} was already credited by ${already.number}`);
      const id = newId();
      await this.issue(scope, {
        id,
        kind: 'credit_note',
        creditFor: invoiceId,
        locationId: original.locationId,
        issuedOn: await clinicToday(scope),
        clientId: original.clientId,
        clientName: original.clientName,
        clientAddress: original.clientAddress,
        note: `${original.number}: ${reason}`,
        // The note mirrors the invoice line for line, VAT included, so the two cancel to the cent.
        lines: original.lines.map((line) => ({
          kind: line.kind,
          description: line.description,
          quantity: -line.quantity,
          unitPriceCents: line.unitPriceCents,
          vatRatePercent: line.vatRatePercent,
          vatCents: -line.vatCents,
        })),
      });
      return (await this.read(scope, [id]))[0] as InvoiceView;
    });
  }

  async pay(actor: Actor, invoiceId: string, payment: PaymentInput, origin: string): Promise<InvoiceView> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception', 'practitioner'], {
        action: 'update',
        objectType: OBJECT,
        objectId: invoiceId,
      });
      const current = await this.visible(scope, invoiceId, 'update');
      if (!Number.isInteger(payment.amountCents) || payment.amountCents === 0) {
        throw new Invalid('amountCents must be a whole number of cents other than 0', [
          { field: 'amountCents', message: 'must be a whole number of cents other than 0' },
        ]);
      }
      if (
        Math.abs(payment.amountCents) > Math.abs(current.openCents) ||
        Math.sign(payment.amountCents) !== Math.sign(current.openCents)
      ) {
        throw new Invalid(`amountCents is more than the ${current.openCents} cents still open`, [
          { field: 'amountCents', message: `is more than the ${current.openCents} cents still open` },
        ]);
      }
      if (payment.paidOn > (await clinicToday(scope))) {
        throw new Invalid('paidOn is in the future', [{ field: 'paidOn', message: 'is in the future' }]);
      }
      await scope.tx.insert(invoicePayment).values({
        id: newId(),
        invoiceId,
        method: payment.method,
        amountCents: payment.amountCents,
        paidOn: payment.paidOn,
        reference: payment.reference ?? null,
        recordedBy: scope.actor.kind === 'staff' ? scope.actor.id : null,
        recordedAt: scope.now,
      });
      return (await this.read(scope, [invoiceId]))[0] as InvoiceView;
    });
  }

  async get(
    actor: Actor,
    invoiceId: string,
    origin: string,
    action: 'read' | 'print' = 'read',
  ): Promise<InvoiceView> {
    return this.gate.act(actor, origin, (scope) => this.visible(scope, invoiceId, action));
  }

  async ofClient(actor: Actor, clientId: string, origin: string): Promise<InvoiceView[]> {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('read', 'contact', clientId, { type: OBJECT });
      const rows = await scope.tx
        .select({ id: invoice.id })
        .from(invoice)
        .where(eq(invoice.clientId, clientId))
        .orderBy(desc(invoice.issuedOn), desc(invoice.number));
      return this.read(
        scope,
        rows.map((r) => r.id),
      );
    });
  }

  /** The financial records of a year (owner and reception), also of clients whose dossier is gone. */
  async ofYear(actor: Actor, year: number, origin: string): Promise<InvoiceView[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner', 'reception'], { action: 'read', objectType: OBJECT });
      const rows = await scope.tx
        .select({ id: invoice.id, clientId: invoice.clientId })
        .from(invoice)
        .where(sql`${invoice.issuedOn} >= ${`${year}-01-01`} and ${invoice.issuedOn} <= ${`${year}-12-31`}`)
        .orderBy(asc(invoice.number));
      await scope.filterClients(
        'read',
        'contact',
        rows.map((r) => r.clientId),
      );
      return this.read(
        scope,
        rows.map((r) => r.id),
      );
    });
  }

  /** The PDF; every making is logged as a print. */
  async pdf(
    actor: Actor,
    invoiceId: string,
    language: 'nl' | 'en',
    origin: string,
  ): Promise<{ fileName: string; bytes: Buffer }> {
    const { view, practice, creditedNumber } = await this.gate.act(actor, origin, async (scope) => {
      const view = await this.visible(scope, invoiceId, 'print');
      const [practice] = await scope.tx.select().from(clinic).limit(1);
      const [credited] = view.creditFor
        ? await scope.tx
            .select({ number: invoice.number })
            .from(invoice)
            .where(eq(invoice.id, view.creditFor))
        : [];
      return { view, practice, creditedNumber: credited?.number ?? null };
    });
    if (!practice) throw new NotFound();
    return {
      fileName: `${view.number}.pdf`,
      bytes: await invoicePdf(view, practice, language, creditedNumber),
    };
  }

  async clinicDetailsOf(actor: Actor, origin: string): Promise<ClinicDetails> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'clinic' });
      const [row] = await scope.tx
        .select({
          street: clinic.street,
          houseNumber: clinic.houseNumber,
          postcode: clinic.postcode,
          city: clinic.city,
          phone: clinic.phone,
          website: clinic.website,
          vatNumber: clinic.vatNumber,
          chamberOfCommerce: clinic.chamberOfCommerce,
          iban: clinic.iban,
        })
        .from(clinic)
        .limit(1);
      return (
        row ?? {
          street: null,
          houseNumber: null,
          postcode: null,
          city: null,
          phone: null,
          website: null,
          vatNumber: null,
          chamberOfCommerce: null,
          iban: null,
        }
      );
    });
  }

  /** Sets the details given; a field left out keeps what is stored, `null` clears it. */
  async setClinicDetails(actor: Actor, details: Partial<ClinicDetails>, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'update', objectType: 'clinic' });
      const given = Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
      if (Object.keys(given).length > 0) await scope.tx.update(clinic).set(given);
      scope.record({ action: 'update', objectType: 'clinic', objectId: null, clientId: null, basis: 'role' });
    });
  }

  /**
   * Issues an invoice inside another module's action (the webshop's fulfilment, already past the
   * gate in `scope`), with its payment recorded when one is given; returns the issued invoice.
   */
  async issueWithin(
    scope: Scope,
    input: {
      clientId: string;
      clientName: string;
      clientAddress: string | null;
      note?: string | null;
      lines: InvoiceLineInput[];
      payment?: PaymentInput | null;
    },
  ): Promise<InvoiceView> {
    const id = newId();
    await this.issue(scope, {
      id,
      kind: 'invoice',
      creditFor: null,
      issuedOn: await clinicToday(scope),
      clientId: input.clientId,
      clientName: input.clientName,
      clientAddress: input.clientAddress,
      note: input.note ?? null,
      lines: checkLines(input.lines),
    });
    if (input.payment) {
      await scope.tx.insert(invoicePayment).values({
        id: newId(),
        invoiceId: id,
        ...input.payment,
        reference: input.payment.reference ?? null,
        recordedBy: scope.actor.kind === 'staff' ? scope.actor.id : null,
        recordedAt: scope.now,
      });
    }
    scope.record({
      action: 'create',
      objectType: OBJECT,
      objectId: id,
      clientId: input.clientId,
      basis: scope.actor.kind === 'job' ? 'job' : basisOf(scope.actor),
    });
    return (await this.read(scope, [id]))[0] as InvoiceView;
  }

  /**
   * A credit note for some lines of an invoice (positive quantities, credited negatively) inside
   * another module's action (a webshop refund or withdrawal), with the refund recorded when given.
   */
  async creditWithin(
    scope: Scope,
    input: { invoiceId: string; lines: InvoiceLineInput[]; reason: string; refund?: PaymentInput | null },
  ): Promise<InvoiceView> {
    const [original] = await this.read(scope, [input.invoiceId]);
    if (original?.kind !== 'invoice') throw new NotFound();
    const id = newId();
    await this.issue(scope, {
      id,
      kind: 'credit_note',
      creditFor: original.id,
      locationId: original.locationId,
      issuedOn: await clinicToday(scope),
      clientId: original.clientId,
      clientName: original.clientName,
      clientAddress: original.clientAddress,
      note: `${original.number}: ${input.reason}`,
      lines: checkLines(input.lines).map((line) => ({ ...line, quantity: -Math.abs(line.quantity) })),
    });
    if (input.refund) {
      await scope.tx.insert(invoicePayment).values({
        id: newId(),
        invoiceId: id,
        ...input.refund,
        amountCents: -Math.abs(input.refund.amountCents),
        reference: input.refund.reference ?? null,
        recordedBy: scope.actor.kind === 'staff' ? scope.actor.id : null,
        recordedAt: scope.now,
      });
    }
    scope.record({
      action: 'create',
      objectType: OBJECT,
      objectId: id,
      clientId: original.clientId,
      basis: scope.actor.kind === 'job' ? 'job' : basisOf(scope.actor),
    });
    return (await this.read(scope, [id]))[0] as InvoiceView;
  }

  /** Retention (P9.3): invoices and their payments seven years after their date; the database refuses earlier. */
  async destroyOlderThan(scope: Scope, asOf: Date): Promise<number> {
    const cutoff = new Date(asOf);
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - FINANCIAL_RETENTION_YEARS);
    const gone = await scope.tx
      .delete(invoice)
      .where(lt(invoice.issuedOn, cutoff.toISOString().slice(0, 10)))
      .returning({ id: invoice.id, clientId: invoice.clientId });
    for (const row of gone) {
      scope.record({
        action: 'delete',
        objectType: OBJECT,
        objectId: row.id,
        clientId: row.clientId,
        basis: 'system',
      });
    }
    return gone.length;
  }

  /** For an erasure certificate: how many financial records stay, and until when. */
  async keptFor(scope: Scope, clientId: string): Promise<{ count: number; until: string | null }> {
    const [row] = await scope.tx
      .select({ count: sql<number>`count(*)::int`, last: sql<string | null>`max(${invoice.issuedOn})::text` })
      .from(invoice)
      .where(eq(invoice.clientId, clientId));
    if (!row?.last) return { count: row?.count ?? 0, until: null };
    const until = new Date(`${row.last}T00:00:00Z`);
    until.setUTCFullYear(until.getUTCFullYear() + FINANCIAL_RETENTION_YEARS);
    return { count: row.count, until: until.toISOString().slice(0, 10) };
  }

  readonly mergeStep: ContactMergeStep = async (scope, merge) => {
    await scope.tx.update(invoice).set({ clientId: merge.intoId }).where(eq(invoice.clientId, merge.fromId));
    return {};
  };

  private async visible(scope: Scope, invoiceId: string, action: 'read' | 'print' | 'create' | 'update') {
    const [row] = await scope.tx
      .select({ clientId: invoice.clientId })
      .from(invoice)
      .where(eq(invoice.id, invoiceId));
    if (!row) {
      scope.refuse({ action, objectType: OBJECT, objectId: invoiceId, clientId: null, basis: 'none' });
      throw new NotFound();
    }
    scope.record({
      action,
      objectType: OBJECT,
      objectId: invoiceId,
      clientId: row.clientId,
      basis: basisOf(scope.actor),
    });
    return (await this.read(scope, [invoiceId]))[0] as InvoiceView;
  }

  private async issue(
    scope: Scope,
    draft: Omit<
      typeof invoice.$inferInsert,
      'number' | 'totalCents' | 'vatCents' | 'createdAt' | 'createdBy'
    > & {
      lines: InvoiceLineInput[];
    },
  ): Promise<void> {
    const year = Number(draft.issuedOn.slice(0, 4));
    // The series: the location's invoice prefix, or '' (the clinic's). Keyed by the prefix itself, so
    // a renamed prefix starts a series of its own and numbers stay unique.
    const [place] = draft.locationId
      ? await scope.tx
          .select({ prefix: location.invoicePrefix })
          .from(location)
          .where(eq(location.id, draft.locationId))
      : [];
    const series = place?.prefix ?? '';
    await scope.tx.insert(invoiceCounter).values({ series, year, last: 0 }).onConflictDoNothing();
    const [counter] = await scope.tx
      .update(invoiceCounter)
      .set({ last: sql`${invoiceCounter.last} + 1` })
      .where(and(eq(invoiceCounter.series, series), eq(invoiceCounter.year, year)))
      .returning({ last: invoiceCounter.last });
    const number = `${series ? `${series}-` : ''}${year}-${String(counter?.last).padStart(6, '0')}`;
    const priced = priceLines(draft.lines);
    const lines = priced.lines.map((line) => ({ ...line, invoiceId: draft.id }));
    const { lines: _lines, ...head } = draft;
    await scope.tx.insert(invoice).values({
      ...head,
      number,
      totalCents: priced.totalCents,
      vatCents: priced.vatCents,
      createdBy: scope.actor.kind === 'staff' ? scope.actor.id : null,
      createdAt: scope.now,
    });
    await scope.tx.insert(invoiceLine).values(lines);
  }

  private async read(scope: Scope, ids: string[]): Promise<InvoiceView[]> {
    if (ids.length === 0) return [];
    const heads = await scope.tx.select().from(invoice).where(inArray(invoice.id, ids));
    const lines = await scope.tx
      .select()
      .from(invoiceLine)
      .where(inArray(invoiceLine.invoiceId, ids))
      .orderBy(asc(invoiceLine.position));
    // A credit note's refund is what was paid on the invoice it corrects: read those payments too.
    const originals = heads.flatMap((h) => (h.creditFor ? [h.creditFor] : []));
    const payments = await scope.tx
      .select()
      .from(invoicePayment)
      .where(inArray(invoicePayment.invoiceId, [...ids, ...originals]))
      .orderBy(asc(invoicePayment.paidOn));
    const credits = await scope.tx
      .select({ id: invoice.id, number: invoice.number, creditFor: invoice.creditFor })
      .from(invoice)
      .where(and(inArray(invoice.creditFor, ids), eq(invoice.kind, 'credit_note')));
    const byId = new Map(heads.map((h) => [h.id, h]));
    const paidOn = (invoiceId: string) =>
      payments.filter((p) => p.invoiceId === invoiceId).reduce((sum, p) => sum + p.amountCents, 0);
    return ids.flatMap((id) => {
      const head = byId.get(id);
      if (!head) return [];
      const paid = payments.filter((p) => p.invoiceId === id);
      const paidCents = paid.reduce((sum, p) => sum + p.amountCents, 0);
      const creditedBy = credits.find((c) => c.creditFor === id) ?? null;
      // An invoice: its total less what was paid, nothing once credited. A credit note: what was
      // paid on the invoice it corrects is to be refunded (negative), less refunds already made.
      const openCents =
        head.kind === 'credit_note'
          ? -(head.creditFor ? paidOn(head.creditFor) : 0) - paidCents
          : creditedBy
            ? 0
            : head.totalCents - paidCents;
      return [
        {
          id: head.id,
          number: head.number,
          kind: head.kind,
          creditFor: head.creditFor,
          issuedOn: head.issuedOn,
          clientId: head.clientId,
          clientName: head.clientName,
          clientAddress: head.clientAddress,
          totalCents: head.totalCents,
          vatCents: head.vatCents,
          paidCents,
          openCents,
          creditedBy: creditedBy ? { id: creditedBy.id, number: creditedBy.number } : null,
          locationId: head.locationId,
          note: head.note,
          lines: lines.filter((l) => l.invoiceId === id).map(({ invoiceId: _invoiceId, ...line }) => line),
          payments: paid.map((p) => ({
            id: p.id,
            method: p.method,
            amountCents: p.amountCents,
            paidOn: p.paidOn,
            reference: p.reference,
          })),
        },
      ];
    });
  }
}

/**
 * The location a new invoice is issued for: the one named (live, else 400 naming locationId), or the
 * only live location, or none (a chain's invoice for the clinic as a whole: the clinic's series).
 */
async function invoiceLocation(scope: Scope, named: string | null | undefined): Promise<string | null> {
  const live = await scope.tx.select({ id: location.id }).from(location).where(isNull(location.archivedAt));
  if (named) {
    if (!live.some((l) => l.id === named)) {
      throw new Invalid('locationId names no live location', [
        { field: 'locationId', message: 'names no live location' },
      ]);
    }
    return named;
  }
  return live.length === 1 ? (live[0]?.id ?? null) : null;
}

function basisOf(actor: Actor) {
  if (actor.kind === 'system') return 'system' as const;
  return actor.kind === 'staff' && actor.role !== 'practitioner'
    ? ('role' as const)
    : ('relationship' as const);
}

function addressOf(person: typeof client.$inferSelect): string | null {
  const street = [person.street, person.houseNumber].filter(Boolean).join(' ');
  const town = [person.postcode, person.city].filter(Boolean).join(' ');
  return [street, town].filter(Boolean).join(', ') || null;
}

/** The largest amount in cents a PostgreSQL integer column holds. */
const MAX_CENTS = 2_147_483_647;

/** The form's draft as lines to issue: checked items, then the discounts as negative lines. */
export function draftLines(input: InvoiceDraftInput): InvoiceLineInput[] {
  const items = checkLines(input.lines);
  (input.discounts ?? []).forEach((discount, index) => {
    if (!(VAT_RATES as readonly number[]).includes(discount.vatRatePercent)) {
      throw new Invalid(`discounts.${index}.vatRatePercent is not a Dutch VAT rate (0, 9 or 21)`, [
        { field: `discounts.${index}.vatRatePercent`, message: 'is not 0, 9 or 21' },
      ]);
    }
  });
  return withDiscounts(items, input.discounts ?? [], input.invoiceDiscount ?? null);
}

/**
 * Items: a whole positive quantity, a price of at least 0, a Dutch VAT rate. A minus is refused with
 * the field named (a discount is a discount line, decision 0021), never dropped.
 */
function checkLines(lines: InvoiceLineInput[]): InvoiceLineInput[] {
  if (lines.length === 0)
    throw new Invalid('lines is empty', [{ field: 'lines', message: 'needs at least one line' }]);
  lines.forEach((line, index) => {
    if (!(VAT_RATES as readonly number[]).includes(line.vatRatePercent)) {
      throw new Invalid(`lines.${index}.vatRatePercent is not a Dutch VAT rate (0, 9 or 21)`, [
        { field: `lines.${index}.vatRatePercent`, message: 'is not 0, 9 or 21' },
      ]);
    }
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw new Invalid(`lines.${index}.quantity must be a whole number of at least 1`, [
        {
          field: `lines.${index}.quantity`,
          message: 'must be at least 1; give a discount as a discount line',
        },
      ]);
    }
    if (!Number.isInteger(line.unitPriceCents) || line.unitPriceCents < 0) {
      throw new Invalid(`lines.${index}.unitPriceCents must not be negative`, [
        {
          field: `lines.${index}.unitPriceCents`,
          message: 'must not be negative; give a discount as a discount line',
        },
      ]);
    }
  });
  // Amounts are stored as PostgreSQL integers: a total beyond that answered 500.
  const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
  if (total > MAX_CENTS) {
    throw new Invalid('lines add up to more than one invoice can hold', [
      { field: 'lines', message: `add up to more than ${MAX_CENTS} cents` },
    ]);
  }
  return lines.map((line) => ({
    description: line.description.trim(),
    quantity: line.quantity,
    unitPriceCents: line.unitPriceCents,
    vatRatePercent: line.vatRatePercent,
  }));
}

/** The clinic's date now, in its own time zone: an invoice made at 00:30 in Amsterdam is dated that day. */
async function clinicToday(scope: Scope): Promise<string> {
  const [row] = await scope.tx.select({ timeZone: clinic.timeZone }).from(clinic).limit(1);
  return new Intl.DateTimeFormat('en-CA', { timeZone: row?.timeZone ?? 'Europe/Amsterdam' }).format(
    scope.now,
  );
}
