import {
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { location, staff } from '../../db/schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Financial records (SPEC 8, P9.3): invoices with legally sequential numbers and VAT per line,
 * credit notes, and payments. They are kept seven years after their date, also after the client's
 * dossier is erased or destroyed, so `client_id` is the client's pseudonymous id without a foreign
 * key, and the invoice holds its own copy of what the law needs on it (name and address). An issued
 * invoice never changes: a correction is a credit note that refers to it (migration 0035's trigger).
 * Amounts are cents, VAT included, as the catalogue's prices are.
 */
export const invoice = pgTable(
  'invoice',
  {
    id: uuid('id').primaryKey(),
    /**
     * `2026-000123`: the year and a number without gaps within it (invoice_counter); a location with
     * an invoice prefix has a series of its own, `AMS-2026-000001` (migration 0056).
     */
    number: text('number').notNull(),
    kind: text('kind', { enum: ['invoice', 'credit_note'] }).notNull(),
    /** For a credit note: the invoice it corrects. */
    creditFor: uuid('credit_for'),
    issuedOn: date('issued_on').notNull(),
    clientId: uuid('client_id').notNull(),
    clientName: text('client_name').notNull(),
    clientAddress: text('client_address'),
    totalCents: integer('total_cents').notNull(),
    vatCents: integer('vat_cents').notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => staff.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull(),
    /** The location it was issued for (its series, reports per location); null: the clinic as a whole. */
    locationId: uuid('location_id').references(() => location.id),
  },
  (t) => [
    unique('invoice_number').on(t.number),
    index('invoice_location').on(t.locationId, t.issuedOn),
    index('invoice_client').on(t.clientId),
    index('invoice_issued').on(t.issuedOn),
  ],
);

export const invoiceLine = pgTable(
  'invoice_line',
  {
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoice.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** An item, or a discount (decision 0021): a negative amount lowering the VAT base of its rate. */
    kind: text('kind', { enum: ['item', 'discount'] })
      .notNull()
      .default('item'),
    description: text('description').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    vatRatePercent: integer('vat_rate_percent').notNull(),
    totalCents: integer('total_cents').notNull(),
    vatCents: integer('vat_cents').notNull(),
  },
  (t) => [unique('invoice_line_position').on(t.invoiceId, t.position)],
);

export const invoicePayment = pgTable(
  'invoice_payment',
  {
    id: uuid('id').primaryKey(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoice.id, { onDelete: 'cascade' }),
    method: text('method', { enum: ['card', 'cash', 'ideal', 'transfer'] }).notNull(),
    amountCents: integer('amount_cents').notNull(),
    paidOn: date('paid_on').notNull(),
    reference: text('reference'),
    recordedBy: uuid('recorded_by').references(() => staff.id, { onDelete: 'set null' }),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [index('invoice_payment_invoice').on(t.invoiceId)],
);

/**
 * The last number given out per series and year; its row lock makes numbers gapless and in order.
 * The series is a location's invoice prefix, or '' for the clinic's own (migration 0056).
 */
export const invoiceCounter = pgTable(
  'invoice_counter',
  {
    series: text('series').notNull().default(''),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ name: 'invoice_counter_pkey', columns: [t.series, t.year] })],
);
